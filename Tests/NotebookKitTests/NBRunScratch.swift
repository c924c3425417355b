import Foundation
import Launcher
import XCTest

@testable import NotebookKit

/// A scratch folder with fixtures copied in, where the built `nbrun` runs
/// as a user would run it.
struct NBRunScratch {
  let folder: URL

  struct Run {
    var status: Int32
    var output: String
  }

  init() throws {
    folder = FileManager.default.temporaryDirectory.appendingPathComponent("nbrun-scratch-\(UUID())")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
  }

  func remove() { try? FileManager.default.removeItem(at: folder) }

  static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
    "Fixtures")

  /// Copies fixtures in (under `subfolder` if given).
  func copy(_ names: [String], to subfolder: String = "") throws {
    let target = folder.appendingPathComponent(subfolder)
    try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
    for name in names where !FileManager.default.fileExists(atPath: target.appendingPathComponent(name).path)
    {
      try FileManager.default.copyItem(
        at: Self.fixtures.appendingPathComponent(name), to: target.appendingPathComponent(name))
    }
  }

  /// Runs nbrun in the folder, with `environment` added to this process's.
  func nbrun(_ arguments: [String], environment: [String: String] = [:]) throws -> Run {
    let binary = try SupportLibrary.locate().buildDirectory.appendingPathComponent("nbrun").path
    var merged = ProcessInfo.processInfo.environment
    merged["GITHUB_ACTIONS"] = nil  // the tests' own CI must not change what nbrun prints
    for (key, value) in environment { merged[key] = value }
    let result = try ChildProcess.run(Command([binary] + arguments, in: folder.path, environment: merged))
    return Run(status: result.status, output: result.outputText)
  }

  func url(_ path: String) -> URL { folder.appendingPathComponent(path) }

  func read(_ path: String) throws -> String { try String(contentsOf: url(path), encoding: .utf8) }
}
