import Foundation
import Launcher
import NotebookProtocol
import XCTest

@testable import NotebookKit

/// The program side of incremental runs, end to end: a program written as
/// the generator will write it saves its state after cell 0, a second
/// program resumes after cell 0 and runs cell 1 only, and cell 1 prints the
/// same bits in both. The state holds types of the program's own module
/// (found again by `_typeByName`), an existential variable, an object held
/// by three variables, an optimizer and a batch stream partway.
final class StateResumeTests: XCTestCase {
  private static let declarations = """
    import Datasets
    import Foundation
    import NNCore
    import NotebookRuntime

    final class Tail: Layer, Codable {
      // A default that reads a variable of the program and draws numbers: restoring runs it.
      var inner = Dense(3 => 4, activation: .sigmoid, initializer: weights)
      var drop = Dropout(keep: 0.9)
      func callAsFunction(_ x: Tensor) throws -> Tensor { try inner(try drop(x)) }
      func outputShape(for input: [Int]) throws -> [Int] { try inner.outputShape(for: input) }
      var constructor: String { "Tail()" }
    }
    struct Run: Codable {
      let seed: Int
      @Polymorphic var model: any Layer
    }

    """

  private static let cell0 = [
    ("weights", ".truncatedNormal(std: 0.1)", "Initializer"),
    ("seq", "Sequential { Dense(4 => 3, activation: .relu); Tail() }", nil),
    ("view", "seq", "any Layer"),
    ("adam", "Adam(learningRate: 0.05)", nil),
    ("x", "Tensor.randomUniform(shape: [6, 4], in: 0...1)", nil),
    ("runs", "[Run(seed: 1, model: seq)]", nil),
    ("best", "runs[0].model", "any Layer"),
    ("stream", "BatchStream(x, size: 4)", nil),
  ]

  private static let cell1 = """
    print("cell 1")
    _ = stream.next()
    for _ in 0..<3 {
      let (loss, gradients) = try valueAndGrad(seq) { mse(try $0(x), x) }
      adam.update(seq, along: gradients)
      print(loss.bitPattern)
    }
    print(Tensor.randomNormal(shape: [3]).scalars.map(\\.bitPattern))
    print(stream.next().scalars.map(\\.bitPattern))
    print(best === seq, view === seq, best is Sequential, adam.step)
    print(try seq(x).scalars.map(\\.bitPattern))

    """

  /// Cell 0 computed, then saved.
  private static var fullProgram: String {
    var lines = [declarations, "Random.seed(5)"]
    for (name, initializer, type) in cell0 {
      lines.append("let \(name)\(type.map { ": \($0)" } ?? "") = \(initializer)")
    }
    // As the generated program will do after cell 0: every variable, in order.
    lines.append("_ = stream.next()")
    lines.append(
      "for _ in 0..<2 { let (_, g) = try valueAndGrad(seq) { mse(try $0(x), x) }; adam.update(seq, along: g) }"
    )
    let variables = cell0.enumerated().map { "StateVariable(\"\($1.0)\", line: \($0 + 1), \($1.0))" }
    lines.append("NotebookState.save(after: 0, [\(variables.joined(separator: ", "))])")
    return (lines + [cell1]).joined(separator: "\n")
  }

  /// Cell 0 restored, by inference from the initializer or by the annotation.
  private static var resumedProgram: String {
    var lines = [declarations, "NotebookState.resume(after: 0)"]
    for (name, initializer, type) in cell0 {
      if let type {
        lines.append("let \(name): \(type) = NotebookState.restore(\"\(name)\", as: (\(type)).self)")
      } else {
        lines.append("let \(name) = NotebookState.restore(\"\(name)\", like: { \(initializer) })")
      }
    }
    return (lines + [cell1]).joined(separator: "\n")
  }

  func testAResumedProgramPrintsWhatTheFullOneDoes() throws {
    let library = try SupportLibrary.locate()
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("nbrun-resume-\(UUID())")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    var environment = ProcessInfo.processInfo.environment
    environment[StateSnapshots.directoryVariable] = folder.appendingPathComponent("state").path
    environment[StateSnapshots.keysVariable] = "after-cell-0,after-cell-1"
    environment[ChannelRecord.descriptorVariable] = "3"

    func run(_ source: String, _ name: String) throws -> (output: String, records: String) {
      // `main.swift`, as nbrun names it: the module's name is in every saved type's name.
      let programFolder = folder.appendingPathComponent(name)
      try FileManager.default.createDirectory(at: programFolder, withIntermediateDirectories: true)
      let file = programFolder.appendingPathComponent("main.swift")
      try source.write(to: file, atomically: true, encoding: .utf8)
      let program = programFolder.appendingPathComponent("main")
      try SwiftCompiler(library: library).compile(file, to: program)
      let records = folder.appendingPathComponent("\(name).records")
      let result = try ChildProcess.run(
        Command(["sh", "-c", "exec \"$0\" 3>\"$1\"", program.path, records.path], environment: environment))
      XCTAssertEqual(result.status, 0, result.outputText)
      return (result.outputText, (try? String(contentsOf: records, encoding: .utf8)) ?? "")
    }

    let full = try run(Self.fullProgram, "full")
    XCTAssertTrue(full.records.contains("stateSaved"), full.records)
    XCTAssertFalse(full.records.contains("stateNotSaved"), full.records)
    let resumed = try run(Self.resumedProgram, "resumed")
    let fullCell1 = try XCTUnwrap(full.output.range(of: "cell 1\n")).lowerBound
    XCTAssertEqual(resumed.output, String(full.output[fullCell1...]))
    XCTAssertTrue(resumed.output.contains("true true true 5"), resumed.output)
  }
}
