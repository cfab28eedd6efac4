import Glibc
import NNFiles
import NNShell
import NNSession
import NNLanguage

/// One fuzz input for a file loader: its bytes written as `input.EXT` in a fresh
/// scratch folder and loaded with `load`, the output thrown away.
///
/// ```
/// NNSTEP_FUZZ_FORMAT=npy|npz|csv|h5   the loader fuzzed (unset: the command language, FuzzInput)
/// NNSTEP_FUZZ_HDF5_READER=nnstep      .h5 files read by that program's child process, as nnstep
///                                     does (unset: libhdf5 in this process, whose own crashes show)
/// ```
/// Matrices are limited to `FuzzInput.maxElements`, so a slow input is a real hang.
enum FileFuzzInput {
    /// The extension chosen by NNSTEP_FUZZ_FORMAT, read once; nil for the command language.
    static let format: String? = {
        guard let value = getenv("NNSTEP_FUZZ_FORMAT") else { return nil }
        let text = String(cString: value)
        return ["npy", "npz", "csv", "h5"].contains(text) ? text : nil
    }()

    /// Loads `bytes` as a file of `format`.
    static func run(_ bytes: UnsafeRawBufferPointer, format: String) {
        if let reader = getenv("NNSTEP_FUZZ_HDF5_READER") { HDF5Child.executable = String(cString: reader) }
        let scratch = Scratch()
        defer { scratch.remove() }
        let name = "input." + format
        let fd = open(name, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return }
        var done = 0
        while done < bytes.count, let base = bytes.baseAddress {
            let n = write(fd, base + done, bytes.count - done)
            guard n > 0 else { break }
            done += n
        }
        close(fd)
        let shell = Shell(options: Shell.Options(color: false, echo: true))
        shell.write = { _ in }
        shell.execute("set max-elements \(FuzzInput.maxElements)", location: "fuzz:0")
        shell.execute("load \(name)", location: "fuzz:1")
        shell.execute("load \(name) X as Q", location: "fuzz:2")
    }
}
