import Foundation
import XCTest
@testable import NNCore

/// Reads the numpy fixtures under `Fixtures/` (written by `scripts/fixtures/*.py`).
///
/// A matrix is `{"shape": [rows, cols], "data": "v v …"}` with each element as
/// Python's repr of the float64, so `Double(String)` gets the exact bits back.
enum Fixture {
    struct Missing: Error, CustomStringConvertible {
        let description: String
    }

    /// The parsed `propagation.json`.
    nonisolated(unsafe) static let propagation: [String: Any] = {
        let url = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()
            .appendingPathComponent("Fixtures/propagation.json")
        guard let data = try? Data(contentsOf: url),
              let object = try? JSONSerialization.jsonObject(with: data),
              let dict = object as? [String: Any] else { return [:] }
        return dict
    }()

    /// The list of cases in one section of `propagation.json`.
    static func cases(_ section: String) throws -> [[String: Any]] {
        guard let list = propagation[section] as? [[String: Any]], !list.isEmpty else {
            throw Missing(description: "propagation.json: no section \(section); run scripts/make-fixtures")
        }
        return list
    }

    static func double(_ text: String) throws -> Double {
        guard let x = Double(text) else { throw Missing(description: "not a float64: \(text)") }
        return x
    }

    static func double(_ c: [String: Any], _ key: String) throws -> Double {
        guard let text = c[key] as? String else { throw Missing(description: "no float \(key)") }
        return try double(text)
    }

    static func int(_ c: [String: Any], _ key: String) throws -> Int {
        guard let x = c[key] as? Int else { throw Missing(description: "no integer \(key)") }
        return x
    }

    static func string(_ c: [String: Any], _ key: String) throws -> String {
        guard let x = c[key] as? String else { throw Missing(description: "no string \(key)") }
        return x
    }

    static func matrix(_ value: Any?) throws -> Matrix {
        guard let d = value as? [String: Any], let shape = d["shape"] as? [Int], shape.count == 2,
              let text = d["data"] as? String else {
            throw Missing(description: "not a matrix: \(String(describing: value))")
        }
        let values = try text.split(separator: " ").map { try double(String($0)) }
        guard values.count == shape[0] * shape[1] else {
            throw Missing(description: "matrix data has \(values.count) values for \(shape)")
        }
        return Matrix(rows: shape[0], cols: shape[1], storage: values)
    }

    static func matrix(_ c: [String: Any], _ key: String) throws -> Matrix {
        try matrix(c[key])
    }

    static func matrices(_ c: [String: Any], _ key: String) throws -> [Matrix] {
        guard let list = c[key] as? [Any] else { throw Missing(description: "no matrix list \(key)") }
        return try list.map(matrix)
    }
}

// MARK: - Comparisons

/// The relative tolerance of every computed (non-bit-exact) comparison:
/// |a − b| ≤ 1e-12 · max(1, |b|), b being numpy's value.
let propagationTolerance = 1e-12

/// Whether `a` is within `tolerance` of numpy's `b` (nan matches nan, ±inf must be equal).
func close(_ a: Double, _ b: Double, tolerance: Double = propagationTolerance) -> Bool {
    if b.isNaN { return a.isNaN }
    if b.isInfinite { return a == b }
    return abs(a - b) <= tolerance * max(1, abs(b))
}

/// Whether `a` and `b` are the same float64 (any nan matches any nan; −0.0 ≠ 0.0).
func sameBits(_ a: Double, _ b: Double) -> Bool {
    (a.isNaN && b.isNaN) || a.bitPattern == b.bitPattern
}

/// Asserts equal shapes and `match` for every element; reports the first few mismatches.
func assertElements(_ a: Matrix, _ b: Matrix, _ what: String,
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
func assertClose(_ a: Matrix, _ b: Matrix, _ what: String,
                 tolerance: Double = propagationTolerance,
                 file: StaticString = #filePath, line: UInt = #line) {
    assertElements(a, b, what, file: file, line: line) { close($0, $1, tolerance: tolerance) }
}

/// Every element bit for bit.
func assertBits(_ a: Matrix, _ b: Matrix, _ what: String,
                file: StaticString = #filePath, line: UInt = #line) {
    assertElements(a, b, what, file: file, line: line, match: sameBits)
}
