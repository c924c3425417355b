import Foundation
import Launcher
import ModelZoo
import XCTest

@testable import NotebookKit

/// Every zoo model prints exactly as the model its notebook builds: the
/// notebook's own declarations are compiled against the support library
/// and their models printed (as constructors, with parameter counts), so
/// an edit on either side that changes a layer, a setting or an
/// initialiser fails here.
final class NotebookAgreementTests: XCTestCase {
  private var packageRoot: URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent()
  }

  func testEveryZooModelPrintsAsItsNotebooksModel() throws {
    let printed = try notebookModelsPrinted()
    XCTAssertEqual(printed["zoo"], ModelZoo.names.joined(separator: ","), "the library's zoo is not this one")
    for model in ModelZoo.all {
      let notebook = try XCTUnwrap(printed[model.name], "\(model.name): its notebook printed nothing")
      XCTAssertEqual(
        model.build().description, notebook,
        "\(model.name) differs from `\(model.notebookExpression)` of \(model.notebook)")
    }
  }

  /// One program for all notebooks, each notebook's declarations inside a
  /// function of its own (their names clash across notebooks), printing
  /// `{model name: description}` as JSON.
  private func notebookModelsPrinted() throws -> [String: String] {
    // `import ModelZoo` as a notebook would: the support library exports it.
    var program = [
      "import Foundation", "import ModelZoo", "import NNCore", "",
      "var printed = [\"zoo\": ModelZoo.names.joined(separator: \",\")]",
    ]
    for (index, notebook) in Set(ModelZoo.all.map(\.notebook)).sorted().enumerated() {
      let models = ModelZoo.all.filter { $0.notebook == notebook }
      let declarations = try NotebookDeclarations(notebook: packageRoot.appendingPathComponent(notebook).path)
      program.append("func notebook\(index)() throws {  // \(notebook)")
      program += declarations.needed(by: models.map(\.notebookExpression)).map(\.text)
      program += models.map { "printed[\"\($0.name)\"] = (\($0.notebookExpression)).description" }
      program += ["}", "try notebook\(index)()"]
    }
    program.append(
      "print(String(decoding: try JSONSerialization.data(withJSONObject: printed), as: UTF8.self))")

    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("zoo-agreement-\(UUID())")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let source = folder.appendingPathComponent("main.swift")
    try program.joined(separator: "\n").write(to: source, atomically: true, encoding: .utf8)
    let executable = folder.appendingPathComponent("models")
    do {
      try SwiftCompiler(library: try SupportLibrary.locate()).compile(source, to: executable)
    } catch let failure as SwiftCompiler.Failure {
      XCTFail(
        "the notebooks' model code did not compile:\n\(failure.diagnostics)\n\(program.joined(separator: "\n"))"
      )
      throw failure
    }
    let result = try ChildProcess.run(Command([executable.path], in: folder.path))
    XCTAssertEqual(result.status, 0, result.outputText)
    let json = try XCTUnwrap(result.outputText.split(separator: "\n").last, "no output")
    return try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: String])
  }
}
