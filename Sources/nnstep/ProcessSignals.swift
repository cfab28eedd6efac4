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
/// SIGTERM, SIGHUP  the temporary file of a save in progress is removed, then the default action
/// SIGXFSZ          ignored: past `ulimit -f` a write fails with EFBIG and save reports it
/// SIGPIPE          the default action, so `nnstep … | head` ends quietly
/// ```
/// 1. Everything a handler touches (the interrupt flag, the temporary-file slot,
///    `endsOnSecondInterrupt`) is initialised before the first handler is installed.
/// 2. Ending from a handler restores the default action and re-raises, so the
///    parent sees death by the signal (status 128 + n), as without nnstep's handler.
enum ProcessSignals {
    /// Whether a second Ctrl-C, arriving while the first is still unanswered, ends the process:
    /// true until the terminal prompt starts (there Ctrl-C drops the typed line instead).
    static let endsOnSecondInterrupt = Atomic<Bool>(true)

    static func install() {
        _ = Interrupt.isRequested
        _ = endsOnSecondInterrupt.load(ordering: .sequentiallyConsistent)
        PendingTemporaryFile.prepare()
        signal(SIGPIPE, SIG_DFL)
        signal(SIGXFSZ, SIG_IGN)
        handle(SIGINT) { signal in
            if Interrupt.isRequested && ProcessSignals.endsOnSecondInterrupt.load(ordering: .sequentiallyConsistent) {
                ProcessSignals.end(signal)
            }
            Interrupt.request()
        }
        for terminating in [SIGTERM, SIGHUP] {
            handle(terminating) { signal in ProcessSignals.end(signal) }
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

    /// Removes a half-written temporary file and dies by `number` (see 2.).
    private static func end(_ number: Int32) {
        PendingTemporaryFile.removeNow()
        signal(number, SIG_DFL)
        raise(number)
    }
}
