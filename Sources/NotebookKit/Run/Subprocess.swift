import Foundation

/// Runs a program to completion and collects its merged output.
struct Subprocess {
  struct Result {
    var status: Int32
    var output: String
  }

  /// Runs `arguments` (the first found on PATH) in `directory`, feeding it
  /// `input` (which it must read whole before it writes much).
  static func run(
    _ arguments: [String], in directory: URL? = nil,
    environment: [String: String]? = nil, input: Data? = nil
  ) throws -> Result {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = directory }
    if let environment { process.environment = environment }
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    let inputPipe = input.map { _ in Pipe() }
    process.standardInput = inputPipe ?? FileHandle.nullDevice
    do {
      try process.run()
    } catch {
      throw RunnerError.setup("cannot start \(arguments[0]): \(error.localizedDescription)")
    }
    if let input, let inputPipe {
      try? inputPipe.fileHandleForWriting.write(contentsOf: input)
      try? inputPipe.fileHandleForWriting.close()
    }
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Result(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self))
  }

  /// The first line a successful command prints, or nil.
  static func firstLine(of arguments: [String]) -> String? {
    guard let result = try? run(arguments), result.status == 0 else { return nil }
    return result.output.split(separator: "\n").first.map(String.init)
  }
}
