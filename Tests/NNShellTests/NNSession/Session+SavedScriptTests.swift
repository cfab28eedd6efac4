import Foundation
import XCTest
import NNCore
@testable import NNShell
@testable import NNSession
@testable import NNLanguage

/// `save FILE.nnscript` writes each `load`'s file as the script's own folder finds it.
final class SessionSavedScriptTests: XCTestCase {
    func testLoadPathsAreWrittenAsTheScriptsFolderFindsThem() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("nnstep-saved-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url.appendingPathComponent("sub"), withIntermediateDirectories: true)
        let dir = url.resolvingSymlinksInPath().path
        let cwd = FileManager.default.currentDirectoryPath
        addTeardownBlock {
            FileManager.default.changeCurrentDirectoryPath(cwd)
            try? FileManager.default.removeItem(at: url)
        }
        XCTAssert(FileManager.default.changeCurrentDirectoryPath(dir))
        let s = Session()
        runLines(s, ["save data.npy W1", "save sub/w.npy b1", "load data.npy as M", "load sub/w.npy as V",
                     "load \(dir)/data.npy as A", "save beside.nnscript", "save sub/away.nnscript"])
        let beside = try String(contentsOfFile: "beside.nnscript", encoding: .utf8)
        let away = try String(contentsOfFile: "sub/away.nnscript", encoding: .utf8)
        // Beside its data, the names stay as typed; an absolute name always does.
        XCTAssert(beside.contains("\nload data.npy as M\nload sub/w.npy as V\nload \(dir)/data.npy as A\n"), beside)
        // In sub/: the file under it by the path from there, any other by its absolute path.
        XCTAssert(away.contains("\nload \(dir)/data.npy as M\nload w.npy as V\nload \(dir)/data.npy as A\n"), away)
        XCTAssert(away.hasPrefix("# nnstep session: replay with `nnstep FILE`"), away)
    }
}
