import NNLanguage
import Synchronization

/// A request to stop the running command, set by Ctrl-C.
///
/// The terminal's SIGINT handler calls `request()`; long commands (`train`,
/// `gradcheck`) poll `consume()` between iterations and stop cleanly, keeping
/// the parameters of the last finished iteration.
///
/// 1. The flag is a lock-free atomic, so setting it from a C signal handler is
///    safe: no allocation, no lock, no Swift runtime call beyond the store.
/// 2. The handler must be installed only after `isRequested` has been read once,
///    so the static's one-time initialisation never runs inside the handler.
public enum Interrupt {
    /// Whether Ctrl-C arrived since the last `consume()`.
    private static let flag = Atomic<Bool>(false)

    /// Marks the running command as interrupted (async-signal-safe).
    public static func request() {
        flag.store(true, ordering: .sequentiallyConsistent)
    }

    /// True once after a request, then false until the next one.
    public static func consume() -> Bool {
        flag.exchange(false, ordering: .sequentiallyConsistent)
    }

    /// Whether a request is pending, without clearing it.
    public static var isRequested: Bool {
        flag.load(ordering: .sequentiallyConsistent)
    }
}
