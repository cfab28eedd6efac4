import NNCore
import NNLanguage
#if canImport(Glibc)
import Glibc
#endif

/// Working out a numpy expression against the session's values.
///
/// 1. Products go through `Matrix.dot`, the product the stages use, and a `.T`
///    on an operand of `np.dot` becomes the product's transpose flag, as the stages
///    form dZ·Aᵀ and Wᵀ·dZ: so `np.dot(W1, X) + b1` and `1./m * np.dot(dZ1, X.T)`
///    give the session's Z1 and dW1 bit for bit.
/// 2. Sums add in numpy's order (`Matrix.sum(axis:keepdims:)`), so
///    `1./m * np.sum(dZ1, axis=1, keepdims=True)` is the session's db1.
/// 3. Every new matrix is checked against the size limit before it is made, and
///    against the session's memory budget together with the matrices the session holds
///    and the intermediate results of this expression still alive (`working`, in
///    elements): in `a * a.T + a * a.T` the left product is held while the right one is
///    made. A result that shares a stored matrix (a name, `+E`, `np.array(E)`) costs nothing.
/// 4. A value form at the top of `=` or `expect` is worked out by the same walk, as a value
///    (`SessionState+Values.swift`): a literal's elements and a scale must be finite, and a
///    name is checked against the limits as a new matrix would be; its `.T` is the transpose here.
extension SessionState {
    /// The matrix `e` stands for; `working` elements of intermediate results are alive beside it
    /// (see 3.). `asValue`: `e` is a value form, worked out as a value (see 4.).
    mutating func evaluate(_ e: Expression, beside working: Int = 0, asValue: Bool = false) throws(SessionError) -> Matrix {
        switch e {
        case let .number(x):
            return asValue ? try checkedLiteral(Matrix(scalar: x), beside: working) : Matrix(scalar: x)
        case let .matrix(m):
            if asValue { return try checkedLiteral(m, beside: working) }
            try checkSize(m.rows, m.cols, beside: working)
            return m
        case let .name(name, _):
            let m = try value(name, current: false)
            if asValue { try checkSize(m.rows, m.cols, beside: working) }
            return m
        case let .generator(g):
            return try generate(g, beside: working)
        case let .unary(op, inner):
            let m = try evaluate(inner, beside: working)
            try checkSize(m.rows, m.cols, beside: working + inner.held(m))
            return op == .negate ? -m : m
        case let .binary(op, l, r, at):
            if asValue, let (inner, scaleOp, s) = e.scaling { return try scaled(inner, scaleOp, s, beside: working) }
            if op == .matmul { return try product("@", l, r, at: at, strict: true, beside: working) }
            return try elementwise(op.rawValue, l, r, at: at, beside: working, op.function)
        case let .call(call):
            return try evaluate(call, beside: working)
        case let .transpose(inner):
            let m = try evaluate(inner, beside: working)
            try checkSize(m.rows, m.cols, beside: working + inner.held(m))
            return m.T
        case let .shape(inner, axis, _):
            let m = try evaluate(inner, beside: working)
            return Matrix(scalar: Double(axis == 0 || axis == -2 ? m.rows : m.cols))
        case let .index(inner, items, at):
            return try subscripted(inner, items, at: at, beside: working)
        }
    }

    /// Two operands broadcast together and combined element by element.
    private mutating func elementwise(_ op: String, _ l: Expression, _ r: Expression, at: Place, beside working: Int,
                                      _ f: (Double, Double) -> Double) throws(SessionError) -> Matrix {
        let a = try evaluate(l, beside: working)
        let b = try evaluate(r, beside: working + l.held(a))
        guard let (rows, cols) = Matrix.broadcastShape(a, b) else {
            throw .broadcast(op: op, left: Operand(l.description, a.rows, a.cols),
                             right: Operand(r.description, b.rows, b.cols), at: at.position)
        }
        try checkSize(rows, cols, beside: working + l.held(a) + r.held(b))
        return Matrix.broadcast(a, b, f)
    }

