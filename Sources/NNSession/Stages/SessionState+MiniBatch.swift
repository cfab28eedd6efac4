import NNCore
import NNLanguage

/// `minibatch SIZE [seed N]`, `minibatch off` and `minibatch next`.
///
/// ```
/// epoch i:  np.random.seed(N + 1 + i);  p = np.random.permutation(m)
///           X[:, p], Y[:, p] cut into batches of SIZE in order, the last one smaller
/// ```
extension SessionState {
    mutating func minibatch(_ command: MiniBatchCommand) throws(SessionError) -> [Output] {
        switch command {
        case let .on(batch):
            var out = endWalk()
            stages.miniBatch = batch
            out += [.text("mini-batches of \(batch.size) examples: `train N LR` runs N epochs"),
                    .formula("before epoch i (from 0): np.random.seed(\(batch.seed) + 1 + i);  p = np.random.permutation(m);  "
                             + "X, Y = X[:, p], Y[:, p]"),
                    .formula("each batch: forward, cost, backward, step;  cost of the epoch = Σ (batch costs summed over examples) / m"),
                    .text("`minibatch next` puts the next batch into X and Y, to step through an epoch by hand")]
            return out
        case .off:
            let out = endWalk()
            stages.miniBatch = nil
            return out + [.text("mini-batches off: `train N LR` runs N full-batch iterations")]
        case .next:
            return try nextBatch()
        }
    }

    /// Puts the next batch of the walked epoch into X and Y (the full set is kept aside).
    private mutating func nextBatch() throws(SessionError) -> [Output] {
        guard let batch = stages.miniBatch else {
            throw .unavailable("`minibatch next` takes the next mini-batch, but mini-batches are off: "
                               + "type `minibatch 64` (or another size) first")
        }
        var out: [Output] = []
        var walk: MiniBatchWalk
        if let current = miniBatchWalk, current.batch < batch.batchCount(current.x.cols) {
            walk = current
        } else {
            let x: Matrix, y: Matrix
            if let previous = miniBatchWalk {
                (x, y) = (previous.x, previous.y)
            } else {
                (x, y) = (try value(.X, current: false), try value(.Y, current: false))
            }
            guard x.cols == y.cols else {
                throw .shapes(stage: "minibatch next", detail: "X has \(x.cols) examples but Y has \(y.cols)")
            }
            let epoch = miniBatchWalk.map { $0.epoch + 1 } ?? 0
            let p = batch.permutation(epoch: epoch, m: x.cols, random: &random)
            walk = MiniBatchWalk(x: x, y: y, epoch: epoch, batch: 0, permutation: p)
            out.append(.text("epoch \(epoch): np.random.seed(\(batch.seed(forEpoch: epoch))); p = np.random.permutation(\(x.cols))"))
        }
        let columns = batch.columns(batch: walk.batch, of: walk.permutation)
        let count = batch.batchCount(walk.x.cols)
        store.set(.X, walk.x.selectingColumns(columns))
        store.set(.Y, walk.y.selectingColumns(columns))
        out.append(.text("batch \(walk.batch + 1) of \(count) of epoch \(walk.epoch): X and Y are columns "
                         + "[" + columns.map(String.init).joined(separator: ", ") + "] of the full set (m = \(columns.count))"))
        walk.batch += 1
        miniBatchWalk = walk
        stage = .idle
        out.append(.text(walk.batch == count
                         ? "last batch of the epoch: the next `minibatch next` starts epoch \(walk.epoch + 1)"
                         : "now `forward all`, `cost`, `backward all`, `step LR`; `minibatch off` puts the full X and Y back"))
        return out
    }

    /// Puts the full X and Y back when an epoch is being walked by hand.
    mutating func endWalk() -> [Output] {
        guard let walk = miniBatchWalk else { return [] }
        miniBatchWalk = nil
        store.set(.X, walk.x)
        store.set(.Y, walk.y)
        return [.text("X and Y are the full set again (m = \(walk.x.cols))")]
    }
}
