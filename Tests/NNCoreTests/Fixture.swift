import TestSupport
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
    nonisolated(unsafe) static let propagation = Fixtures.object("propagation.json")

    /// The parsed `batchnorm.json` (scripts/fixtures/batchnorm.py).
    nonisolated(unsafe) static let batchNorm = Fixtures.object("batchnorm.json")

    /// The list of cases in one section of `batchnorm.json`.
    static func batchNormCases(_ section: String) throws -> [[String: Any]] {
        guard let list = batchNorm[section] as? [[String: Any]], !list.isEmpty else {
            throw Missing(description: "batchnorm.json: no section \(section); run scripts/fixtures/batchnorm.py")
        }
        return list
    }

    /// The parsed `saturated.json` (outputs exactly 0 or 1).
    nonisolated(unsafe) static let saturated = Fixtures.object("saturated.json")

    /// The cases of `saturated.json`.
    static func saturatedCases() throws -> [[String: Any]] {
        guard let list = saturated["cases"] as? [[String: Any]], !list.isEmpty else {
            throw Missing(description: "saturated.json: no cases; run scripts/fixtures/saturated.py")
        }
        return list
    }

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
