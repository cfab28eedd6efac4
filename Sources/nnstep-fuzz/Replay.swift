#if !FUZZING
#if canImport(Glibc)
import Glibc
#endif

/// Without libFuzzer (`swift build` without `-DFUZZING`): replays the files and
/// directories given as arguments through the same entry as the fuzzer, so a
/// corpus or a crash input runs as a regression test.
///
/// ```
/// nnstep-fuzz Tests/fuzz/corpus Tests/fuzz/regressions crash-1234
/// ```
@main
struct Replay {
    static func main() {
        let args = CommandLine.arguments.dropFirst()
        guard !args.isEmpty else {
            printError("usage: nnstep-fuzz FILE|DIRECTORY…  (replays inputs; build with -DFUZZING for libFuzzer)")
            exit(2)
        }
        var count = 0
        for path in args {
            for file in files(at: path) {
                guard let bytes = contents(of: file) else {
                    printError("nnstep-fuzz: cannot read \(file)")
                    exit(2)
                }
                bytes.withUnsafeBytes { _ = fuzzTestOneInput($0.bindMemory(to: UInt8.self).baseAddress, $0.count) }
                count += 1
            }
        }
        print("replayed \(count) inputs without a crash")
    }

    /// A line on standard error.
    static func printError(_ text: String) {
        let line = Array((text + "\n").utf8)
        _ = line.withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
    }

    /// `path` itself, or the regular files directly inside it, sorted.
    static func files(at path: String) -> [String] {
        guard let dir = opendir(path) else { return [path] }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if !name.hasPrefix(".") { names.append(path + "/" + name) }
        }
        return names.sorted()
    }

    /// The whole file, or nil if it cannot be read.
    static func contents(of path: String) -> [UInt8]? {
        guard let f = fopen(path, "rb") else { return nil }
        defer { fclose(f) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, 65536, f) }
            bytes += chunk[0..<n]
            if n < 65536 { return ferror(f) == 0 ? bytes : nil }
        }
    }
}
#endif
