import Foundation
import XCTest
@testable import NNFiles

/// What a save may replace, and the temporary names it writes under.
final class AtomicWriteTests: XCTestCase {
    private var directory = ""

    override func setUpWithError() throws {
        directory = NSTemporaryDirectory() + "nnstep-atomic-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    override func tearDown() {
        try? FileManager.default.removeItem(atPath: directory)
    }

    // MARK: - Targets

    func testAFifoASocketADirectoryAndADeviceAreRefusedAndKept() throws {
        let fifo = directory + "/f.npz"
        XCTAssertEqual(mkfifo(fifo, 0o644), 0)
        let folder = directory + "/d.csv"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
        let socketPath = directory + "/s.py"
        let sock = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(sock) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (k, byte) in socketPath.utf8.enumerated() where k < raw.count - 1 { raw[k] = byte }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(sock, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        XCTAssertEqual(bound, 0)
        let cases: [(String, String, mode_t)] = [(fifo, "a FIFO", S_IFIFO), (folder, "a directory", S_IFDIR),
                                                 (socketPath, "a socket", S_IFSOCK)]
        for (path, kind, type) in cases {
            XCTAssertThrowsError(try AtomicWrite.replace(path: path, with: [1, 2, 3])) { error in
                XCTAssertEqual(error as? FileError, .notRegularFile(path: path, kind: kind))
                XCTAssertTrue((error as? FileError)?.message.hasPrefix("\(path) is \(kind), not a regular file") ?? false)
            }
            XCTAssertEqual(fileType(path), type, path)
        }
        // A character device, reached through a link (the link is followed, the device refused).
        let device = directory + "/dev.npz"
        XCTAssertEqual(symlink("/dev/null", device), 0)
        XCTAssertThrowsError(try AtomicWrite.replace(path: device, with: [1])) { error in
            XCTAssertEqual(error as? FileError, .notRegularFile(path: device, kind: "a character device"))
        }
        XCTAssertEqual(try listing().filter { $0.contains(".tmp-") }, [])
    }

    func testASymlinkIsWrittenThroughAndStaysALink() throws {
        try FileManager.default.createDirectory(atPath: directory + "/real", withIntermediateDirectories: false)
        let real = directory + "/real/t.npy"
        FileManager.default.createFile(atPath: real, contents: Data("old".utf8))
        chmod(real, 0o640)
        let link = directory + "/t.npy"
        XCTAssertEqual(symlink("real/t.npy", link), 0)
        try AtomicWrite.replace(path: link, with: Array("new".utf8))
        XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: link), "real/t.npy")
        XCTAssertEqual(FileManager.default.contents(atPath: real), Data("new".utf8))
        var info = stat()
        XCTAssertEqual(stat(real, &info), 0)
        XCTAssertEqual(info.st_mode & 0o777, 0o640)
    }

    func testALinkToNothingIsRefused() throws {
        let link = directory + "/t.csv"
        XCTAssertEqual(symlink("missing.csv", link), 0)
        XCTAssertThrowsError(try AtomicWrite.replace(path: link, with: [1])) { error in
            XCTAssertEqual((error as? FileError).map(caseName), "brokenLink")
        }
        XCTAssertEqual(fileType(link), S_IFLNK)
        XCTAssertFalse(FileManager.default.fileExists(atPath: directory + "/missing.csv"))
    }

    func testAWriteProtectedFileIsRefusedEvenForRoot() throws {
        let path = directory + "/ro.nnscript"
        FileManager.default.createFile(atPath: path, contents: Data("old".utf8))
        chmod(path, 0o444)
        XCTAssertThrowsError(try AtomicWrite.replace(path: path, with: [1])) { error in
            XCTAssertEqual(error as? FileError, .writeProtected(path: path, mode: 0o444))
            XCTAssertTrue((error as? FileError)?.message.contains("write-protected (mode 444)") ?? false)
        }
        XCTAssertEqual(FileManager.default.contents(atPath: path), Data("old".utf8))
    }

    func testAReplacedFileKeepsItsModeAndANewOneGetsTheDefault() throws {
        let path = directory + "/m.npz"
        try AtomicWrite.replace(path: path, with: [1], newFileMode: 0o600)
        var info = stat()
        XCTAssertEqual(stat(path, &info), 0)
        XCTAssertEqual(info.st_mode & 0o777, 0o600 & ~currentUmask())
        chmod(path, 0o604)
        try AtomicWrite.replace(path: path, with: [2])
        XCTAssertEqual(stat(path, &info), 0)
        XCTAssertEqual(info.st_mode & 0o777, 0o604)
        XCTAssertEqual(FileManager.default.contents(atPath: path), Data([2]))
    }

    // MARK: - Temporary names

    func testEveryLegalNameLengthSavesAndSavesAgain() throws {
        for length in 234...255 {
            let name = String(repeating: "é", count: (length - 4) / 2) + String(repeating: "x", count: (length - 4) % 2) + ".npz"
            XCTAssertEqual(name.utf8.count, length)
            let path = directory + "/" + name
            try AtomicWrite.replace(path: path, with: [1])
            try AtomicWrite.replace(path: path, with: [2])
            XCTAssertEqual(FileManager.default.contents(atPath: path), Data([2]))
            XCTAssertLessThanOrEqual(TemporaryName.make(for: name, random: .max).utf8.count, 255)
        }
        XCTAssertEqual(try listing().filter { $0.contains(".tmp-") }, [])
    }

    func testABoundedNameIsCutAtACharacterAndHashed() {
        XCTAssertEqual(TemporaryName.bounded("w.npz"), "w.npz")
        let long = String(repeating: "é", count: 120)
        let bounded = TemporaryName.bounded(long)
        XCTAssertLessThanOrEqual(bounded.utf8.count, TemporaryName.longestWholeName)
        XCTAssertTrue(bounded.hasPrefix(String(repeating: "é", count: 95) + "~"), bounded)
        XCTAssertNotEqual(bounded, TemporaryName.bounded(String(repeating: "é", count: 121)))
    }

    func testTheOwnerOfATemporaryName() {
        XCTAssertEqual(TemporaryName.owner(of: ".w.npz.tmp-1234-99"), 1234)
        XCTAssertEqual(TemporaryName.owner(of: ".a.tmp-b.npz.tmp-7-0"), 7)
        XCTAssertEqual(TemporaryName.owner(of: TemporaryName.make(for: "x.csv")), getpid())
        for other in ["w.npz.tmp-1234-99", ".w.npz.tmp-12a4-99", ".w.npz.tmp-1234", ".w.npz.tmp--1", ".w.npz.tmp-1-2-3", ".w.npz"] {
            XCTAssertNil(TemporaryName.owner(of: other), other)
        }
    }

    func testStaleTemporaryFilesOfDeadProcessesAreRemoved() throws {
        var dead: pid_t = 4_000_000
        while kill(dead, 0) == 0 || errno != ESRCH { dead -= 1 }
        let stale = [".w.npz.tmp-\(dead)-1", ".other.csv.tmp-\(dead)-22"]
        let kept = [".w.npz.tmp-\(getpid())-3", ".w.npz.tmp-1-4", "w.npz.tmp-\(dead)-5"]  // this process, init, not the pattern
        for name in stale + kept { FileManager.default.createFile(atPath: directory + "/" + name, contents: Data()) }
        try AtomicWrite.replace(path: directory + "/w.npz", with: [1])
        XCTAssertEqual(try listing(), (kept + ["w.npz"]).sorted())
    }

    // MARK: - Helpers

    private func listing() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
    }

    private func fileType(_ path: String) -> mode_t {
        var info = stat()
        guard lstat(path, &info) == 0 else { return 0 }
        return info.st_mode & S_IFMT
    }

    private func currentUmask() -> mode_t {
        let mask = umask(0o022)
        umask(mask)
        return mask
    }
}
