import Foundation

/// A data file is missing or not what it claims to be. The message names
/// the file and what is wrong with it.
public struct DatasetError: Error, CustomStringConvertible, LocalizedError {
  public var file: String
  public var problem: String

  public init(file: String, problem: String) {
    self.file = file
    self.problem = problem
  }

  public var description: String { "\(file): \(problem)" }
  public var errorDescription: String? { description }
}
