/// A numpy array of any rank, stored in C order (row-major), with numpy's dtype.
///
/// The learner's own values live here: a number is 0-D (`shape == []`), `[1, 2, 3]` is 1-D
/// (`[3]`), `[[1, 2, 3]]` is 1×3, and the Step-by-Step notebook's images are 4-D
/// (m, n_H, n_W, n_C). The network's caches stay `Matrix` (always 2-D); `init(_:)` and
/// `matrix` move a 2-D value between the two without copying more than once.
///
/// ```
/// element (i0, i1, …, ik)  ↦  storage[i0·s0 + i1·s1 + … + ik·sk],  s_k = 1, s_j = s_{j+1}·shape[j+1]
/// ```
///
/// 1. Every dtype is held as `Double`: a bool as 0 or 1, an int64 as its whole value (exact up
///    to 2^53, which covers every index, count and shape). The dtype decides printing and
///    numpy's promotion rules (`DType.promoted`), not the storage.
public struct NDArray: Equatable, Sendable {
    /// The size of each axis (numpy's `shape`); empty for a 0-D value.
    public private(set) var shape: [Int]
    /// The elements in C order; `storage.count == shape.product`.
    public var storage: [Double]
    /// numpy's dtype (see 1.).
    public var dtype: DType

    /// An array over the given C-order elements.
    public init(shape: [Int], storage: [Double], dtype: DType = .float64) {
        precondition(shape.allSatisfy { $0 >= 0 }, "NDArray: negative shape \(shape)")
        precondition(storage.count == shape.reduce(1, *),
                     "NDArray: \(storage.count) elements do not fill \(shape)")
        self.shape = shape
        self.storage = storage
        self.dtype = dtype
    }

    /// An array with every element equal to `value`.
    public init(shape: [Int], repeating value: Double = 0, dtype: DType = .float64) {
        self.init(shape: shape, storage: Array(repeating: value, count: shape.reduce(1, *)), dtype: dtype)
    }

    /// A 0-D value, numpy's `np.float64(x)` (or `np.int64`, `np.bool_` by `dtype`).
    public init(scalar value: Double, dtype: DType = .float64) {
        self.init(shape: [], storage: [value], dtype: dtype)
    }

    /// A 2-D float64 array holding a matrix's elements.
    public init(_ m: Matrix) {
        self.init(shape: [m.rows, m.cols], storage: m.storage, dtype: .float64)
    }
}

/// numpy's dtypes that nnstep keeps apart: what prints and promotes differently.
public enum DType: String, Equatable, Sendable, CaseIterable {
    case bool
    case int64
    case float64

    /// The dtype numpy gives an arithmetic result of two arrays (`np.result_type`).
    public static func promoted(_ a: DType, _ b: DType) -> DType {
        switch (a, b) {
        case (.float64, _), (_, .float64): return .float64
        case (.int64, _), (_, .int64): return .int64
        default: return .bool
        }
    }
}

// MARK: - Shape

extension NDArray {
    /// numpy's `ndim`.
    public var rank: Int { shape.count }

    /// numpy's `size`.
    public var count: Int { storage.count }

    /// The C-order strides, in elements.
    public var strides: [Int] {
        var out = [Int](repeating: 1, count: shape.count)
        var s = 1
        for k in stride(from: shape.count - 1, through: 0, by: -1) {
            out[k] = s
            s *= shape[k]
        }
        return out
    }

    /// The same elements under another shape with as many of them (numpy's `reshape` of a C-order array).
    public func reshaped(_ newShape: [Int]) -> NDArray {
        precondition(newShape.reduce(1, *) == count, "NDArray.reshaped: \(shape) has \(count) elements, not \(newShape)")
        var out = self
        out.shape = newShape
        return out
    }

    /// The value as a `Matrix` when it is 2-D, else nil (bools and ints as their 0/1 and whole values).
    public var matrix: Matrix? {
        rank == 2 ? Matrix(rows: shape[0], cols: shape[1], storage: storage) : nil
    }

    /// Whether every element is finite (no nan, no ±inf).
    public var isFinite: Bool { storage.allSatisfy { $0.isFinite } }
}
