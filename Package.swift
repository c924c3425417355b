// swift-tools-version:6.0
import PackageDescription

// nbrun: literate, reproducible deep-learning experiments in Swift.
//
// The runner (`nbrun`, `NotebookKit`) never links the neural-network code.
// Notebook cells are compiled by `swiftc` into a separate program that links
// `NotebookSupport`, a dynamic library holding `NNCore`, `Datasets`,
// `NotebookRuntime` and `ModelZoo`; a crashing notebook cannot take the runner down.

let package = Package(
  name: "nbrun",
  products: [
    .executable(name: "nbrun", targets: ["nbrun"]),
    .executable(name: "nbbench", targets: ["nbbench"]),
    .library(
      name: "NotebookSupport",
      type: .dynamic,
      targets: ["NNCore", "Datasets", "NotebookRuntime", "NotebookProtocol", "ModelZoo"]
    ),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
    // Cells are Swift: the runner reads them with the compiler's own parser (where each
    // top-level `try` is, what a cell declares) and highlights them with its classifier.
    .package(url: "https://github.com/swiftlang/swift-syntax", from: "603.0.1"),
    .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
    // SHA-256 for the keys of the program state after each cell (incremental runs).
    .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    // `--watch`'s preview server: HTTP with streamed responses (server-sent
    // events) on its own sockets, without SwiftNIO's first-build cost.
    .package(url: "https://github.com/swhitty/FlyingFox", from: "0.27.1"),
  ],
  targets: [
    // System libraries: a module map and a shim header each, installed by scripts/setup.
    .systemLibrary(name: "CBLAS", path: "Sources/CBLAS"),
    .systemLibrary(name: "CBLIS", path: "Sources/CBLIS"),
    .systemLibrary(name: "CMalloc", path: "Sources/CMalloc"),
    .systemLibrary(name: "CVectorMath", path: "Sources/CVectorMath"),
    .systemLibrary(name: "CPNG", path: "Sources/CPNG"),
    .systemLibrary(name: "CGD", path: "Sources/CGD"),
    .systemLibrary(name: "CZlib", path: "Sources/CZlib"),
    .systemLibrary(name: "CCmarkGFM", path: "Sources/CCmarkGFM"),
    .systemLibrary(name: "CProcessControl", path: "Sources/CProcessControl"),
    .systemLibrary(name: "CStandardIO", path: "Sources/CStandardIO"),
    // oneDNN's convolutions behind a small C interface, the library loaded at run time.
    .target(name: "DNNLBridge"),
    // Element-wise passes on the widest vectors the CPU has, chosen at run time (Adam's step).
    .target(name: "VectorKernels"),
    .target(
      name: "GnuplotBridge",
      linkerSettings: [
        .linkedLibrary("boost_iostreams"),
        .linkedLibrary("boost_filesystem"),
        .linkedLibrary("boost_system"),
      ]
    ),

    // What notebook cells are written against.
    .target(
      name: "NNCore",
      dependencies: ["CBLAS", "CBLIS", "CMalloc", "CVectorMath", "DNNLBridge", "VectorKernels"]),
    .target(name: "Datasets", dependencies: ["NNCore", "NotebookProtocol", "CZlib"]),
    // Every post's models, once: what nbbench trains, what its Python peers
    // build from (`nbbench --export-models`), what a notebook can import.
    .target(name: "ModelZoo", dependencies: ["NNCore"]),
    .target(
      name: "NotebookRuntime",
      dependencies: ["NNCore", "Datasets", "NotebookProtocol", "CPNG", "CGD", "CStandardIO", "GnuplotBridge"]
    ),

    // The records a notebook program sends the runner: one definition for both sides.
    .target(name: "NotebookProtocol"),

    // Starting programs: one posix_spawn for the compiler, notebook programs, child nbruns
    // and the benchmark's peers.
    .target(name: "Launcher", dependencies: ["CProcessControl"]),

    // The runner.
    .target(
      name: "NotebookKit",
      dependencies: [
        "NotebookProtocol", "Launcher", "CCmarkGFM", "CProcessControl", "Yams",
        .product(name: "SwiftParser", package: "swift-syntax"),
        .product(name: "SwiftSyntax", package: "swift-syntax"),
        .product(name: "SwiftIDEUtils", package: "swift-syntax"),
        .product(name: "Mustache", package: "swift-mustache"),
        .product(name: "Crypto", package: "swift-crypto"),
        .product(name: "FlyingFox", package: "FlyingFox"),
        .product(name: "FlyingSocks", package: "FlyingFox"),
      ],
      resources: [
        .copy("Resources/report.css"), .copy("Resources/Templates"), .copy("Resources/LivePreview"),
      ]),
    .executableTarget(
      name: "nbrun",
      dependencies: [
        "NotebookKit",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
        .product(name: "Logging", package: "swift-log"),
      ]
    ),
    .executableTarget(
      name: "nbbench",
      dependencies: [
        "NNCore", "Datasets", "ModelZoo", "CBLAS", "Launcher",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),

    .testTarget(
      name: "SystemLibrariesTests",
      dependencies: ["CBLAS", "CPNG", "CZlib", "CCmarkGFM", "GnuplotBridge"]
    ),
    .testTarget(name: "NNCoreTests", dependencies: ["NNCore", "CVectorMath"]),
    // The zoo against the notebooks it comes from (compiles their model code).
    .testTarget(
      name: "ModelZooTests",
      dependencies: [
        "ModelZoo", "NotebookKit", "Launcher",
        .product(name: "SwiftParser", package: "swift-syntax"),
        .product(name: "SwiftSyntax", package: "swift-syntax"),
      ]),
    .testTarget(name: "DatasetsTests", dependencies: ["Datasets", "CZlib"]),
    .testTarget(name: "NotebookRuntimeTests", dependencies: ["NotebookRuntime", "CPNG"]),
    .testTarget(name: "LauncherTests", dependencies: ["Launcher"]),
    .testTarget(name: "NBBenchTests", dependencies: ["nbbench", "ModelZoo"]),
    .testTarget(name: "NotebookKitTests", dependencies: ["NotebookKit", "Launcher"], exclude: ["Fixtures"]),
  ],
  cxxLanguageStandard: .cxx17
)
