import Foundation
import Launcher
import XCTest

@testable import NotebookKit

final class SupportLibraryTests: XCTestCase {
  /// What the runner does for every notebook: compile a program that
  /// imports NNCore against the built dynamic library, then run it.
  func testProgramImportingNNCoreCompilesAgainstTheLibraryAndRuns() throws {
    let library = try SupportLibrary.locate()
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("nbrun-\(UUID())")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let source = folder.appendingPathComponent("main.swift")
    try """
    import NNCore
    let model = Sequential { Dense(3 => 2, initializer: .constant(1)) }
    print(try model(Tensor(shape: [1, 3], scalars: [1, 2, 3])).scalars)
    """.write(to: source, atomically: true, encoding: .utf8)

    let program = folder.appendingPathComponent("main")
    try SwiftCompiler(library: library).compile(source, to: program)
    let result = try ChildProcess.run(Command([program.path]))

    XCTAssertEqual(result.status, 0, result.outputText)
    XCTAssertEqual(result.outputText, "[6.0, 6.0]\n")
  }

  /// The C modules found from the package's layout are exactly the
  /// system libraries Package.swift declares and its targets without Swift
  /// sources. (Read from the manifest's text: `swift package describe`
  /// would wait for the build folder's lock, which `swift test` holds.)
  func testTheCModulesAreThePackagesCTargets() throws {
    let library = try SupportLibrary.locate()
    let manifest = try String(
      contentsOf: library.packageRoot.appendingPathComponent("Package.swift"), encoding: .utf8)
    let declared = manifest.matches(of: /\.(systemLibrary|target)\(\s*name: "(\w+)"/).map {
      String($0.output.2)
    }
    let sources = library.packageRoot.appendingPathComponent("Sources")
    let cTargets = try declared.filter { name in
      let files = try FileManager.default.subpathsOfDirectory(
        atPath: sources.appendingPathComponent(name).path)
      return !files.contains { $0.hasSuffix(".swift") }
    }
    XCTAssertEqual(library.cModules.map(\.name), cTargets.sorted())
    XCTAssertTrue(cTargets.contains("DNNLBridge") && cTargets.contains("CBLAS"), "\(cTargets)")
  }

  func testMissingLibraryIsAClearSetupError() {
    XCTAssertThrowsError(try SupportLibrary.locate(environment: ["NBRUN_BUILD_DIR": "/nonexistent"])) {
      XCTAssertTrue("\($0)".contains("swift build -c release --product NotebookSupport"), "\($0)")
    }
  }
}
