import Foundation
import NNCore
import XCTest
import TestSupport
@testable import NNFiles

/// The fixtures `scripts/fixtures/files.py` wrote with numpy and h5py, and what they must load to.
enum FileFixtures {
    /// `Tests/NNFilesTests/Fixtures/files`.
    static let directory = Fixtures.url("files").path

    static func path(_ name: String) -> String { directory + "/" + name }

    /// expected.json, parsed once.
    nonisolated(unsafe) static let expected = Fixtures.object("files/expected.json")

    /// file name ↦ array name ↦ [rows, cols, [hex bits]].
    static var arrays: [String: [String: [Any]]] {
        expected["arrays"] as? [String: [String: [Any]]] ?? [:]
    }

    /// malformed file name ↦ FileError case name.
    static var errors: [String: String] {
        expected["errors"] as? [String: String] ?? [:]
    }

    /// The matrix an expected entry describes, bit for bit.
    static func matrix(_ entry: [Any]) -> Matrix? {
        guard entry.count == 3, let rows = entry[0] as? Int, let cols = entry[1] as? Int,
              let hex = entry[2] as? [String] else { return nil }
        let values = hex.compactMap { double(bits: $0) }
        guard values.count == rows * cols else { return nil }
        return Matrix(rows: rows, cols: cols, storage: values)
    }
}

/// The case name of an error (`truncated`, `notNpy`, …).
func caseName(_ error: FileError) -> String {
    String(String(describing: error).prefix { $0 != "(" })
}

/// Asserts two matrices have the same shape and the same bits in every element.
func assertBitEqual(_ got: Matrix, _ want: Matrix, _ label: String, file: StaticString = #filePath, line: UInt = #line) {
    guard got.rows == want.rows, got.cols == want.cols else {
        XCTFail("\(label): shape \(got.rows)×\(got.cols), expected \(want.rows)×\(want.cols)", file: file, line: line)
        return
    }
    for k in 0..<want.count where got.storage[k].bitPattern != want.storage[k].bitPattern {
        XCTFail("\(label): element \(k / want.cols),\(k % want.cols) is \(got.storage[k]) "
            + "(0x\(String(got.storage[k].bitPattern, radix: 16))), expected \(want.storage[k]) "
            + "(0x\(String(want.storage[k].bitPattern, radix: 16)))", file: file, line: line)
        return
    }
}

/// Loads every array of a fixture file and compares it with expected.json.
func assertFixtureLoads(_ fileName: String, file: StaticString = #filePath, line: UInt = #line) {
    guard let want = FileFixtures.arrays[fileName] else {
        XCTFail("\(fileName): not in expected.json", file: file, line: line)
        return
    }
    do {
        let loaded = try MatrixFiles.load(path: FileFixtures.path(fileName))
        XCTAssertEqual(loaded.map(\.name).sorted(), want.keys.sorted(), fileName, file: file, line: line)
        for (name, matrix) in loaded {
            guard let entry = want[name], let expected = FileFixtures.matrix(entry) else { continue }
            assertBitEqual(matrix, expected, "\(fileName) [\(name)]", file: file, line: line)
        }
    } catch {
        XCTFail("\(fileName): \(error.message)", file: file, line: line)
    }
}

/// Asserts that loading a malformed fixture throws the case expected.json names.
func assertFixtureFails(_ fileName: String, file: StaticString = #filePath, line: UInt = #line) {
    guard let want = FileFixtures.errors[fileName] else {
        XCTFail("\(fileName): not in expected.json", file: file, line: line)
        return
    }
    do {
        let loaded = try MatrixFiles.load(path: FileFixtures.path(fileName))
        XCTFail("\(fileName): loaded \(loaded.count) arrays, expected \(want)", file: file, line: line)
    } catch {
        XCTAssertEqual(caseName(error), want, "\(fileName): \(error.message)", file: file, line: line)
        XCTAssertFalse(error.message.isEmpty)
    }
}
