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
        .target(name: "NNCore", dependencies: ["CBLAS", "NNKernels"]),

        // Product kernels in C: portable, and for the CPU's AVX2+FMA or AVX-512 instructions;
        // optimised in every build, so debug tests train at a usable speed.
        .target(name: "NNKernels", cSettings: [.unsafeFlags(["-O2"])]),

        // The command language: parser, session, printer, files, scripts.
        .target(name: "NNShell", dependencies: ["NNCore", "CHDF5", "CZlib"]),

        // The thin executable: argument handling and the line reader.
        .executableTarget(name: "nnstep", dependencies: ["NNShell", "NNCore", "CEditLine"]),

        // The fuzz target: libFuzzer's entry with -DFUZZING -sanitize=fuzzer (scripts/fuzz),
        // otherwise a replayer of saved inputs.
        .systemLibrary(name: "CFuzzer"),
        .executableTarget(name: "nnstep-fuzz", dependencies: ["NNShell", "CFuzzer"]),

        // Fixtures are read through #filePath, not bundled.
        .testTarget(name: "NNCoreTests", dependencies: ["NNCore"], exclude: ["Fixtures"]),
        .testTarget(name: "NNShellTests", dependencies: ["NNShell", "NNCore"], exclude: ["Fixtures"]),
    ],
    swiftLanguageModes: [.v6]
)
