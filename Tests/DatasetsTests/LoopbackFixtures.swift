import Foundation
import XCTest

/// Python's http.server serving a folder on a free loopback port, for the
/// download scripts' tests; stopped by `stop()` (call it in tearDown).
final class LoopbackHTTPServer {
  let baseURL: String
  private let process: Process

  init(serving directory: URL) throws {
    process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [
      "python3", "-u", "-m", "http.server", "0", "--bind", "127.0.0.1", "--directory", directory.path,
    ]
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = FileHandle.nullDevice
    try process.run()
    var banner = ""
    while !banner.contains("\n") {
      let chunk = pipe.fileHandleForReading.availableData
      guard !chunk.isEmpty else { break }
      banner += String(decoding: chunk, as: UTF8.self)
    }
    // "Serving HTTP on 127.0.0.1 port 43210 (http://127.0.0.1:43210/) ..."
    let port = try XCTUnwrap(banner.split(separator: " ").drop { $0 != "port" }.dropFirst().first)
    baseURL = "http://127.0.0.1:\(port)"
  }

  func stop() {
    process.terminate()
    process.waitUntilExit()
  }
}

/// Runs a command to completion; its status and merged output.
func launch(_ arguments: [String], in directory: URL? = nil, environment: [String: String]? = nil)
  throws -> (status: Int32, output: String)
{
  let process = Process()
  process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
  process.arguments = arguments
  if let directory { process.currentDirectoryURL = directory }
  if let environment { process.environment = environment }
  let pipe = Pipe()
  process.standardOutput = pipe
  process.standardError = pipe
  try process.run()
  let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
  process.waitUntilExit()
  return (process.terminationStatus, output)
}

/// A script of the project's `scripts/` folder.
func projectScript(_ name: String) -> URL {
  URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../scripts/\(name)")
    .standardized
}