    /// `np.dot`, `np.matmul` and `@`; `strict: false` lets a 1×1 value scale, as `np.dot` does with a scalar.
    private mutating func product(_ function: String, _ l: Expression, _ r: Expression, at: Place,
                                  strict: Bool, beside working: Int) throws(SessionError) -> Matrix {
        let (a, ta, heldA) = try maybeTransposed(l, beside: working)
        let (b, tb, heldB) = try maybeTransposed(r, beside: working + heldA)
        let am = ta ? a.cols : a.rows, ak = ta ? a.rows : a.cols
        let bk = tb ? b.cols : b.rows, bn = tb ? b.rows : b.cols
        let alive = working + heldA + heldB
        guard ak == bk else {
            if !strict, a.count == 1 || b.count == 1 {
                if ta { try checkSize(a.cols, a.rows, beside: alive) }
                if tb { try checkSize(b.cols, b.rows, beside: alive + (ta ? a.count : 0)) }
                let x = ta ? a.T : a, y = tb ? b.T : b
                try checkSize(Swift.max(x.rows, y.rows), Swift.max(x.cols, y.cols),
                              beside: alive + (ta ? a.count : 0) + (tb ? b.count : 0))
                return Matrix.broadcast(x, y, *)
            }
            throw .productShapes(function: function, left: Operand(l.description, am, ak),
                                 right: Operand(r.description, bk, bn), at: at.position)
        }
        try checkSize(am, bn, beside: alive)
        return Matrix.dot(a, b, transposeA: ta, transposeB: tb)
    }

    /// `E.T` as (E, true), anything else as (value, false) (see 1.), with the elements it holds (see 3.).
    private mutating func maybeTransposed(_ e: Expression, beside working: Int) throws(SessionError) -> (Matrix, Bool, Int) {
        if case let .transpose(inner) = e {
            let m = try evaluate(inner, beside: working)
            return (m, true, inner.held(m))
        }
        let m = try evaluate(e, beside: working)
        return (m, false, e.held(m))
    }
}

// MARK: - What an intermediate result holds

extension Expression {
    /// Whether working it out makes a new matrix, rather than handing on one the session or the command holds.
    var allocates: Bool {
        switch self {
        case .number, .matrix, .name: return false
        case let .unary(.plus, inner): return inner.allocates
        case let .call(call) where call.function == .float64 || call.function == .array:
            return call.arguments[0].allocates
        default: return true
        }
    }

    /// The elements `m`, this expression's value, adds to what is alive (see 3.).
    func held(_ m: Matrix) -> Int { allocates ? m.count : 0 }
}

// MARK: - Calls

extension SessionState {
    private mutating func evaluate(_ call: Call, beside working: Int) throws(SessionError) -> Matrix {
        let args = call.arguments
        let name = call.function.rawValue
        let w = working
        switch call.function {
        case .dot: return try product(name, args[0], args[1], at: call.at, strict: false, beside: w)
        case .matmul: return try product(name, args[0], args[1], at: call.at, strict: true, beside: w)
        case .multiply: return try elementwise(name, args[0], args[1], at: call.at, beside: w, *)
        case .divide: return try elementwise(name, args[0], args[1], at: call.at, beside: w, /)
        case .add: return try elementwise(name, args[0], args[1], at: call.at, beside: w, +)
        case .subtract: return try elementwise(name, args[0], args[1], at: call.at, beside: w, -)
        case .power: return try elementwise(name, args[0], args[1], at: call.at, beside: w, BinaryOperator.power.function)
        case .maximum: return try elementwise(name, args[0], args[1], at: call.at, beside: w, Matrix.maximum)
        case .minimum: return try elementwise(name, args[0], args[1], at: call.at, beside: w, Matrix.minimum)
        case .where:
            let c = try evaluate(args[0], beside: w)
            let a = try evaluate(args[1], beside: w + args[0].held(c))
            let b = try evaluate(args[2], beside: w + args[0].held(c) + args[1].held(a))
            let alive = w + args[0].held(c) + args[1].held(a) + args[2].held(b)
            func size(_ x: Int, _ y: Int) -> Int? { x == y || y == 1 ? x : (x == 1 ? y : nil) }
            guard let r1 = size(c.rows, a.rows), let c1 = size(c.cols, a.cols),
                  let rows = size(r1, b.rows), let cols = size(c1, b.cols) else {
                throw .badArgument(function: name, detail: "the condition \(c.rows)×\(c.cols), "
                                   + "\(a.rows)×\(a.cols) and \(b.rows)×\(b.cols) cannot be broadcast together",
                                   at: call.at.position)
            }
            try checkSize(rows, cols, beside: alive)
            return Matrix.broadcast(c, a, b) { $0 != 0 ? $1 : $2 }
        case .reluBackward, .sigmoidBackward:
            let dA = try evaluate(args[0], beside: w)
            let z = try evaluate(args[1], beside: w + args[0].held(dA))
            guard dA.hasSameShape(as: z) else {
                throw .badArgument(function: name, detail: "dA is \(dA.rows)×\(dA.cols) but Z is \(z.rows)×\(z.cols); "
                                   + "they must have the same shape", at: call.at.position)
            }
            try checkSize(z.rows, z.cols, beside: w + args[0].held(dA) + args[1].held(z))
            return (call.function == .reluBackward ? Activation.relu : Activation.sigmoid).backward(dA, z)
        default:
            let m = try evaluate(args[0], beside: w)
            // a new matrix of m's shape, beside m
            if !call.function.reduces { try checkSize(m.rows, m.cols, beside: w + args[0].held(m)) }
            return try unary(call, m)
        }
    }

