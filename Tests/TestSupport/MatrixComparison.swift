import NNCore
import XCTest

/// The relative tolerance of every computed (non-bit-exact) comparison:
/// |a − b| ≤ 1e-12 · max(1, |b|), b being numpy's value.
package let propagationTolerance = 1e-12

/// Whether `a` is within `tolerance` of numpy's `b` (nan matches nan, ±inf must be equal).
package func close(_ a: Double, _ b: Double, tolerance: Double = propagationTolerance) -> Bool {
    if b.isNaN { return a.isNaN }
    if b.isInfinite { return a == b }
    return abs(a - b) <= tolerance * max(1, abs(b))
}

/// Whether `a` and `b` are the same float64 (any nan matches any nan; −0.0 ≠ 0.0).
package func sameBits(_ a: Double, _ b: Double) -> Bool {
    (a.isNaN && b.isNaN) || a.bitPattern == b.bitPattern
}

/// Asserts equal shapes and `match` for every element; reports the first few mismatches.
package func assertElements(_ a: Matrix, _ b: Matrix, _ what: String,
                            file: StaticString = #filePath, line: UInt = #line,
                            match: (Double, Double) -> Bool) {
    guard a.rows == b.rows && a.cols == b.cols else {
        XCTFail("\(what): shape \(a.rows)×\(a.cols), numpy \(b.rows)×\(b.cols)", file: file, line: line)
        return
    }
    var failures = 0
    for k in 0..<a.count where !match(a.storage[k], b.storage[k]) {
        failures += 1
        if failures <= 3 {
            XCTFail("\(what)[\(k / a.cols), \(k % a.cols)]: \(a.storage[k]) vs numpy \(b.storage[k])",
                    file: file, line: line)
        }
    }
    if failures > 3 { XCTFail("\(what): \(failures) mismatches in all", file: file, line: line) }
}

/// Every element within `propagationTolerance` (relative, see `close`).
package func assertClose(_ a: Matrix, _ b: Matrix, _ what: String,
                         tolerance: Double = propagationTolerance,
                         file: StaticString = #filePath, line: UInt = #line) {
    assertElements(a, b, what, file: file, line: line) { close($0, $1, tolerance: tolerance) }
}

/// Every element bit for bit.
package func assertBits(_ a: Matrix, _ b: Matrix, _ what: String,
                        file: StaticString = #filePath, line: UInt = #line) {
    assertElements(a, b, what, file: file, line: line, match: sameBits)
}
