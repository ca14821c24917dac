import Foundation
import StabilityTestSupport
import Testing

/// Issue 31.6–7: a post counts as delivered only on a 2xx from the
/// configured URL — redirects are reported, never followed — and the
/// webhook's secret is in no message, however the server echoes it.
@Suite struct NotifyDeliveryTests {
  static let entry = "notify: [{name: hook, type: webhook, url_env: HOOK_URL}]"

  @Test(arguments: [301, 302, 303, 307, 308])
  func aRedirectIsAFailedPostNamingTheStatusAndHost(status: Int) throws {
    let elsewhere = try LoopbackReceiver()
    let redirecting = try LoopbackReceiver { _, _ in
      .redirect(status, location: "http://localhost:\(elsewhere.port)/next?key=s3cr3t", body: "")
    }
    let (workspace, _) = try NotifyTests().project(notify: Self.entry)
    let secret = "/hooks/T0SECRET/xoxb-redirected"
    let tested = try CommandRunner.run(
      ["notify", "--test", "hook"], in: workspace.directory,
      environment: ["HOOK_URL": redirecting.url(secret)])
    #expect(tested.status == 1)
    #expect(
      tested.stderr.contains(
        "notify `hook` (webhook): the server answered HTTP \(status), a redirect to host "
          + "localhost, which is not followed"), "\(tested.stderr)")
    #expect(!tested.stderr.contains("s3cr3t") && !tested.stderr.contains("T0SECRET"))
    #expect(redirecting.requests.map(\.method) == ["POST"])
    #expect(elsewhere.requests.isEmpty)
  }

  /// A run whose post is redirected exits 1 and keeps the entry's snapshot:
  /// the next run, to a URL that answers 200, posts the same first digest.
  @Test func aRedirectedRunPostsItsChangesAgainNextTime() throws {
    let redirecting = try LoopbackReceiver { _, _ in
      .redirect(302, location: "http://localhost:9/elsewhere", body: "moved")
    }
    let receiver = try LoopbackReceiver()
    let (workspace, _) = try NotifyTests().project(notify: Self.entry)
    let redirected = try CommandRunner.run(
      ["run"], in: workspace.directory, environment: ["HOOK_URL": redirecting.url("/hook")])
    #expect(redirected.status == 1, "\(redirected.stderr)")
    #expect(redirected.stderr.contains("the next run posts these changes again"))
    let delivered = try CommandRunner.run(
      ["run"], in: workspace.directory, environment: ["HOOK_URL": receiver.url("/hook")])
    #expect(delivered.status == 0, "\(delivered.stderr)")
    let items = receiver.requests.last?.json?["first_run"] as? Bool
    #expect(
      items == true, "\(String(decoding: receiver.requests.last?.body ?? Data(), as: UTF8.self))")
  }

  /// Servers that echo the path they were sent: raw, percent-encoded in
  /// upper or lower case, twice encoded, or with dot segments resolved.
  @Test(arguments: [
    "Cannot POST /echo404/HookSecretC", "Cannot POST /echo404/Hook%53ecretC",
    "Cannot POST /echo404/hook%73ecretc", "Cannot POST /echo404/Hook%2553ecretC",
    "Cannot POST /HookSecretC",
  ])
  func aSecretEchoedInAnyFormIsNeverPrinted(echo: String) throws {
    let echoing = try LoopbackReceiver { _, _ in .status(404, echo) }
    let (workspace, _) = try NotifyTests().project(notify: Self.entry)
    let tested = try CommandRunner.run(
      ["notify", "--test", "hook"], in: workspace.directory,
      environment: ["HOOK_URL": echoing.url("/echo404/./../echo404/HookSecretC")])
    #expect(tested.status == 1)
    #expect(
      tested.stderr.contains(
        "the server refused the post with HTTP 404 (its answer is not shown: it repeats part "
          + "of the secret URL)"), "\(tested.stderr)")
    #expect(!tested.stderr.lowercased().contains("secret%") && !tested.stderr.contains("SecretC"))
    // An answer that repeats nothing of the URL is shown.
    let plain = try LoopbackReceiver { _, _ in .status(400, "invalid_payload") }
    let refused = try CommandRunner.run(
      ["notify", "--test", "hook"], in: workspace.directory,
      environment: ["HOOK_URL": plain.url("/echo404/HookSecretC")])
    #expect(refused.stderr.contains("HTTP 400: invalid_payload"), "\(refused.stderr)")
  }
}
