/// The buffers of one training iteration, allocated once and reused.
///
/// ```
/// Z[l], A[l]      n[l] × m     forward
/// dA[L]           n[L] × m     cost (and the loss's per-example terms)
/// dZ[l], dA[l−1]  n[l] × m     backward
/// P[l] = dZ[l]·A[l−1]ᵀ         n[l] × n[l−1]   (dW[l] = 1/m · P[l])
/// db[l]           n[l] × 1
/// ```
/// Every stage writes over the buffer it wrote in the previous iteration, so
/// after the first iteration training allocates nothing. The stages are the
/// functions `forward`, `cost`, `backward` and `step` run one at a time
/// (`linearForward`, `Activation.forward`, `Loss.cost`, …), with the same
/// operations in the same order: `train 1` and stepping by hand give the same bits.
public struct TrainingWorkspace: Sendable {
    /// Z[l] and A[l] at index l − 1.
    var z: [Matrix]
    var a: [Matrix]
    /// dA[l] at index l (dA[0] stays empty: the update does not need it).
    var dA: [Matrix]
    /// dZ[l] at index l − 1.
    var dZ: [Matrix]
    /// dZ[l]·A[l−1]ᵀ at index l − 1, before the 1/m.
    var product: [Matrix]
    /// db[l] at index l − 1.
    var db: [Matrix]
    /// The loss's terms, summed into J.
    var terms: Matrix
    /// Where z[0] already holds the next iteration's W[1]·X (see `prepareNext`):
    /// the addresses of that X and W[1], else nil.
    var prepared: (x: UInt, w: UInt)?
    /// Layer 1 carried through XᵀX (`Trainer` sets it when it pays), else nil.
    var gram: GramFirstLayer?

    /// Empty buffers for `depth` layers; the first iteration shapes them.
    public init(depth: Int) {
        let empty = [Matrix](repeating: Matrix.zeros(0, 0), count: depth)
        z = empty
        a = empty
        dA = empty + [Matrix.zeros(0, 0)]
        dZ = empty
        product = empty
        db = empty
        terms = Matrix.zeros(0, 0)
        prepared = nil
        gram = nil
    }
}

// MARK: - One iteration

