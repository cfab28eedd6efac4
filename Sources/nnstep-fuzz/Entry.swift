/// libFuzzer's entry point: one input per call (a script, or a file when NNSTEP_FUZZ_FORMAT is set);
/// 0 means "keep it if it is new".
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = UnsafeRawBufferPointer(start: data, count: data == nil ? 0 : size)
    if let format = FileFuzzInput.format {
        FileFuzzInput.run(bytes, format: format)
    } else {
        FuzzInput.run(bytes)
    }
    return 0
}

#if FUZZING
import CFuzzer

/// The executable's entry under libFuzzer. The package manager names an
/// executable's entry `<module>_main` and points `main` at it, so libFuzzer's
/// own `main` is not used: this one hands the command line to its driver.
@_cdecl("nnstep_fuzz_main")
public func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    var count = argc
    var vector = argv
    return LLVMFuzzerRunDriver(&count, &vector) { data, size in fuzzTestOneInput(data, size) }
}
#endif
