import NNLanguage
/// The states `undo` (or `redo`) goes back to, newest last, bounded in number and in matrix elements.
///
/// The oldest states go first. Dropping one only empties its slot; the
/// emptied slots are compacted away once they are half of the array, so a
/// push costs O(1) however deep the history is:
///
/// ```
/// kept = the newest states with Σ elements ≤ elementLimit (the newest always), at most `depth`
/// ```
struct SnapshotStack {
    /// Dropped states (nil) before `start`, kept ones from `start` on.
    private var slots: [Session.Snapshot?] = []
    private var start = 0
    /// The elements of the kept states.
    private var elements = 0
    /// At most this many states.
    let depth: Int
    /// At most this many elements across them, unless the newest alone holds more.
    let elementLimit: Int

    init(depth: Int, elementLimit: Int) {
        self.depth = depth
        self.elementLimit = elementLimit
    }
}

// MARK: - Pushing and popping

extension SnapshotStack {
    var count: Int { slots.count - start }

    /// Adds `snapshot` as the newest and drops the oldest states beyond the limits.
    ///
    /// Snapshots share unchanged matrices (copy on write), so the element sum
    /// overcounts what they hold; it still bounds it.
    mutating func push(_ snapshot: Session.Snapshot) {
        slots.append(snapshot)
        elements += snapshot.elements
        while count > depth || (elements > elementLimit && count > 1) { dropOldest() }
    }

    /// Takes the newest state off.
    mutating func popLast() -> Session.Snapshot? {
        guard count > 0, let last = slots.removeLast() else { return nil }
        elements -= last.elements
        return last
    }

    mutating func removeAll() {
        slots.removeAll()
        start = 0
        elements = 0
    }

    private mutating func dropOldest() {
        elements -= slots[start]?.elements ?? 0
        slots[start] = nil
        start += 1
        if start * 2 >= slots.count {
            slots.removeFirst(start)
            start = 0
        }
    }
}
