import Foundation
import Launcher

/// What a child process of the benchmark writes to standard output: the
/// answer of the sgemm measurement and of the Python peers.
enum ChildOutput {
  struct Failure: Error, CustomStringConvertible {
    var description: String
  }

  /// Runs `arguments` and returns its standard output; throws with the
  /// end of its standard error when it fails.
  static func of(_ arguments: [String], environment: [String: String]? = nil, what: String) throws -> Data {
    var command = Command(arguments, environment: environment)
    command.separateErrors = true
    let result = try ChildProcess.run(command)
    guard result.succeeded else {
      throw Failure(description: "\(what) failed (\(command.description)): \(result.errorText.suffix(800))")
    }
    return result.output
  }
}