extension Network {
    /// One iteration of gradient descent on (x, y) in the buffers of `workspace`;
    /// returns the cost J computed before the update, as the course's loop prints it.
    ///
    /// ```
    /// forward:  Z[l] = W[l]·A[l−1] + b[l],  A[l] = g[l](Z[l])        l = 1…L
    /// cost:     J, dA[L]                    (softmax + ce: dZ[L] = AL − Y; sigmoid + bce: AL − Y where dA[L] is not finite)
    /// backward: dZ[l] = dA[l] ⊙ g′[l](Z[l]), P = dZ[l]·A[l−1]ᵀ,
    ///           db[l] = 1/m · Σ dZ[l],  dA[l−1] = W[l]ᵀ·dZ[l]       l = L…1
    /// step:     W[l] ← W[l] − α·(1/m · P),  b[l] ← b[l] − α·db[l]
    /// ```
    /// `prepareNext: true` promises a next call with the same `x` and this
    /// network as this call leaves it; where the CPU allows, layer 1's step then
    /// also forms the next W[1]·X while X is in cache (3.).
    ///
    /// 1. Layer l is updated as soon as dA[l−1] has been formed from the old
    ///    W[l]: nothing later in the iteration reads W[l], so the values are
    ///    those of updating every layer after backward.
    /// 2. dW[l] = 1/m · P is never stored: W[l] − α·(1/m · P) is evaluated
    ///    element by element with the same two roundings as `backward` then
    ///    `step`, in one pass over W instead of three.
    /// 3. `Matrix.descendThenMultiply` gives the bits of P = dZ[1]·Xᵀ, the step
    ///    and W[1]·X one after the other, so the next iteration's Z[1] is the
    ///    one `forward` would compute.
    /// 4. When J is not finite nothing is updated (see the guard below).
    public mutating func trainingIteration(x: Matrix, y: Matrix, loss: Loss, learningRate alpha: Double,
                                           workspace ws: inout TrainingWorkspace, prepareNext: Bool = false) -> Double {
        let L = depth
        precondition(isDense, "trainingIteration: the fast loop runs dense layers; use stagedGradients")
        precondition(ws.z.count == L, "trainingIteration: the workspace has \(ws.z.count) layers, the network \(L)")
        let ready = ws.prepared.map { $0.x == x.address && $0.w == parameters[0][0].address } ?? false
        ws.prepared = nil
        for l in 1...L {
            if l == 1, let gram = ws.gram {
                gram.forward(b: parameters[0][1], into: &ws.z[0])
            } else if l == 1 && ready {
                ws.z[0].addColumn(parameters[0][1])
            } else {
                Propagation.linearForward(w: parameters[l - 1][0], aPrev: l == 1 ? x : ws.a[l - 2], b: parameters[l - 1][1],
                                          into: &ws.z[l - 1])
            }
            activations[l - 1].forward(ws.z[l - 1], into: &ws.a[l - 1])
        }
        let j = loss.cost(ws.a[L - 1], y, terms: &ws.terms)
        // 4. A cost that is not finite would carry nan or inf through the gradients into
        //    every parameter: the step is skipped, so the network stays the last finite one.
        guard j.isFinite else { return j }
        let shortcut = Propagation.usesSoftmaxShortcut(output: activations[L - 1], loss: loss)
        if !shortcut {
            loss.outputGradient(ws.a[L - 1], y, into: &ws.dA[L])
        }
        let m = Double(x.cols)
        let output = Propagation.outputUpstream(output: activations[L - 1], loss: loss, al: ws.a[L - 1], y: y,
                                                z: ws.z[L - 1], dA: shortcut ? nil : ws.dA[L])
        Self.walkBackward(depth: L, from: output) { l, upstream in
            let gramStep = l == 1 && ws.gram != nil
            let fusedStep = l == 1 && !gramStep && prepareNext && Matrix.canDescendThenMultiply(w: parameters[0][0], x: x)
            // dZ[l], db[l], dA[l−1] and P[l] (unless a step below forms it itself).
            Propagation.layerBackward(upstream, activation: activations[l - 1], aPrev: l == 1 ? x : ws.a[l - 2],
                                      w: parameters[l - 1][0], dZ: &ws.dZ[l - 1], product: &ws.product[l - 1],
                                      db: &ws.db[l - 1], dAPrev: &ws.dA[l - 1],
                                      needProduct: !gramStep && !fusedStep, needPrevious: l > 1)
            if gramStep {
                // W[1] stays as it was; its step goes into W[1]·X and Σ dZ[1] (`GramFirstLayer`).
                ws.gram?.step(dZ: ws.dZ[0])
            } else if fusedStep {
                // Z[1] is not needed any more: it receives the next W[1]·X.
                Matrix.descendThenMultiply(w: &parameters[0][0], alpha: alpha, dZ: ws.dZ[0], x: x, product: &ws.z[0])
                ws.prepared = (x.address, parameters[0][0].address)
            } else {
                parameters[l - 1][0].descend(alpha: alpha, scale: 1.0 / m, product: ws.product[l - 1])
            }
            parameters[l - 1][1].descend(alpha: alpha, scale: 1, product: ws.db[l - 1])
            return l > 1 ? .dA(ws.dA[l - 1], z: ws.z[l - 2]) : nil
        }
        return j
    }
}

// MARK: - The update

extension Matrix {
    /// The address of the elements, to recognise the same matrix cheaply.
    var address: UInt {
        storage.withUnsafeBufferPointer { UInt(bitPattern: $0.baseAddress) }
    }

    /// θ ← θ − α·(s · P), element by element: `step`'s θ − α·dθ with dθ = s · P.
    ///
    /// ```
    /// θ[i] = θ[i] − (α · (s · P[i]))      (s = 1 gives P[i] exactly)
    /// ```
    mutating func descend(alpha: Double, scale s: Double, product: Matrix) {
        precondition(hasSameShape(as: product),
                     "Matrix.descend: \(rows)×\(cols) and the gradient \(product.rows)×\(product.cols)")
        storage.withUnsafeMutableBufferPointer { theta in
            product.storage.withUnsafeBufferPointer { p in
                for i in 0..<theta.count { theta[i] = theta[i] - alpha * (s * p[i]) }
            }
        }
    }
}
