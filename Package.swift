// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "nnstep",
    products: [
        .executable(name: "nnstep", targets: ["nnstep"]),
    ],
    targets: [
        // System libraries, each behind a header of small typed wrappers.
        .systemLibrary(
            name: "CEditLine",
            pkgConfig: "libedit",
            providers: [.apt(["libedit-dev"])]
        ),
        .systemLibrary(
            name: "CBLAS",
            providers: [.apt(["libopenblas0-pthread"])]
        ),
        // Headers only: shim.h opens libhdf5 with dlopen on first use.
        .systemLibrary(
            name: "CHDF5",
            providers: [.apt(["libhdf5-dev"])]
        ),
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),

        // The numeric core: matrices, activations, losses, network, random numbers. No I/O.
        .target(name: "NNCore", dependencies: ["CBLAS", "NNKernels"], exclude: ["README.md"]),

        // Product kernels in C: portable, and for the CPU's AVX2+FMA or AVX-512 instructions;
        // optimised in every build, so debug tests train at a usable speed.
        .target(name: "NNKernels", cSettings: [.unsafeFlags(["-O2"])]),

        // numpy's print(array), character for character: float digits, layout, summaries.
        .target(name: "NumpyPrint", dependencies: ["NNCore"], exclude: ["README.md"]),

        // Matrix files: .npy, .npz, .csv/.txt, HDF5, and the file I/O beneath them.
        .target(name: "NNFiles", dependencies: ["NNCore", "CHDF5", "CZlib"], exclude: ["README.md"]),

        // The built-in data sets: xor, flower, cancer, digits.
        .target(name: "NNDatasets", dependencies: ["NNCore"], exclude: ["README.md"]),

        // The command language: tokens, the parser, the command table, `Command` and its text.
        .target(name: "NNLanguage", dependencies: ["NNCore", "NNFiles", "NNDatasets"], exclude: ["README.md"]),

        // The session: its state, every command's execution, the teaching aids, export and help;
        // it returns `Output` values and never prints.
        .target(
            name: "NNSession",
            dependencies: ["NNLanguage", "NNCore", "NumpyPrint", "NNFiles", "NNDatasets"],
            // The prelude's .py files are compiled in through PythonPrelude+Sources.swift (scripts/prelude).
            exclude: ["README.md", "Export/Prelude"]
        ),

        // The shell: the read–parse–execute–print loop, the printer, completion, the progress bar.
        .target(
            name: "NNShell",
            dependencies: ["NNSession", "NNLanguage", "NNCore", "NumpyPrint", "NNFiles"],
            exclude: ["README.md"]
        ),

        // argc and argv as the C runtime passed them, without /proc (Swift's CommandLine reads it).
        .target(name: "CArguments"),

        // The thin executable: argument handling and the line reader.
        .executableTarget(name: "nnstep",
                          dependencies: ["NNShell", "NNSession", "NNLanguage", "NNCore", "NNFiles", "CEditLine",
                                         "CArguments"]),

        // The fuzz target: libFuzzer's entry with -DFUZZING -sanitize=fuzzer (scripts/fuzz),
        // otherwise a replayer of saved inputs.
        .systemLibrary(name: "CFuzzer"),
        .executableTarget(name: "nnstep-fuzz",
                          dependencies: ["NNShell", "NNSession", "NNLanguage", "NNFiles", "NNCore", "CFuzzer"]),

        // Fixtures are read through #filePath, not bundled. TestSupport holds the
        // fixture reader and the float comparisons every test target shares.
        .target(name: "TestSupport", dependencies: ["NNCore"], path: "Tests/TestSupport"),
        .testTarget(name: "NNCoreTests", dependencies: ["NNCore", "TestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "NumpyPrintTests", dependencies: ["NumpyPrint", "NNCore", "TestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "NNFilesTests", dependencies: ["NNFiles", "NNCore", "TestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "NNDatasetsTests", dependencies: ["NNDatasets", "NNCore", "TestSupport"], exclude: ["Fixtures"]),
        .testTarget(
            name: "NNShellTests",
            dependencies: ["NNShell", "NNSession", "NNLanguage", "NNCore", "NNFiles", "NNDatasets", "NumpyPrint",
                           "TestSupport"],
            exclude: ["Fixtures"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
