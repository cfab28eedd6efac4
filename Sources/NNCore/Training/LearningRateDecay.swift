/// How the learning rate falls from epoch to epoch: the course's `update_lr`
/// and `schedule_lr_decay`.
///
/// ```
/// inverse    α = 1/(1 + rate·epoch) · α0
/// scheduled  α = 1/(1 + rate·⌊epoch / K⌋) · α0
/// ```
public enum LearningRateDecay: Equatable, Sendable {
    case inverse(rate: Double)
    case scheduled(rate: Double, interval: Int)

    /// The course's `time_interval`.
    public static let defaultInterval = 1000

    public var name: String {
        switch self {
        case .inverse: return "inverse"
        case .scheduled: return "scheduled"
        }
    }

    /// The rate after epoch `epoch` (0-based), from α0, in the course's order of operations.
    public func learningRate(_ alpha0: Double, afterEpoch epoch: Int) -> Double {
        switch self {
        case let .inverse(rate):
            return 1 / (1 + rate * Double(epoch)) * alpha0
        case let .scheduled(rate, interval):
            return 1 / (1 + rate * Double(epoch / interval)) * alpha0
        }
    }
}
