import XCTest
import NNDatasets
@testable import NNShell
@testable import NNSession
@testable import NNLanguage

final class CompleterTests: XCTestCase {
    /// The default session after `forward all`, `cost`, `backward all`.
    let names = ["X", "Y", "W1", "b1", "W2", "b2", "W3", "b3", "Z1", "A1", "Z2", "A2", "Z3", "A3",
                 "J", "dA3", "dZ3", "dW3", "db3", "dA2", "dZ2", "dW2", "db2", "dA1", "dZ1", "dW1", "db1"]

    func complete(_ before: String, files: [FileEntry] = []) -> Completion {
        Completer(matrixNames: names, listDirectory: { _ in files }).complete(before)
    }

    // MARK: - Commands

    func testFirstWordCompletesCommands() {
        let completion = complete("back")
        XCTAssertEqual(completion.candidates, ["backward"])
        XCTAssertEqual(completion.insertion, "ward ")
    }

    func testFirstWordAlsoCompletesMatrixNamesForAssignments() {
        XCTAssertEqual(complete("dW").candidates, ["dW1", "dW2", "dW3"])
    }

    func testAmbiguousCommandInsertsCommonPrefix() {
        let completion = complete("s")
        XCTAssertEqual(completion.candidates, ["save", "seed", "set", "show", "step"])
        XCTAssertEqual(complete("re").candidates, ["redo", "regularize", "reset"])
        XCTAssertEqual(completion.insertion, "")
        XCTAssertTrue(completion.shouldList)
        XCTAssertEqual(complete("se").insertion, "")
        XCTAssertEqual(complete("sho").insertion, "w ")
    }

    // MARK: - Matrix names

    func testShowListsGradientsWhenAmbiguous() {
        let completion = complete("show dW")
        XCTAssertEqual(completion.word, "dW")
        XCTAssertEqual(completion.candidates, ["dW1", "dW2", "dW3"])
        XCTAssertTrue(completion.shouldList)
        XCTAssertEqual(completion.listing, ["dW1", "dW2", "dW3"])
    }

    func testShowCompletesUniqueNameWithSpace() {
        XCTAssertEqual(complete("show dW1").insertion, " ")
        XCTAssertEqual(complete("show W1 d").candidates.count, 12)
        XCTAssertEqual(complete("show par").insertion, "ams ")
    }

    func testShowLayerOffersLayerNumbers() {
        XCTAssertEqual(complete("show layer ").candidates, ["1", "2", "3"])
    }

    func testExpectAndSaveOfferMatrixNames() {
        XCTAssertEqual(complete("expect db").candidates, ["db1", "db2", "db3"])
        XCTAssertEqual(complete("save out.npz Z").candidates, ["Z1", "Z2", "Z3"])
        XCTAssertEqual(complete("expect W1 W2 a").candidates, ["atol"])
    }

    func testAssignmentValueOffersNamesAndGenerators() {
        XCTAssertEqual(complete("W1 = ra").candidates, ["rand", "randn"])
        XCTAssertEqual(complete("q = np.su").candidates, ["np.subtract(", "np.sum("])
        XCTAssertEqual(complete("q = np.sq").insertion, "")
        XCTAssertEqual(complete("q = np.sqr").insertion, "t(")
        XCTAssertEqual(complete("db1 = 1/m * np.sum(dZ").candidates, ["dZ1", "dZ2", "dZ3"])
        XCTAssertEqual(complete("expect Z1 np.dot(W1, X) + b").candidates, ["b1", "b2", "b3"])
        XCTAssertEqual(complete("expect Z1 np.dot(W1, X").candidates, ["X"])
        XCTAssertEqual(complete("q = dZ1.su").candidates, ["dZ1.sum("])
        XCTAssertEqual(complete("q = dZ1 + W1.").candidates.contains("W1.T"), true)
        XCTAssertEqual(complete("W1 = dW").candidates, ["dW1", "dW2", "dW3"])
        XCTAssertEqual(complete("Y = onehot ").candidates, names.sorted())
    }

    // MARK: - Layers, activations, losses

    func testForwardAndBackwardOfferLayersAndAll() {
        XCTAssertEqual(complete("forward ").candidates, ["1", "2", "3", "all"])
        XCTAssertEqual(complete("backward a").insertion, "ll ")
    }

    func testLayerNumbersNeedAnExistingNetwork() {
        let empty = Completer(matrixNames: []).complete("forward ")
        XCTAssertEqual(empty.candidates, ["all"])
    }

