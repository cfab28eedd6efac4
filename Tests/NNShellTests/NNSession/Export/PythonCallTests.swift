import XCTest
@testable import NNSession

/// `PythonCall`: a call's text, its numbers in numpy's repr and its foreign text as literals.
final class PythonCallTests: XCTestCase {
    func testACallIsWrittenAsPython() {
        XCTAssertEqual(PythonCall("L_layer_model", .code("S"), .code("3000"), .number(0.0075), .code("100")).text,
                       "L_layer_model(S, 3000, 0.0075, 100)")
        XCTAssertEqual(PythonCall("update_parameters", .code("S"), .code("S"), .number(1e-5)).text,
                       "update_parameters(S, S, 1e-05)")
        XCTAssertEqual(PythonCall("f", .number(-.infinity), .number(.nan)).text, "f(-np.inf, np.nan)")
        XCTAssertEqual(PythonCall("load_into", .code("S"), .string("a\"b\r.npz"),
                                  keywords: [("as_name", .string("W1"))]).text,
                       "load_into(S, \"a\\\"b\\r.npz\", as_name=\"W1\")")
        XCTAssertEqual(PythonCall("forget_caches", .code("S")).text, "forget_caches(S)")
    }

    func testAKeyQuotesForeignText() {
        XCTAssertEqual(PythonCall.key("W1"), "S[\"W1\"]")
        XCTAssertEqual(PythonCall.key("x\u{2028}y"), "S[\"x\\u2028y\"]")
    }
}
