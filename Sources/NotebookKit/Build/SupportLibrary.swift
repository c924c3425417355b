import Foundation
import Launcher

/// The built `NotebookSupport` library (NNCore, Datasets, NotebookRuntime)
/// that notebook programs link, and the `swiftc` flags that find it.
public struct SupportLibrary: Sendable {
  /// The SwiftPM build folder holding `libNotebookSupport.so` and `Modules/`.
  public var buildDirectory: URL
  /// The package root, for the system-library module maps under `Sources/`.
  public var packageRoot: URL

  public static let libraryName = "NotebookSupport"

  /// Finds the library beside the running executable (nbrun, or the test
  /// bundle), or in `$NBRUN_BUILD_DIR`.
  public static func locate(
    environment: [String: String] = ProcessInfo.processInfo.environment
  ) throws -> SupportLibrary {
    let buildDirectory =
      environment["NBRUN_BUILD_DIR"].map { URL(fileURLWithPath: $0) }
      ?? URL(fileURLWithPath: ChildProcess.thisExecutable).deletingLastPathComponent()
    let library = buildDirectory.appendingPathComponent("lib\(libraryName).so")
    guard FileManager.default.fileExists(atPath: library.path) else {
      throw RunnerError.setup(
        "\(library.path) is missing; build it with `swift build -c release --product \(libraryName)`")
    }
    var root = buildDirectory.resolvingSymlinksInPath()
    while !FileManager.default.fileExists(atPath: root.appendingPathComponent("Package.swift").path) {
      guard root.path != "/" else {
        throw RunnerError.setup("no Package.swift above \(buildDirectory.path)")
      }
      root.deleteLastPathComponent()
    }
    return SupportLibrary(buildDirectory: buildDirectory, packageRoot: root)
  }

  /// Flags that let `swiftc` import the library's modules and link it.
  public var compilerFlags: [String] {
    let build = buildDirectory.path
    let sources = packageRoot.appendingPathComponent("Sources").path
    // The library's modules import these C modules internally, and a
    // client must still be able to load them.
    let cModules = ["CBLAS", "CBLIS", "CMalloc", "CVectorMath", "CPNG", "CGD", "CStandardIO", "CZlib"].flatMap
    {
      ["-I", "\(sources)/\($0)"]
    }
    // The C targets' module maps, which SwiftPM writes into the build folder.
    let bridges = ["GnuplotBridge", "DNNLBridge"].flatMap {
      ["-Xcc", "-fmodule-map-file=\(build)/\($0).build/module.modulemap"]
    }
    return ["-I", "\(build)/Modules"] + cModules + bridges + [
      "-L", build, "-l\(Self.libraryName)", "-Xlinker", "-rpath", "-Xlinker", build,
    ]
  }

  /// Identifies this build, for the cache: the library's size and date.
  public var fingerprint: String {
    FileFingerprint.of(buildDirectory.appendingPathComponent("lib\(Self.libraryName).so").path) ?? "missing"
  }
}
