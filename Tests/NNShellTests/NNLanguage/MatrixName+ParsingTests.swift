import XCTest
import NNCore
@testable import NNShell
@testable import NNSession
@testable import NNLanguage

final class MatrixNameParsingTests: XCTestCase {
    private func name(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> MatrixName? {
        guard case let .show(.names(names))? = parsed("show " + text, file: file, line: line) else { return nil }
        return names.first
    }

    func testLectureNames() {
        XCTAssertEqual(name("W1"), .layer(.W, 1))
        XCTAssertEqual(name("b12"), .layer(.b, 12))
        XCTAssertEqual(name("Z3"), .layer(.Z, 3))
        XCTAssertEqual(name("A2"), .layer(.A, 2))
        XCTAssertEqual(name("dZ1"), .layer(.dZ, 1))
        XCTAssertEqual(name("dW1"), .layer(.dW, 1))
        XCTAssertEqual(name("db1"), .layer(.db, 1))
        XCTAssertEqual(name("dA1"), .layer(.dA, 1))
        XCTAssertEqual(name("dA0"), .layer(.dA, 0))
        XCTAssertEqual(name("X"), .X)
        XCTAssertEqual(name("A0"), .X)
        XCTAssertEqual(name("A[0]"), .X)
        XCTAssertEqual(name("Y"), .Y)
        XCTAssertEqual(name("J"), .J)
        XCTAssertEqual(name("AL"), .output(.A))
        XCTAssertEqual(name("dAL"), .output(.dA))
        XCTAssertEqual(name("ZL"), .output(.Z))
        XCTAssertEqual(name("W[L]"), .output(.W))
        XCTAssertEqual(name("dW[2]"), .layer(.dW, 2))
        XCTAssertEqual(name("A[L]"), .output(.A))
        XCTAssertEqual(name("W01"), .layer(.W, 1))
    }

    func testUserNames() {
        for text in ["X_train", "my_W", "_tmp", "Alpha", "bias", "dX", "d", "W1x", "layer_2", "T", "relu"] {
            XCTAssertEqual(name(text), .user(text), text)
        }
    }

    func testLayerZeroIsOnlyTheInput() {
        for text in ["W0", "b0", "Z0", "dZ0", "dW0", "db0"] {
            XCTAssertEqual(parseError("show " + text), .layerZero(text, at: SourcePosition(column: 6)), text)
        }
        XCTAssertEqual(parseError("show W[0]"), .layerZero("W[0]", at: SourcePosition(column: 8)))
        XCTAssertEqual(parseMessage("W0 = randn 2 2"),
                       "there is no W0 (at column 1): layers are numbered 1…L; layer 0 is the input X (= A0), "
                       + "which has only A0 and dA0")
    }

    func testAnyOtherSpellingIsTheLearnersOwn() {
        for typed in ["dw2", "DW2", "w1", "B1", "z1", "a0", "a1", "x", "y", "j", "al", "dal", "Db1", "wl",
                      "W", "dA", "A_prev", "m", "dZ"] {
            XCTAssertEqual(parsed("show " + typed), .show(.names([.user(typed)])), typed)
            XCTAssertEqual(parsed(typed + " = 3"), .assign(.user(typed), .literal(Matrix(scalar: 3))), typed)
        }
    }

    func testReservedAndIncompleteNames() {
        for word in ["randn", "np", "all", "layer", "atol", "as", "nan", "L"] {
            XCTAssertEqual(parseError(word + " = 1"), .reservedName(word, at: SourcePosition(column: 1)), word)
        }
        XCTAssertEqual(parseError("show W[]"), .slotWithoutLayer("W", at: SourcePosition(column: 8)))
        XCTAssertEqual(parseError("show W[1"), .missing(.closing("]"), after: "show W[1"))
        XCTAssertEqual(parseError("show W[x]"), .unexpected("x", expected: .quantity(.nameLayer), at: SourcePosition(column: 8)))
        XCTAssertEqual(parseMessage("show W[]"), "'W[]' at column 8 needs a layer: write W1, W[1] or WL")
    }

    func testCaseFixed() {
        XCTAssertNil(MatrixName.caseFixed("dW2"))
        XCTAssertNil(MatrixName.caseFixed("data"))
        XCTAssertNil(MatrixName.caseFixed("w"))
        XCTAssertNil(MatrixName.caseFixed("all"))
        XCTAssertEqual(MatrixName.caseFixed("DZ3"), "dZ3")
    }
}
