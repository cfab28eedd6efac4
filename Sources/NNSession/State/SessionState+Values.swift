import NNCore
import NNLanguage

/// `NAME = VALUE`, `NAME[i,j] = x`, and the values on the right of `=` and `expect`.
extension SessionState {
    /// `NAME = VALUE`: parameters are checked against the network's shapes;
    /// caches and gradients may be set by hand, as the course's test cases do.
    mutating func assign(_ raw: MatrixName, _ expr: Expression) throws(SessionError) -> [Output] {
        let name = try resolve(raw)
        let matrix = try evaluate(value: expr)
        try checkShape(of: matrix, for: name)
        store.set(name, matrix)
        if case .layer = name { stage = .idle }
        var out: [Output] = [.matrix(MatrixOutput(name: name.description, matrix: matrix))]
        store.markShown(name)
        out += notes(afterSetting: name, matrix)
        return out
    }

    /// `NAME[i,j] = x` (zero-based, as numpy).
    mutating func assignElement(_ raw: MatrixName, row: Int, col: Int, _ x: Double) throws(SessionError) -> [Output] {
        let name = try resolve(raw)
        var matrix = try value(name, current: false)
        guard row >= 0, row < matrix.rows, col >= 0, col < matrix.cols else {
            throw .elementOutOfRange(name: name.description, row: row, col: col, shape: matrix.numpyShape)
        }
        guard x.isFinite else {
            throw .invalidNumber(what: "the value", value: String(x), expected: "a finite number")
        }
        let old = matrix[row, col]
        matrix[row, col] = x
        store.set(name, matrix)
        if case .layer = name { stage = .idle }
        return [.text("\(name)[\(row),\(col)]: \(old) → \(x)"),
                .matrix(MatrixOutput(name: name.description, matrix: matrix, changed: true))]
    }

    /// The matrix the right side of `=` or `expect` stands for (random draws advance the
    /// generator): a value form checked as a value, any other expression worked out as numpy
    /// does, its result then checked (see `Expression+ValueForm.swift`, 1.).
    mutating func evaluate(value e: Expression) throws(SessionError) -> Matrix {
        if e.isValueForm { return try evaluate(e, asValue: true) }
        let m = try evaluate(e)
        if let bad = m.firstNonFinite {
            throw .nonFiniteResult(value: m[bad.row, bad.col], row: bad.row, col: bad.col, shape: "\(m.rows)×\(m.cols)",
                                   float32: e.description.contains("np.float32("))
        }
        return m
    }

    /// A number or matrix of a value form: within the limits, and every element finite.
    func checkedLiteral(_ m: Matrix, beside working: Int) throws(SessionError) -> Matrix {
        try checkSize(m.rows, m.cols, beside: working)
        if let bad = m.firstNonFinite {
            throw .invalidNumber(what: "the element at [\(bad.row),\(bad.col)]",
                                 value: String(m[bad.row, bad.col]),
                                 expected: "values must be finite numbers (no nan or inf)")
        }
        return m
    }

    /// `VALUE * S` or `VALUE / S` of a value form: the scale must be finite, and not 0 to divide by.
    mutating func scaled(_ inner: Expression, _ op: BinaryOperator, _ s: Double,
                         beside working: Int) throws(SessionError) -> Matrix {
        let m = try evaluate(inner, beside: working, asValue: true)
        try checkSize(m.rows, m.cols, beside: working + inner.held(m))
        guard s.isFinite, !(op == .divide && s == 0) else {
            throw .invalidNumber(what: "the scale", value: String(s),
                                 expected: op == .divide ? "divide by a finite non-zero number" : "a finite number")
        }
        return op == .multiply ? m * s : m / s
    }

