import Glibc
import NNFiles
import NNShell
import NNSession
import NNLanguage
import Synchronization

/// The signal dispositions nnstep sets before it reads its first line, in every mode.
///
/// ```
/// SIGINT           Interrupt.request(): train and gradcheck stop after the current iteration,
///                  a replayed script after the current command; until the terminal prompt
///                  starts, a second Ctrl-C before the first was answered ends nnstep
/// SIGHUP SIGTERM SIGQUIT SIGUSR1 SIGUSR2 SIGALRM SIGPIPE SIGXCPU SIGVTALRM SIGPROF
/// SIGIO SIGPWR SIGSTKFLT, SIGRTMIN … SIGRTMAX
///                  (every signal whose default action ends the process and that comes from
///                  outside): the temporary file of a save in progress is removed, then the
///                  default action, so `nnstep … | head` still ends quietly on SIGPIPE
/// SIGXFSZ          ignored: past `ulimit -f` a write fails with EFBIG and save reports it
/// ```
/// 1. Everything a handler touches (the interrupt flag, the temporary-file slot,
///    `endsOnSecondInterrupt`, the main thread's id) is initialised before the first
///    handler is installed; the handlers then only load and store atomics and call
///    `unlink`, `pthread_kill`, `signal` and `raise`, all async-signal-safe.
/// 2. Ending from a handler restores the default action and re-raises, so the
///    parent sees death by the signal (status 128 + n), as without nnstep's handler.
/// 3. The kernel may hand a process-wide signal to any thread that does not hold it,
///    OpenBLAS's included. A handler on another thread sends the signal on to the main
///    thread and returns: only there does `PendingTemporaryFile.withSignalsHeld` keep
///    a handler from running between the creation of a temporary file and its record.
/// 4. Faults (SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP, SIGABRT, SIGSYS) keep the
///    runtime's handling; a crash in a save leaves at most a temporary file with a
///    name, which the next save into that folder removes.
enum ProcessSignals {
    /// Whether a second Ctrl-C, arriving while the first is still unanswered, ends the process:
    /// true until the terminal prompt starts (there Ctrl-C drops the typed line instead).
    static let endsOnSecondInterrupt = Atomic<Bool>(true)

    /// The thread that runs the shell and every save (see 3.); set once, before any handler.
    nonisolated(unsafe) private static var mainThread = pthread_self()

    /// The signals handled by removing the temporary file and ending (see the table).
    static var terminating: [Int32] {
        [SIGHUP, SIGTERM, SIGQUIT, SIGUSR1, SIGUSR2, SIGALRM, SIGPIPE, SIGXCPU, SIGVTALRM, SIGPROF,
         SIGPOLL, SIGPWR, SIGSTKFLT] + Array(__libc_current_sigrtmin()...__libc_current_sigrtmax())
    }

    static func install() {
        _ = Interrupt.isRequested
        _ = endsOnSecondInterrupt.load(ordering: .sequentiallyConsistent)
        mainThread = pthread_self()
        PendingTemporaryFile.prepare()
        signal(SIGXFSZ, SIG_IGN)
        handle(SIGINT) { signal in
            guard ProcessSignals.onMainThread(signal) else { return }
            if Interrupt.isRequested && ProcessSignals.endsOnSecondInterrupt.load(ordering: .sequentiallyConsistent) {
                ProcessSignals.end(signal)
            }
            Interrupt.request()
        }
        for number in terminating {
            handle(number) { signal in
                guard ProcessSignals.onMainThread(signal) else { return }
                ProcessSignals.end(signal)
            }
        }
    }

    /// Installs `handler` with SA_RESTART, so output in progress is not cut.
    private static func handle(_ number: Int32, _ handler: @convention(c) (Int32) -> Void) {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = handler
        sigemptyset(&action.sa_mask)
        action.sa_flags = SA_RESTART
        sigaction(number, &action, nil)
    }

    /// True on the main thread; elsewhere sends `number` on to it (see 3.) and returns false.
    private static func onMainThread(_ number: Int32) -> Bool {
        if pthread_equal(pthread_self(), mainThread) != 0 { return true }
        pthread_kill(mainThread, number)
        return false
    }

    /// Removes a half-written temporary file and dies by `number` (see 2.).
    private static func end(_ number: Int32) {
        PendingTemporaryFile.removeNow()
        signal(number, SIG_DFL)
        raise(number)
    }
}