    /// The functions of one matrix.
    private func unary(_ call: Call, _ m: Matrix) throws(SessionError) -> Matrix {
        switch call.function {
        case .sum: return m.sum(axis: call.axis, keepdims: call.keepdims)
        case .mean: return m.mean(axis: call.axis, keepdims: call.keepdims)
        case .max: return m.extreme(largest: true, axis: call.axis, keepdims: call.keepdims)
        case .min: return m.extreme(largest: false, axis: call.axis, keepdims: call.keepdims)
        case .norm: return m.norm(axis: call.axis, keepdims: call.keepdims)
        case .exp: return m.map { Glibc.exp($0) }
        case .log: return m.map { Glibc.log($0) }
        case .sqrt: return m.map { $0.squareRoot() }
        case .abs: return m.map { Swift.abs($0) }
        case .tanh: return m.map { Glibc.tanh($0) }
        case .square: return m.map { $0 * $0 }
        case .relu: return Activation.relu.forward(m)
        case .sigmoid: return Activation.sigmoid.forward(m)
        case .zerosLike: return Matrix.zeros(m.rows, m.cols)
        case .onesLike: return Matrix.ones(m.rows, m.cols)
        case .transpose: return m.T
        case .squeeze:
            // numpy drops axes of size 1: (n, 1) becomes 1-D (n,), a 1×n row here.
            return m.cols == 1 ? m.T : m
        case .float64, .array: return m
        case .float32: return m.map { Double(Float($0)) }
        case .int64:
            if let bad = m.firstNonFinite {
                throw .badArgument(function: call.function.rawValue,
                                   detail: "\(m[bad.row, bad.col]) at [\(bad.row),\(bad.col)] has no whole-number value",
                                   at: call.at.position)
            }
            return m.map { $0.rounded(.towardZero) + 0.0 }   // + 0.0: an integer has no −0
        default:
            preconditionFailure("SessionState.unary: \(call.function) takes more than one matrix")
        }
    }
}

// MARK: - Subscripts