    /// The matrix a generator makes (random draws advance the generator), with `working`
    /// elements of an expression's intermediate results alive beside it.
    mutating func generate(_ g: Generator, beside working: Int) throws(SessionError) -> Matrix {
        switch g {
        case let .randn(r, c), let .rand(r, c), let .zeros(r, c), let .ones(r, c):
            try checkSize(r, c, beside: working)   // before anything of that size is drawn or allocated
            switch g {
            case .randn: return random.randn(r, c)
            case .rand: return random.rand(r, c)
            case .ones: return Matrix.ones(r, c)
            default: return Matrix.zeros(r, c)
            }
        case let .permutation(n):
            try checkSize(1, n, beside: working + n)   // the indices, then their values
            return Matrix(rows: 1, cols: n, storage: random.permutation(n).map(Double.init))
        case let .normal(r, c, scale):
            try checkSize(r, c, beside: working)
            guard scale.isFinite, scale >= 0 else {
                throw .invalidNumber(what: "the scale", value: String(scale), expected: "a finite number ≥ 0, numpy's standard deviation")
            }
            return random.normal(r, c, scale: scale)
        case let .onehot(name, k):
            return try onehot(name, k, beside: working)
        }
    }

    /// `onehot NAME K`: labels 0…K−1 in a 1×m row to a K×m matrix.
    private func onehot(_ name: MatrixName, _ k: Int, beside working: Int) throws(SessionError) -> Matrix {
        let labels = try value(name, current: false)
        guard k >= 1 else {
            throw .invalidNumber(what: "K =", value: String(k), expected: "the number of classes, at least 1")
        }
        guard labels.rows == 1 else {
            throw .badLabels(name: name.description, detail: "is \(labels.numpyShape), not a 1×m row")
        }
        try checkSize(k, labels.cols, beside: working)
        var out = Matrix.zeros(k, labels.cols)
        for j in 0..<labels.cols {
            let v = labels[0, j]
            guard v.rounded() == v, v >= 0, v < Double(k) else {
                throw .badLabels(name: name.description, detail: "has \(v) at column \(j), not one of 0…\(k - 1)")
            }
            out[Int(v), j] = 1
        }
        return out
    }

    /// Checks a hand-set value against what the network expects of `name`.
    private func checkShape(of m: Matrix, for name: MatrixName) throws(SessionError) {
        func fail(_ expected: String) throws(SessionError) {
            throw .parameterShape(name: name.description, expected: expected, got: m.numpyShape, net: netText)
        }
        guard case let .layer(slot, l) = name, hasNetwork else {
            if name == .J, m.rows != 1 || m.cols != 1 { try fail("(1, 1), the cost is a single number") }
            return
        }
        if l == 0 { return }
        let n = sizes[l], nPrev = sizes[l - 1]
        switch slot {
        case .W, .dW, .vdW, .sdW:
            if m.rows != n || m.cols != nPrev { try fail("(\(n), \(nPrev)), that is n[\(l)]×n[\(l - 1)]") }
        case .b, .db, .vdb, .sdb, .gamma, .beta, .dgamma, .dbeta, .vdgamma, .vdbeta, .sdgamma, .sdbeta, .mu, .var:
            if m.rows != n || m.cols != 1 { try fail("(\(n), 1), that is n[\(l)]×1") }
        case .Z, .A, .dZ, .dA, .D, .Zn, .Zt, .dZt, .dZn:
            if m.rows != n { try fail("(\(n), m), that is n[\(l)] rows, one column per example") }
        }
    }

    private func notes(afterSetting name: MatrixName, _ m: Matrix) -> [Output] {
        var out: [Output] = []
        if name == .X || name == .Y {
            out.append(.text("m = \(m.cols) examples"))
            let other: MatrixName = name == .X ? .Y : .X
            if let o = store[other], o.cols != m.cols {
                out.append(.note("\(other) has \(count(o.cols, "column")) but \(name) has \(m.cols): "
                                 + "set \(other) too so both have one column per example"))
            }
        }
        if name == .X, hasNetwork, m.rows != sizes[0] {
            out.append(.note("X has \(count(m.rows, "row")) but n[0] = \(sizes[0]); `net \(m.rows) …` fits the network to it"))
        }
        if name == .Y, hasNetwork, m.rows != sizes[depth] {
            out.append(.note("Y has \(count(m.rows, "row")) but the output layer has n[\(depth)] = \(sizes[depth]) units"))
        }
        return out
    }
}