    func testActOffersLayersThenActivations() {
        XCTAssertEqual(complete("act ").candidates, ["1", "2", "3"])
        XCTAssertEqual(complete("act 2 ").candidates,
                       ["leaky_relu", "linear", "relu", "sigmoid", "softmax", "tanh"])
        XCTAssertEqual(complete("act 2 si").insertion, "gmoid ")
        XCTAssertEqual(complete("act 2 l").insertion, "")
    }

    func testLossOffersLosses() {
        XCTAssertEqual(complete("loss ").candidates, ["bce", "ce", "mse"])
        XCTAssertEqual(complete("loss m").insertion, "se ")
    }

    func testNetCompletesActivationAfterColon() {
        XCTAssertEqual(complete("net 2 4:re").candidates, ["4:relu"])
        XCTAssertEqual(complete("net 2 4:re").insertion, "lu ")
        XCTAssertEqual(complete("net 2 4").candidates, [])
    }

    func testInitOffersSchemesAndSeed() {
        XCTAssertEqual(complete("init ").candidates, ["he", "seed", "small", "xavier", "zeros"])
        XCTAssertEqual(complete("init he s").candidates, ["seed"])
        XCTAssertEqual(complete("init he seed ").candidates, [])
    }

    func testExplainOffersStagesLayersAndNames() {
        XCTAssertEqual(complete("explain c").candidates, ["cost"])
        XCTAssertEqual(complete("explain backward ").candidates, ["1", "2", "3"])
        XCTAssertEqual(complete("explain dZ").candidates, ["dZ1", "dZ2", "dZ3"])
    }

    func testSmallerCommandsOfferTheirWords() {
        XCTAssertEqual(complete("plot ").candidates, ["boundary", "cost"])
        XCTAssertEqual(complete("set m").insertion, "ax-elements ")
        XCTAssertEqual(complete("set o").insertion, "utput ")
        XCTAssertEqual(complete("set output ").candidates, ["brief", "full"])
        XCTAssertEqual(complete("cle").insertion, "ar ")
        XCTAssertEqual(complete("gradcheck ").candidates, ["eps"])
        XCTAssertEqual(complete("dataset ").candidates, BuiltinDataset.names.sorted())
        XCTAssertEqual(complete("dataset x").insertion, "or ")
        XCTAssertEqual(complete("help gr").insertion, "adcheck ")
    }

    func testUnknownCommandOffersNothing() {
        XCTAssertEqual(complete("frobnicate W").candidates, [])
        XCTAssertEqual(complete("cost ").candidates, [])
    }

    // MARK: - Files

    let directory = [
        FileEntry(name: "model.npz", isDirectory: false),
        FileEntry(name: "model.nnscript", isDirectory: false),
        FileEntry(name: "data", isDirectory: true),
        FileEntry(name: ".hidden", isDirectory: false),
        FileEntry(name: ".", isDirectory: true),
    ]

    func testLoadCompletesFileNames() {
        let completion = complete("load mo", files: directory)
        XCTAssertEqual(completion.candidates, ["model.nnscript", "model.npz"])
        XCTAssertEqual(completion.insertion, "del.n")
    }

    func testDirectoryGetsSlashAndNoSpace() {
        XCTAssertEqual(complete("save d", files: directory).insertion, "ata/")
    }

    func testRunOffersOnlyScriptsAndDirectories() {
        XCTAssertEqual(complete("run ", files: directory).candidates, ["data/", "model.nnscript"])
    }

    func testHiddenFilesOnlyWhenAskedFor() {
        XCTAssertFalse(complete("load ", files: directory).candidates.contains(".hidden"))
        XCTAssertEqual(complete("load .h", files: directory).candidates, [".hidden"])
    }

    func testFilesInsideDirectoryKeepThePathAndListBaseNames() {
        var asked: [String] = []
        let completer = Completer(matrixNames: [], listDirectory: { path in
            asked.append(path)
            return [FileEntry(name: "a.npz", isDirectory: false), FileEntry(name: "b.npz", isDirectory: false)]
        })
        let completion = completer.complete("load data/")
        XCTAssertEqual(asked, ["data/"])
        XCTAssertEqual(completion.candidates, ["data/a.npz", "data/b.npz"])
        XCTAssertEqual(completion.listing, ["a.npz", "b.npz"])
        XCTAssertTrue(completion.shouldList)
    }

    func testExtraSpacesAndCommentsAreHarmless() {
        XCTAssertEqual(complete("show  dW").candidates, ["dW1", "dW2", "dW3"])
        XCTAssertEqual(complete("# héllo sh").candidates, [])
    }
}
