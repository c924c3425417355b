import Foundation

/// One child process whose standard output is the answer: the sgemm
/// measurement and the Python peers.
enum ChildProcess {
  struct Failure: Error, CustomStringConvertible {
    var description: String
  }

  /// This executable, for running a part of nbbench in a fresh process.
  static var executablePath: String {
    (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
  }

  /// Runs `arguments` (the first found on PATH) and returns what it wrote
  /// to standard output; throws with the end of its standard error when
  /// it fails.
  static func run(_ arguments: [String], environment: [String: String]? = nil, what: String) throws -> Data {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    if let environment { process.environment = environment }
    let output = Pipe()
    // Standard error goes to a file, read after the child ends, so that
    // neither of two pipes can fill and stall it while the other is read.
    let errorFile = FileManager.default.temporaryDirectory.appendingPathComponent("nbbench-\(UUID()).err")
    guard FileManager.default.createFile(atPath: errorFile.path, contents: nil) else {
      throw Failure(description: "\(what): cannot create \(errorFile.path)")
    }
    defer { try? FileManager.default.removeItem(at: errorFile) }
    process.standardOutput = output
    process.standardError = try FileHandle(forWritingTo: errorFile)
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let message = (try? Data(contentsOf: errorFile)) ?? Data()
    guard process.terminationStatus == 0 else {
      throw Failure(
        description: "\(what) failed (\(arguments.joined(separator: " "))): "
          + String(decoding: message, as: UTF8.self).suffix(800))
    }
    return data
  }
}
