import Foundation

#if DEBUG
  /// A debug check that one thread at a time uses an object: `enter` on a
  /// thread while another is inside stops the program, naming both uses.
  /// Calls nest on one thread; a thread may `borrow` it from one that waits.
  /// Debug builds only (the tests run them).
  final class ExclusiveUse: @unchecked Sendable {
    private let lock = NSLock()
    private var holder: pthread_t?
    private var depth = 0
    private var holderCaller: StaticString = ""
    private var lent: (holder: pthread_t?, depth: Int, caller: StaticString)?

    /// `caller` names the use, for the message.
    func enter(_ caller: StaticString) {
      lock.lock()
      defer { lock.unlock() }
      if let holder {
        precondition(
          pthread_equal(holder, pthread_self()) != 0,
          "the store is used from two threads at once: \(caller) while \(holderCaller)")
      } else {
        holder = pthread_self()
        holderCaller = caller
      }
      depth += 1
    }

    /// Takes the object over for this thread while the thread that holds it
    /// waits for this one without touching it (the import's writer thread,
    /// inside the reader's transaction); `giveBack` returns it.
    func borrow(_ caller: StaticString) {
      lock.lock()
      defer { lock.unlock() }
      precondition(lent == nil, "the store is lent twice at once")
      lent = (holder, depth, holderCaller)
      (holder, depth, holderCaller) = (pthread_self(), 0, caller)
    }

    func giveBack() {
      lock.lock()
      defer { lock.unlock() }
      precondition(depth == 0, "the store is given back while in use")
      if let lent { (holder, depth, holderCaller) = lent }
      lent = nil
    }

    func leave() {
      lock.lock()
      defer { lock.unlock() }
      depth -= 1
      if depth == 0 { holder = nil }
    }
  }
#endif
