#if canImport(Glibc)
import Glibc
#endif
import NNCore

/// Reading .h5 files in a child process, so a crash or hang inside libhdf5 costs
/// the read, not the session.
///
/// ```
/// parent:  posix_spawn(executable, ["--hdf5-reader", PATH, LIMIT, KEY?])   stdout → pipe
/// child:   MatrixFiles.load in-process  →  1 count (name rows cols values…)…   or   2 message
/// parent:  reads until EOF, polling `consumeInterrupt` every 50 ms; waitpid
///          Ctrl-C            → SIGKILL, reaped: "load interrupted"
///          past `timeoutSeconds` → SIGKILL, reaped: "took more than 60 s"
///          SIGSEGV, SIGABRT, … → "the HDF5 library crashed reading FILE" (the file is damaged)
///          SIGKILL, SIGTERM, … from outside → "the reader was killed by signal N"
/// ```
/// Integers in the answer are 8-byte little-endian, values float64 bit patterns.
/// The executable turns isolation on (`executable = "/proc/self/exe"`); unit tests run
/// libhdf5 in-process unless they set it to a built nnstep.
public enum HDF5Child {
    /// The program run with `--hdf5-reader`; nil reads in this process.
    nonisolated(unsafe) public static var executable: String?
    /// How long a child may take before it is killed.
    nonisolated(unsafe) public static var timeoutSeconds = 60
    /// Asked while the child reads: true (once per Ctrl-C) ends the read, and the request
    /// counts as answered. NNFiles cannot see the shell's interrupt flag, so the program hands it down.
    nonisolated(unsafe) public static var consumeInterrupt: () -> Bool = { false }

    /// The argument that selects the reader mode.
    public static let flag = "--hdf5-reader"
}

// MARK: - Parent

extension HDF5Child {
    /// Every numeric dataset (or the one named `key`), read by a child process.
    static func load(path: String, key: String?, limit: Int, executable: String) throws(FileError) -> [(name: String, matrix: Matrix)] {
        let answer = try run(executable, [flag, path, String(limit)] + (key.map { [$0] } ?? []), path: path)
        var reader = Answer(bytes: answer)
        switch reader.integer() {
        case 1?:
            guard let count = reader.integer() else { throw .hdf5Crashed(path: path, how: "sent a damaged answer") }
            var out: [(name: String, matrix: Matrix)] = []
            for _ in 0..<count {
                guard let name = reader.text(), let rows = reader.integer(), let cols = reader.integer(),
                      let values = reader.doubles(rows * cols), rows > 0, cols > 0 else {
                    throw .hdf5Crashed(path: path, how: "sent a damaged answer")
                }
                out.append((name, Matrix(rows: rows, cols: cols, storage: values)))
            }
            return out
        case 2?:
            throw .reported(message: reader.text() ?? "\(path): cannot read")
        default:
            throw .hdf5Crashed(path: path, how: "ended without an answer")
        }
    }

