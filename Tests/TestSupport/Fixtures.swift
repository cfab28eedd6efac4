import Foundation
import XCTest

/// A test target's numpy fixtures: the files under `Fixtures/` beside its test files,
/// written by `scripts/fixtures/*.py` and found through the caller's `#filePath`.
package enum Fixtures {
    /// `Fixtures/NAME` in the test target holding `testFile`.
    package static func url(_ name: String, besides testFile: StaticString = #filePath) -> URL {
        target(besides: testFile).appendingPathComponent("Fixtures/" + name)
    }

    /// The test target's folder holding `testFile`: `Tests/TARGET`, however deep the file sits in it
    /// (`Tests/NNCoreTests/Matrix/MatrixTests.swift` ↦ `Tests/NNCoreTests`).
    package static func target(besides testFile: StaticString = #filePath) -> URL {
        var folder = URL(fileURLWithPath: testFile.description).deletingLastPathComponent()
        while folder.deletingLastPathComponent().lastPathComponent != "Tests" && folder.path != "/" {
            folder = folder.deletingLastPathComponent()
        }
        return folder
    }

    /// `Tests/`, beside the test targets (the corpora: bad-input, fuzz, transcripts).
    package static func tests(besides testFile: StaticString = #filePath) -> URL {
        target(besides: testFile).deletingLastPathComponent()
    }

    /// The checkout holding `testFile` (`Tests/TARGET/…/FILE.swift` ↦ the repository root).
    package static func repository(besides testFile: StaticString = #filePath) -> URL {
        tests(besides: testFile).deletingLastPathComponent()
    }

    /// The directory holding the course's data sets, `<repo>/../shared/datasets`
    /// (NNSTEP_SHARED_DATASETS overrides it, e.g. when the repository is checked out elsewhere).
    package static var sharedDatasets: String {
        if let dir = ProcessInfo.processInfo.environment["NNSTEP_SHARED_DATASETS"] { return dir }
        return repository().deletingLastPathComponent().appendingPathComponent("shared/datasets").path
    }

    /// The JSON fixture `name` decoded as `T`, or nil when it is missing or unreadable.
    package static func decode<T: Decodable>(_ type: T.Type, _ name: String,
                                             besides testFile: StaticString = #filePath) -> T? {
        guard let data = try? Data(contentsOf: url(name, besides: testFile)) else { return nil }
        return try? JSONDecoder().decode(T.self, from: data)
    }

    /// The JSON fixture `name` as a dictionary, empty when it is missing or unreadable.
    package static func object(_ name: String, besides testFile: StaticString = #filePath) -> [String: Any] {
        guard let data = try? Data(contentsOf: url(name, besides: testFile)),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return [:] }
        return object
    }

    /// A loaded fixture, or a failure telling how to regenerate the missing file.
    package static func require<T>(_ fixture: T?, _ name: String,
                                   file: StaticString = #filePath, line: UInt = #line) throws -> T {
        try XCTUnwrap(fixture, "\(name) missing or unreadable; run scripts/make-fixtures", file: file, line: line)
    }
}
