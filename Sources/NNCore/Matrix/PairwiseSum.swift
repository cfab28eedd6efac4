/// The sum of `values` in the order numpy's `add.reduce` uses on a contiguous run.
///
/// 1. Fewer than 8 values: a plain left-to-right loop.
/// 2. Up to 128 values: eight running sums r[0…7] over strides of 8, combined
///    as ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7)), then the tail.
/// 3. More: split at n/2 rounded down to a multiple of 8 and sum both halves.
///
/// Matching the order matters because floating-point addition is not
/// associative: a learner comparing `db` or `J` with a notebook sees the same
/// last digit only if the additions happen in the same order.
func pairwiseSum(_ values: UnsafeBufferPointer<Double>) -> Double {
    let n = values.count
    if n < 8 {
        var s = -0.0   // numpy starts from the identity -0.0 so that sum([-0.0]) is -0.0
        for v in values { s += v }
        return s
    }
    if n <= 128 {
        var r0 = values[0], r1 = values[1], r2 = values[2], r3 = values[3]
        var r4 = values[4], r5 = values[5], r6 = values[6], r7 = values[7]
        var i = 8
        while i < n - (n % 8) {
            r0 += values[i]; r1 += values[i + 1]; r2 += values[i + 2]; r3 += values[i + 3]
            r4 += values[i + 4]; r5 += values[i + 5]; r6 += values[i + 6]; r7 += values[i + 7]
            i += 8
        }
        var s = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))
        while i < n { s += values[i]; i += 1 }
        return s
    }
    var half = n / 2
    half -= half % 8
    return pairwiseSum(UnsafeBufferPointer(rebasing: values[0..<half]))
        + pairwiseSum(UnsafeBufferPointer(rebasing: values[half..<n]))
}
