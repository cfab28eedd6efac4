import XCTest
@testable import NNFiles

/// A script is text: data files and binary given as scripts are refused before a line runs.
final class LineStreamTests: XCTestCase {
    func testDataFilesAreNamedByTheirMagicBytes() {
        let npy: [UInt8] = [0x93] + Array("NUMPY".utf8) + [1, 0]
        let npz: [UInt8] = Array("PK".utf8) + [3, 4, 20, 0]
        let h5: [UInt8] = [0x89] + Array("HDF\r\n".utf8) + [0x1A, 0x0A]
        XCTAssertEqual(LineStream.notText(npy, path: "x.npy"), .dataFileAsScript(path: "x.npy", kind: ".npy"))
        XCTAssertEqual(LineStream.notText(npz, path: "a.npz"), .dataFileAsScript(path: "a.npz", kind: ".npz"))
        XCTAssertEqual(LineStream.notText(h5, path: "c.h5"), .dataFileAsScript(path: "c.h5", kind: ".h5"))
        let message = FileError.dataFileAsScript(path: "x.npy", kind: ".npy").message
        XCTAssertTrue(message.contains("`load x.npy`") && message.contains("`load x.npy as X`"), message)
    }

    func testBinaryAndOtherEncodingsAreRefused() {
        XCTAssertEqual(LineStream.notText(Array("show\0".utf8), path: "s"),
                       .binaryScript(path: "s", reason: "it holds NUL bytes"))
        XCTAssertEqual(LineStream.notText(Array("# caf".utf8) + [0xE9, 0x0A], path: "s"),
                       .binaryScript(path: "s", reason: "it is not UTF-8 text (line 1: # caf\\xe9)"))
        XCTAssertEqual(LineStream.notText(Array("show W1\n\u{1B}[2J".utf8) + [0x9B, 0x0A], path: "s"),
                       .binaryScript(path: "s", reason: "it is not UTF-8 text (line 2: \\x1b[2J\\x9b)"))
    }

    func testTextPassesEvenWhenTheSampleCutsACharacter() {
        XCTAssertNil(LineStream.notText(Array("# café ✓\nshow\n".utf8), path: "s"))
        XCTAssertNil(LineStream.notText([], path: "s"))
        // The sample may end inside a multi-byte character: "✓" is E2 9C 93.
        XCTAssertNil(LineStream.notText(Array("show ".utf8) + [0xE2, 0x9C], path: "s"))
        XCTAssertNil(LineStream.notText(Array("show ".utf8) + [0xE2], path: "s"))
    }
}
