import Foundation
import Launcher
import XCTest

@testable import NotebookKit

/// A scratch folder with fixture notebooks, and the built `nbrun` run in it
/// as a user would: the base of every end-to-end test.
class EndToEndTestCase: XCTestCase {
  var folder: URL!

  override func setUpWithError() throws {
    folder = FileManager.default.temporaryDirectory.appendingPathComponent("nbrun-e2e-\(UUID())")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
  }

  override func tearDown() { try? FileManager.default.removeItem(at: folder) }

  struct Run {
    var status: Int32
    var output: String
  }

  /// Copies fixtures into the scratch folder and runs nbrun there, with
  /// `environment` added to this process's.
  func nbrun(_ arguments: [String], fixtures: [String] = [], environment: [String: String] = [:]) throws
    -> Run
  {
    try copyFixtures(fixtures)
    let library = try SupportLibrary.locate()
    let binary = library.buildDirectory.appendingPathComponent("nbrun").path
    let result = try ChildProcess.run(
      Command(
        [binary] + arguments, in: folder.path,
        environment: ProcessInfo.processInfo.environment.merging(environment) { $1 }))
    return Run(status: result.status, output: result.outputText)
  }

  /// Copies files of `Fixtures/` into the scratch folder, unless there already.
  func copyFixtures(_ names: [String]) throws {
    let fixtureFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
      "Fixtures")
    for name in names where !FileManager.default.fileExists(atPath: folder.appendingPathComponent(name).path)
    {
      try FileManager.default.copyItem(
        at: fixtureFolder.appendingPathComponent(name), to: folder.appendingPathComponent(name))
    }
  }

  /// Writes a notebook of the test's own into the scratch folder.
  func write(_ notebook: String, to name: String) throws {
    try notebook.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
  }

  func report(_ stem: String) throws -> String {
    try String(contentsOf: folder.appendingPathComponent("output/\(stem)/index.html"), encoding: .utf8)
  }
}
