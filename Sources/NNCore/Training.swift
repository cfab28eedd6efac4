/// The course's training loop: forward, cost, backward, update, repeated.
extension Network {
    /// AL for the input `x`, without keeping the caches.
    ///
    /// ```
    /// A[0] = X;  A[l] = g[l](W[l]·A[l−1] + b[l])  for l = 1…L
    /// ```
    public func forwardAll(_ x: Matrix) -> Matrix {
        var a = x
        for l in 1...depth {
            a = activation(l).forward(Propagation.linearForward(w: W(l), aPrev: a, b: b(l)))
        }
        return a
    }

    /// The cost J and every gradient (dW[l], db[l]) for (x, y), leaving the parameters as they are.
    ///
    /// ```
    /// forward:  Z[l], A[l] for l = 1…L
    /// cost:     J, dA[L]            (softmax + ce: dZ[L] = AL − Y; sigmoid + bce: AL − Y where dA[L] is not finite)
    /// backward: dZ[l], dW[l], db[l], dA[l−1] for l = L…1   (dA[0] skipped: not needed)
    /// ```
    public func gradients(x: Matrix, y: Matrix, loss: Loss) -> (cost: Double, grads: [(dW: Matrix, db: Matrix)]) {
        let L = depth
        var a: [Matrix] = [x]
        var z: [Matrix] = []
        a.reserveCapacity(L + 1)
        z.reserveCapacity(L)
        for l in 1...L {
            let zl = Propagation.linearForward(w: W(l), aPrev: a[l - 1], b: b(l))
            z.append(zl)
            a.append(activation(l).forward(zl))
        }
        let al = a[L]
        let j = loss.cost(al, y)
        var upstream = Propagation.outputUpstream(output: activation(L), loss: loss, al: al, y: y, z: z[L - 1])
        var grads = [(dW: Matrix, db: Matrix)](repeating: (Matrix.zeros(0, 0), Matrix.zeros(0, 0)), count: L)
        for l in stride(from: L, through: 1, by: -1) {
            let g = Propagation.layerBackward(upstream, activation: activation(l), aPrev: a[l - 1], w: W(l),
                                              needPrevious: l > 1)
            grads[l - 1] = (g.dW, g.db)
            if let dAPrev = g.dAPrev { upstream = .dA(dAPrev, z: z[l - 2]) }
        }
        return (j, grads)
    }

    /// One iteration of gradient descent on (x, y); returns the cost J computed
    /// before the update, as the course's loop prints it.
    ///
    /// ```
    /// W[l] −= α·dW[l],  b[l] −= α·db[l]     after forward, cost and backward
    /// ```
    /// A loop should keep one `TrainingWorkspace` across iterations instead.
    public mutating func trainingIteration(x: Matrix, y: Matrix, loss: Loss, learningRate alpha: Double) -> Double {
        var workspace = TrainingWorkspace(depth: depth)
        return trainingIteration(x: x, y: y, loss: loss, learningRate: alpha, workspace: &workspace)
    }
}
