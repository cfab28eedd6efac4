import NNLanguage
/// A command as it ran, which `history`, `save FILE.nnscript` and `export` record.
///
/// Mostly the command typed. When Ctrl-C stopped it short, it is what did run, marked so:
///
/// ```
/// typed                     recorded
/// train 1000000000 0.1      train 137000 0.1  # stopped     the iterations that ran
/// gradcheck                 gradcheck  # stopped            it changes nothing, so replaying it is the same
/// run lesson.nnscript       run lesson.nnscript  # stopped  the commands that ran are recorded one by one
/// ```
/// Replaying the record gives the same parameters as the session that wrote it.
package struct RecordedCommand: Equatable {
    package var command: Command
    /// Whether Ctrl-C stopped the command before it finished.
    package var stopped = false

    /// The mark a stopped command's line ends with (a comment, so the line parses as `command`).
    package static let stoppedMark = "  # stopped"

    package init(command: Command, stopped: Bool = false) {
        self.command = command
        self.stopped = stopped
    }
}

extension RecordedCommand: CustomStringConvertible {
    package var description: String {
        command.description + (stopped ? Self.stoppedMark : "")
    }
}