    /// The child's whole stdout, or why there is none.
    private static func run(_ executable: String, _ arguments: [String], path: String) throws(FileError) -> [UInt8] {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { throw .cannotRead(path: path, reason: "pipe: " + errnoText()) }
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, fds[1], 1)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv = ([executable] + arguments).map { strdup($0) }
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv + [nil], environ)
        close(fds[1])
        guard spawned == 0 else {
            close(fds[0])
            throw .cannotRead(path: path, reason: "cannot start the HDF5 reader: " + String(cString: strerror(spawned)))
        }
        let outcome = readAll(fds[0], seconds: timeoutSeconds)
        close(fds[0])
        if case .done = outcome {} else { kill(pid, SIGKILL) }   // 2. stopped, then reaped below
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let signal = status & 0x7F
        switch outcome {
        case .interrupted: throw .hdf5Interrupted(path: path)
        case .timedOut: throw .hdf5TimedOut(path: path, seconds: timeoutSeconds)
        case let .done(bytes):
            guard signal != 0 else { return bytes }
            // 3. Ctrl-C at the terminal reaches the child too, which may die of it before the
            //    parent looks: the parent's pending request is answered here.
            if consumeInterrupt() || signal == SIGINT { throw .hdf5Interrupted(path: path) }
            if !crashSignals.contains(signal) { throw .hdf5Killed(path: path, signal: signal, name: signalName(signal)) }
            throw .hdf5Crashed(path: path, how: "died of signal \(signal) (\(signalName(signal)))")
        }
    }

    /// How the reading of the child's answer ended.
    private enum Outcome {
        case done([UInt8])
        case timedOut
        case interrupted
    }

    /// The signals a process gets from its own fault: a child dying of one of these crashed;
    /// any other (SIGKILL, SIGTERM, …) was sent from outside, by a person or the OOM killer.
    static let crashSignals: Set<Int32> = [SIGSEGV, SIGBUS, SIGABRT, SIGFPE, SIGILL, SIGTRAP, SIGSYS]

    /// `SIGSEGV` for 11, and so on; `signal N` for the rare ones.
    static func signalName(_ signal: Int32) -> String {
        let names: [Int32: String] = [SIGSEGV: "SIGSEGV", SIGBUS: "SIGBUS", SIGABRT: "SIGABRT", SIGFPE: "SIGFPE",
                                      SIGILL: "SIGILL", SIGTRAP: "SIGTRAP", SIGSYS: "SIGSYS", SIGKILL: "SIGKILL",
                                      SIGTERM: "SIGTERM", SIGHUP: "SIGHUP", SIGINT: "SIGINT", SIGQUIT: "SIGQUIT",
                                      SIGPIPE: "SIGPIPE", SIGXCPU: "SIGXCPU", SIGXFSZ: "SIGXFSZ", SIGUSR1: "SIGUSR1",
                                      SIGUSR2: "SIGUSR2", SIGALRM: "SIGALRM"]
        return names[signal] ?? "signal \(signal)"
    }

    /// Everything readable from `fd` until EOF, unless the deadline passes or Ctrl-C comes first.
    ///
    /// 1. The wait is cut into 50 ms polls, and `consumeInterrupt` is asked after each, so a
    ///    Ctrl-C ends the read within a tenth of a second, however long the child would take.
    private static func readAll(_ fd: Int32, seconds: Int) -> Outcome {
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        let deadline = Int(now.tv_sec) + seconds
        while true {
            if consumeInterrupt() { return .interrupted }
            clock_gettime(CLOCK_MONOTONIC, &now)
            guard deadline - Int(now.tv_sec) > 0 else { return .timedOut }
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, 50)
            if ready == 0 || (ready < 0 && errno == EINTR) { continue }   // look at the flag again
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return .done(out) }
            chunk.withUnsafeBufferPointer { out.append(contentsOf: $0.prefix(n)) }
        }
    }

    /// The child's answer, read field by field; nil past its end.
    private struct Answer {
        let bytes: [UInt8]
        var offset = 0

        mutating func integer() -> Int? {
            defer { offset += 8 }
            return bytes.u64(at: offset)
        }

        mutating func text() -> String? {
            guard let n = integer(), n <= bytes.count - offset else { return nil }
            defer { offset += n }
            return String(decoding: bytes[offset..<offset + n], as: UTF8.self)
        }

        mutating func doubles(_ n: Int) -> [Double]? {
            guard n >= 0, offset <= bytes.count, n <= (bytes.count - offset) / 8 else { return nil }
            let start = offset
            offset += 8 * n
            // 1. One copy of the little-endian bit patterns, not a decode per element:
            //    20 MB of pixels arrive in milliseconds.
            return [Double](unsafeUninitializedCapacity: n) { values, count in
                bytes.withUnsafeBytes { raw in
                    for k in 0..<n {
                        values[k] = Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: start + 8 * k,
                                                                                                as: UInt64.self)))
                    }
                }
                count = n
            }
        }
    }
}

// MARK: - Child

extension HDF5Child {
    /// The reader mode: `arguments` are PATH LIMIT [KEY]; the answer goes to stdout. Returns the exit status.
    public static func serve(_ arguments: [String]) -> Int32 {
        guard arguments.count == 2 || arguments.count == 3, let limit = Int(arguments[1]) else { return 2 }
        let path = arguments[0]
        var answer: [UInt8] = []
        do {
            let items = arguments.count == 3
                ? [(arguments[2], try HDF5File.load(path: path, dataset: arguments[2], limit: limit))]
                : try HDF5File.loadAll(path: path, limit: limit)
            answer.append(littleEndian: 1, width: 8)
            answer.append(littleEndian: UInt64(items.count), width: 8)
            for (name, matrix) in items {
                answer.append(littleEndian: UInt64(name.utf8.count), width: 8)
                answer += name.utf8
                answer.append(littleEndian: UInt64(matrix.rows), width: 8)
                answer.append(littleEndian: UInt64(matrix.cols), width: 8)
                #if _endian(little)
                matrix.storage.withUnsafeBytes { answer.append(contentsOf: $0) }   // already the wire's bytes
                #else
                for x in matrix.storage { answer.append(littleEndian: x.bitPattern, width: 8) }
                #endif
            }
        } catch {
            answer = []
            answer.append(littleEndian: 2, width: 8)
            answer.append(littleEndian: UInt64(error.message.utf8.count), width: 8)
            answer += error.message.utf8
        }
        return writeAll(answer) ? 0 : 1
    }

    private static func writeAll(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { buffer -> Bool in
            var done = 0
            while done < buffer.count, let base = buffer.baseAddress {
                let n = write(1, base + done, buffer.count - done)
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { return false }
                done += n
            }
            return true
        }
    }
}
