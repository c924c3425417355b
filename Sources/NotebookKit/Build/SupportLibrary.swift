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
    return ["-I", "\(build)/Modules"] + cModules.flatMap { $0.flags } + [
      "-L", build, "-l\(Self.libraryName)", "-Xlinker", "-rpath", "-Xlinker", build,
    ]
  }

  /// A C module of the package, which a client of the library must be able
  /// to load because the library's modules import it internally.
  struct CModule: Equatable {
    var name: String
    /// `-I` of a system library's folder, or `-fmodule-map-file` of the
    /// module map SwiftPM writes into the build folder for a C target.
    var flags: [String]
  }

  /// Every C module of the package, found from its layout rather than
  /// listed, so that a C target added to Package.swift needs nothing here:
  /// each system library is a folder of `Sources/` holding a
  /// `module.modulemap`, each C target one holding an `include/` folder
  /// (whose module map is in `<build>/<name>.build/`). Modules the library
  /// does not import are declared but never loaded.
  var cModules: [CModule] {
    let sources = packageRoot.appendingPathComponent("Sources")
    let manager = FileManager.default
    let names = ((try? manager.contentsOfDirectory(atPath: sources.path)) ?? []).sorted()
    return names.compactMap { name in
      let folder = sources.appendingPathComponent(name)
      if manager.fileExists(atPath: folder.appendingPathComponent("module.modulemap").path) {
        return CModule(name: name, flags: ["-I", folder.path])
      }
      let moduleMap = buildDirectory.appendingPathComponent("\(name).build/module.modulemap")
      if manager.fileExists(atPath: folder.appendingPathComponent("include").path),
        manager.fileExists(atPath: moduleMap.path)
      {
        return CModule(name: name, flags: ["-Xcc", "-fmodule-map-file=\(moduleMap.path)"])
      }
      return nil
    }
  }

  /// Identifies this build, for the cache: the library's size and date.
  public var fingerprint: String {
    FileFingerprint.of(buildDirectory.appendingPathComponent("lib\(Self.libraryName).so").path) ?? "missing"
  }
}
