import XCTest
@testable import NNCore

/// Choosing the ordered kernels' path: the CPU's best, or `NNSTEP_PRODUCTS`,
/// never a path the CPU cannot run.
final class ProductPathTests: XCTestCase {
    private let x86: [ProductPath] = [.generic, .avx2]

    func testThisCPUAlwaysRunsTheGenericPathAndTheCurrentOne() {
        XCTAssertEqual(ProductPath.supported.first, .generic)
        XCTAssertTrue(ProductPath.supported.contains(.current))
        if ProductPath.selectionNote == nil, ProcessInfo.processInfo.environment[ProductPath.variable] == nil {
            XCTAssertEqual(ProductPath.current, ProductPath.supported.last)
        }
    }

    func testUnsetOrEmptyPicksTheFastestSupportedPath() {
        for word in [nil, ""] as [String?] {
            let (path, note) = ProductPath.select(word, supported: x86)
            XCTAssertEqual(path, .avx2)
            XCTAssertNil(note)
        }
        XCTAssertEqual(ProductPath.select(nil, supported: [.generic]).path, .generic)
    }

    func testASupportedWordIsUsedInAnyCase() {
        for (word, expected) in [("generic", ProductPath.generic), ("avx2", .avx2), ("AVX2", .avx2)] {
            let (path, note) = ProductPath.select(word, supported: x86)
            XCTAssertEqual(path, expected, word)
            XCTAssertNil(note, word)
        }
    }

    func testAPathThisCPUCannotRunFallsBackWithANote() {
        let (path, note) = ProductPath.select("avx512", supported: x86)
        XCTAssertEqual(path, .avx2)
        XCTAssertEqual(note, "NNSTEP_PRODUCTS=avx512: this CPU cannot run avx512; using avx2")
    }

    func testAnUnknownWordFallsBackWithANote() {
        let (path, note) = ProductPath.select("fast", supported: [.generic])
        XCTAssertEqual(path, .generic)
        XCTAssertEqual(note, "NNSTEP_PRODUCTS=fast is not one of generic, avx2, avx512; using generic")
    }
}
