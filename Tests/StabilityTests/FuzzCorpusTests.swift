import Foundation
import FuzzProperties
import Testing

/// Replays every input the fuzzers kept (Fuzz/Corpus/<property>/) through the
/// same properties `make fuzz` checks.
@Suite struct FuzzCorpusTests {
  static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Fuzz/Corpus")

  @Test(arguments: FuzzProperties.all.map(\.name))
  func everyKeptInputStillHoldsItsProperty(property: String) throws {
    let check = try #require(FuzzProperties.all.first { $0.name == property }?.check)
    let folder = Self.corpus.appendingPathComponent(property)
    let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
    #expect(!files.isEmpty, "no corpus for \(property)")
    for file in files.sorted() {
      let bytes = [UInt8](try Data(contentsOf: folder.appendingPathComponent(file)))
      #expect(check(bytes), "\(property) fails on Fuzz/Corpus/\(property)/\(file)")
    }
  }
}