extension SessionState {
    /// `E[i, j]`, `E[:, 1:3]`, `E[:, [2]]`: numpy's rules, with a dropped axis giving a 1×n row.
    private mutating func subscripted(_ inner: Expression, _ items: [IndexItem], at: Place,
                                      beside working: Int) throws(SessionError) -> Matrix {
        let m = try evaluate(inner, beside: working)
        let alive = working + inner.held(m)
        let target = Operand(inner.description, m.rows, m.cols)
        func fail(_ detail: String) -> SessionError { .badSubscript(target: target, detail: detail, at: at.position) }
        func resolve(_ item: IndexItem, size: Int, axis: Int) throws(SessionError) -> (indices: [Int], dropped: Bool) {
            let what = axis == 0 ? "rows" : "columns"
            func index(_ i: Int) throws(SessionError) -> Int {
                let k = i < 0 ? i + size : i
                guard k >= 0, k < size else {
                    throw fail("index \(i) is outside axis \(axis), which has \(size) \(what) (0…\(size - 1))")
                }
                return k
            }
            switch item {
            case let .single(i): return ([try index(i)], true)
            case let .list(l):
                var out: [Int] = []
                for i in l { out.append(try index(i)) }
                return (out, false)
            case let .slice(start, stop, step):
                let picked = Self.slice(size: size, start, stop, step ?? 1)
                guard !picked.isEmpty else { throw fail("the slice \(item.text) selects none of its \(size) \(what)") }
                return (picked, false)
            }
        }
        let rows = try resolve(items[0], size: m.rows, axis: 0)
        let cols = items.count > 1 ? try resolve(items[1], size: m.cols, axis: 1) : (indices: Array(0..<m.cols), dropped: false)
        if case .list = items[0], items.count > 1, case .list = items[1] {
            // numpy pairs two lists element by element: M[[0, 1], [2, 3]] is [M[0,2], M[1,3]].
            let (r, c) = (rows.indices, cols.indices)
            guard r.count == c.count || r.count == 1 || c.count == 1 else {
                throw fail("the index lists have \(r.count) and \(c.count) entries, which cannot be paired")
            }
            let n = Swift.max(r.count, c.count)
            try checkSize(1, n, beside: alive)
            return Matrix(rows: 1, cols: n, storage: (0..<n).map { k in
                m[r[r.count == 1 ? 0 : k], c[c.count == 1 ? 0 : k]]
            })
        }
        try checkSize(rows.indices.count, cols.indices.count, beside: alive)
        let picked = m.selecting(rows: rows.indices, cols: cols.indices)
        guard rows.dropped || cols.dropped else { return picked }
        return Matrix(rows: 1, cols: picked.count, storage: picked.storage)   // numpy's 1-D, as a row
    }

    /// Python's `range(size)[start:stop:step]`.
    static func slice(size: Int, _ start: Int?, _ stop: Int?, _ step: Int) -> [Int] {
        func clamp(_ v: Int?, _ fallback: Int, low: Int, high: Int) -> Int {
            guard let v else { return fallback }
            let k = v < 0 ? v + size : v
            return Swift.min(Swift.max(k, low), high)
        }
        if step > 0 {
            let a = clamp(start, 0, low: 0, high: size), b = clamp(stop, size, low: 0, high: size)
            return a < b ? Array(stride(from: a, to: b, by: step)) : []
        }
        let a = clamp(start, size - 1, low: -1, high: size - 1), b = clamp(stop, -1, low: -1, high: size - 1)
        if stop == nil { return a > -1 ? Array(stride(from: a, to: -1, by: step)) : [] }
        return a > b ? Array(stride(from: a, to: b, by: step)) : []
    }
}

// MARK: - The operators' element-wise rules

extension BinaryOperator {
    /// The operator on one pair of elements; comparisons give 1 or 0.
    var function: (Double, Double) -> Double {
        switch self {
        case .add: return (+)
        case .subtract: return (-)
        case .multiply: return (*)
        case .divide: return (/)
        case .power: return BinaryOperator.power(_:_:)
        case .less: return { $0 < $1 ? 1 : 0 }
        case .lessEqual: return { $0 <= $1 ? 1 : 0 }
        case .greater: return { $0 > $1 ? 1 : 0 }
        case .greaterEqual: return { $0 >= $1 ? 1 : 0 }
        case .equal: return { $0 == $1 ? 1 : 0 }
        case .notEqual: return { $0 != $1 ? 1 : 0 }
        case .matmul: preconditionFailure("@ is a product, not element-wise")
        }
    }

    /// x ** y as numpy's float power works it out: pow, except the exponents numpy
    /// treats exactly (2 as x·x, 0.5 as √x, 1, 0 and −1 as 1/x).
    static func power(_ x: Double, _ y: Double) -> Double {
        switch y {
        case 2: return x * x
        case 0.5: return x.squareRoot()
        case 1: return x
        case 0: return 1
        case -1: return 1 / x
        default: return Glibc.pow(x, y)
        }
    }
}
