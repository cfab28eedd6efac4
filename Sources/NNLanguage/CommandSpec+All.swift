import NNCore

// MARK: - The table

extension CommandSpec {
    /// Every command, in the order `help` lists them. Each is defined, word, help, parse and
    /// all, in its family's file under `Commands/`.
    package static let all: [CommandSpec] = [
        .net, .act, .loss, .seed, .initialize, .dataset, .assignment,
        .forward, .cost, .backward, .step, .train,
        .regularize, .dropout, .optimizer, .minibatch, .decay, .batchnorm,
        .predict, .accuracy, .show, .set, .explain, .diagram, .plot, .trace,
        .gradcheck, .undo, .redo, .expect,
        .save, .export, .load, .run,
        .reset, .history, .help, .clear, .quit,
    ]
}

// MARK: - Each command's entry

extension Command {
    /// The command's entry in `CommandSpec.all`, which names it, says what it does to the
    /// session and parses it back from its text.
    package var spec: CommandSpec {
        switch self {
        case .net: return .net
        case .act: return .act
        case .loss: return .loss
        case .seed: return .seed
        case .initialize: return .initialize
        case .dataset: return .dataset
        case .assign, .assignElement: return .assignment
        case .forward: return .forward
        case .cost: return .cost
        case .backward: return .backward
        case .step: return .step
        case .train: return .train
        case .regularize: return .regularize
        case .dropout: return .dropout
        case .optimizer: return .optimizer
        case .minibatch: return .minibatch
        case .decay: return .decay
        case .batchnorm: return .batchnorm
        case .predict: return .predict
        case .accuracy: return .accuracy
        case .show: return .show
        case .setPrecision, .setMaxElements, .setLineWidth, .setOutput: return .set
        case .explain: return .explain
        case .diagram: return .diagram
        case .plot: return .plot
        case .trace: return .trace
        case .expect: return .expect
        case .gradcheck: return .gradcheck
        case .save: return .save
        case .export: return .export
        case .load: return .load
        case .run: return .run
        case .reset, .resetDefault: return .reset
        case .history: return .history
        case .undo: return .undo
        case .redo: return .redo
        case .help: return .help
        case .clear: return .clear
        case .quit: return .quit
        }
    }

    /// The word the command's line starts with (`=` for an assignment): its spec's name.
    package var word: String { spec.name }

    /// What the command's spec says running it does to the session.
    package var effect: CommandSpec.Effect { spec.effect }
}
