#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// The temporary file a save is writing, kept where a signal handler can remove it.
///
/// ```
/// AtomicWrite:  withSignalsHeld { arm(DIR/.NAME.tmp-…); create or link it }  →  write, fsync, rename  →  disarm()
/// a signal that ends the process (see ProcessSignals):  removeNow()  →  the default action
/// ```
/// 1. The path is copied into a buffer allocated once, before any handler is
///    installed (`prepare()`), so `removeNow()` only reads memory and calls
///    `unlink`, both async-signal-safe.
/// 2. Only one save runs at a time (the shell is single-threaded), so one slot suffices.
/// 3. The name is created and recorded with every signal held, so no handler runs
///    between the two: a signal that arrives then waits, and finds the name recorded.
///    (SIGHUP once left a temporary file by arriving just after `open`, before `arm`.)
///    Signals are held only on the calling thread; ProcessSignals sends any signal
///    another thread (OpenBLAS's) receives on to the main thread, the one that saves.
public enum PendingTemporaryFile {
    /// PATH_MAX bytes and the terminating NUL.
    private static let capacity = 4097
    /// Written only by `arm`, on the shell's one thread; read by `removeNow` (see 1.).
    nonisolated(unsafe) private static let buffer: UnsafeMutablePointer<CChar> = {
        let p = UnsafeMutablePointer<CChar>.allocate(capacity: capacity)
        p.initialize(repeating: 0, count: capacity)
        return p
    }()
    private static let armed = Atomic<Bool>(false)

    /// Allocates the buffer; call before installing a handler that uses `removeNow()`.
    public static func prepare() {
        _ = buffer
        _ = armed.load(ordering: .sequentiallyConsistent)
    }

    /// Records `path` as the file to remove if the process is killed now.
    public static func arm(_ path: String) {
        armed.store(false, ordering: .sequentiallyConsistent)
        let bytes = Array(path.utf8.prefix(capacity - 1))
        for (k, b) in bytes.enumerated() { buffer[k] = CChar(bitPattern: b) }
        buffer[bytes.count] = 0
        armed.store(bytes.count == path.utf8.count, ordering: .sequentiallyConsistent)
    }

    /// The file was renamed into place or removed: nothing to clean up.
    public static func disarm() {
        armed.store(false, ordering: .sequentiallyConsistent)
    }

    /// Runs `body` with every signal held on this thread (see 3.).
    public static func withSignalsHeld<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        var all = sigset_t()
        var saved = sigset_t()
        sigfillset(&all)
        pthread_sigmask(SIG_BLOCK, &all, &saved)
        defer { pthread_sigmask(SIG_SETMASK, &saved, nil) }
        return try body()
    }

    /// Removes the armed file, if any (async-signal-safe).
    public static func removeNow() {
        if armed.exchange(false, ordering: .sequentiallyConsistent) { unlink(buffer) }
    }
}
