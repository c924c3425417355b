import XCTest

@testable import NotebookKit

final class ParserTests: XCTestCase {
  private func parse(_ text: String) throws -> Notebook {
    try NotebookParser.parse(text, path: "nb.md")
  }

  private func assertError(
    _ text: String, _ expected: String, file: StaticString = #filePath, line: UInt = #line
  ) {
    XCTAssertThrowsError(try parse(text), file: file, line: line) {
      XCTAssertEqual("\($0)", expected, file: file, line: line)
    }
  }

  func testFencesWithBackticksTildesAndLongerFences() throws {
    let notebook = try parse(
      """
      Intro.

      ```swift
      let a = 1
      ```

      ~~~swift
      let b = 2
      ~~~

      ````swift
      let c = "```"
      ````

          let indented = "shown as code, not run"

      ```python
      print("shown only")
      ```
      """)
    XCTAssertEqual(notebook.cells.map(\.source), ["let a = 1", "let b = 2", "let c = \"```\""])
    XCTAssertEqual(notebook.cells.map(\.location.line), [4, 8, 12])
    XCTAssertEqual(notebook.cells.map(\.fenceLine), [3, 7, 11])
    let prose = notebook.blocks.compactMap { if case .prose(let html) = $0 { html } else { nil } }.joined()
    XCTAssertTrue(prose.contains("shown as code, not run"))
    XCTAssertTrue(prose.contains("print(&quot;shown only&quot;)"))
  }

  func testUnclosedFenceIsAnErrorAtItsLine() {
    assertError(
      "# Title\n\n```swift\nlet a = 1\n", "nb.md:3:1: error: code fence '```' opened here is never closed")
    assertError(
      "text\n\n````swift\nlet a = 1\n```\n", "nb.md:3:1: error: code fence '````' opened here is never closed"
    )
  }

  func testFrontMatterParametersAndProfiles() throws {
    let notebook = try parse(
      """
      ---
      title: Dense autoencoder
      source: "Applying an autoencoder"
      parameters:
        epochs: 20
        learningRate: 0.01
        shuffle: true
        name: digits
      profiles:
        quick:
          epochs: 1
      ---
      ```swift
      print(epochs)
      ```
      """)
    XCTAssertEqual(notebook.title, "Dense autoencoder")
    XCTAssertEqual(notebook.frontMatter.source, "Applying an autoencoder")
    XCTAssertEqual(
      notebook.frontMatter.parameters.map(\.name), ["epochs", "learningRate", "shuffle", "name"])
    XCTAssertEqual(
      notebook.frontMatter.parameters.map(\.value), [.int(20), .float(0.01), .bool(true), .string("digits")])
    XCTAssertEqual(notebook.frontMatter.profiles["quick"], ["epochs": .int(1)])
    XCTAssertEqual(notebook.cells.first?.location.line, 14, "line numbers count the front matter")
  }

  func testFrontMatterErrors() {
    assertError("---\ntitle: x\n", "nb.md:1:1: error: front matter opened here is never closed with '---'")
    assertError(
      "---\ntitle: x\ncolour: red\n---\n",
      "nb.md:3:1: error: unknown front matter key 'colour' (known: title, source, parameters, profiles)")
    assertError(
      "---\nparameters:\n  bad name: 1\n---\n",
      "nb.md:3:1: error: parameter name 'bad name' is not a Swift identifier")
  }

  func testCellOptions() throws {
    let notebook = try parse(
      """
      ```swift
      //| label: train
      //| echo: false
      //| caption: Loss per epoch
      //| timeout: 30
      //| expect-error: true
      let x = 1
      ```
      """)
    let cell = try XCTUnwrap(notebook.cells.first)
    XCTAssertEqual(cell.options.label, "train")
    XCTAssertFalse(cell.options.echo)
    XCTAssertEqual(cell.options.caption, "Loss per epoch")
    XCTAssertEqual(cell.options.timeout, 30)
    XCTAssertTrue(cell.options.expectError)
    XCTAssertEqual(cell.source, "let x = 1")
    XCTAssertEqual(cell.location.line, 7)
    assertError(
      "```swift\n//| colour: red\n```\n",
      "nb.md:2:1: error: unknown cell option 'colour' (known: echo, label, caption, timeout, expect-error)")
    assertError(
      "```swift\n//| echo: maybe\n```\n",
      "nb.md:2:1: error: cell option 'echo' takes true or false, not 'maybe'")
  }

  func testEmptyNotebook() throws {
    let notebook = try parse("")
    XCTAssertTrue(notebook.cells.isEmpty)
    XCTAssertTrue(notebook.blocks.isEmpty)
  }

  func testCRLFAndAByteOrderMarkReadLikeLF() throws {
    let lf = "---\ntitle: T\nparameters:\n  epochs: 2\n---\n# T\n\n```swift\nprint(epochs)\n```\n"
    let crlf = "\u{FEFF}" + lf.replacingOccurrences(of: "\n", with: "\r\n")
    let a = try NotebookParser.parse(lf, path: "nb.md")
    let b = try NotebookParser.parse(crlf, path: "nb.md")
    XCTAssertEqual(b.title, "T")
    XCTAssertEqual(b.frontMatter.parameters.map(\.name), ["epochs"], "the front matter is read after a BOM")
    XCTAssertEqual(b.cells.map(\.source), ["print(epochs)"])
    XCTAssertEqual(b.cells.map(\.fenceLine), a.cells.map(\.fenceLine))
    XCTAssertEqual(NotebookParser.normalized("a\rb\r\nc\n"), "a\nb\nc\n")
  }

  func testAYAMLErrorIsAtTheFilesOwnLine() {
    XCTAssertThrowsError(
      try NotebookParser.parse("---\ntitle: x\nparameters:\n  a: [1,\n---\nhi\n", path: "nb.md")
    ) {
      XCTAssertEqual(
        "\($0)",
        "nb.md:5:1: error: front matter is not valid YAML: did not find expected node content (while parsing a flow node)"
      )
    }
    XCTAssertThrowsError(try NotebookParser.parse("---\ntitle: x\nbad: \"open\n---\n", path: "nb.md")) {
      XCTAssertTrue(
        "\($0)".hasPrefix("nb.md:3:1: error: front matter is not valid YAML: "),
        "the line of the open quote: \($0)")
    }
  }

  func testNonUTF8FileNamesTheLine() {
    let bytes = Array("# Title\nok line\nbad: ".utf8) + [0xFF, 0xFE] + Array("\n".utf8)
    XCTAssertThrowsError(try NotebookParser.decodeUTF8(bytes, file: "nb.md")) {
      XCTAssertEqual(
        "\($0)", "nb.md:3:1: error: the notebook is not valid UTF-8 (bad byte at offset 21); save it as UTF-8"
      )
    }
  }

  func testParametersResolveWithProfilesAndOverrides() throws {
    let notebook = try parse(
      "---\nparameters:\n  epochs: 20\n  rate: 0.01\nprofiles:\n  quick:\n    epochs: 1\n    rate: 1\n---\n")
    let quick = try Parameters.resolve(
      notebook, profile: "quick", overrides: [ParameterOverride(name: "epochs", value: "3")])
    XCTAssertEqual(quick.values.map(\.value), [.int(3), .float(1)])
    XCTAssertThrowsError(
      try Parameters.resolve(
        notebook, profile: nil, overrides: [ParameterOverride(name: "epoch", value: "3")])
    ) {
      XCTAssertEqual("\($0)", "nb.md:1:1: error: unknown parameter 'epoch' from -p (declared: epochs, rate)")
    }
    XCTAssertThrowsError(
      try Parameters.resolve(
        notebook, profile: nil, overrides: [ParameterOverride(name: "epochs", value: "many")])
    ) {
      XCTAssertEqual("\($0)", "nb.md:1:1: error: parameter 'epochs' is Int; 'many' from -p is not")
    }
    XCTAssertThrowsError(try Parameters.resolve(notebook, profile: "slow", overrides: [])) {
      XCTAssertEqual("\($0)", "nb.md:1:1: error: no profile 'slow' in the front matter (profiles: quick)")
    }
    for bad in ["nan", "inf", "1e400"] {
      XCTAssertThrowsError(
        try Parameters.resolve(
          notebook, profile: nil, overrides: [ParameterOverride(name: "rate", value: bad)]))
    }
  }

  func testOverridesAimedAtOneNotebookAndUndeclaredOnesAsWarnings() throws {
    let notebook = try parse("---\nparameters:\n  epochs: 20\n---\n")
    XCTAssertEqual(
      ParameterOverride(parsing: "x.md:epochs=1"),
      ParameterOverride(notebook: "x.md", name: "epochs", value: "1"))
    XCTAssertEqual(
      ParameterOverride(parsing: "greeting=a=b"), ParameterOverride(name: "greeting", value: "a=b"))
    XCTAssertNil(ParameterOverride(parsing: "epochs"))
    XCTAssertNil(ParameterOverride(parsing: "=1"))
    let mine = try Parameters.resolve(
      notebook, profile: nil, overrides: [ParameterOverride(notebook: "nb", name: "epochs", value: "2")])
    XCTAssertEqual(mine.values.map(\.value), [.int(2)], "aimed at it by its stem")
    let other = try Parameters.resolve(
      notebook, profile: nil, overrides: [ParameterOverride(notebook: "other.md", name: "steps", value: "2")])
    XCTAssertEqual(other.values.map(\.value), [.int(20)], "aimed at another notebook: skipped")
    var warnings: [String] = []
    let lenient = try Parameters.resolve(
      notebook, profile: nil, overrides: [ParameterOverride(name: "steps", value: "2")],
      unknownIsWarning: true,
      warnings: &warnings)
    XCTAssertEqual(lenient.values.map(\.value), [.int(20)])
    XCTAssertEqual(
      warnings, ["nb.md:1:1: warning: -p steps ignored: this notebook declares no parameter 'steps'"])
  }

  func testGeneratedProgramMarksEveryCell() throws {
    let notebook = try parse(
      "---\nparameters:\n  epochs: 2\n---\n```swift\nprint(epochs)\n```\n\n```swift\n//| expect-error: true\ntry f()\n```\n"
    )
    let program = ProgramGenerator.program(
      for: notebook, parameters: try Parameters.resolve(notebook, profile: nil, overrides: []))
    XCTAssertTrue(program.contains("let epochs: Int = NotebookParameters.value(\"epochs\", as: Int.self)\n"))
    XCTAssertFalse(program.contains("= 2"), "values travel as data, not as source")
    XCTAssertTrue(
      program.contains("#sourceLocation(file: \"nb.md\", line: 6)\nprint(epochs)\n#sourceLocation()"))
    XCTAssertTrue(program.contains("do {\n#sourceLocation(file: \"nb.md\", line: 11)\ntry f()"))
  }

  func testAProgramThatStartsAfterACellRestoresItsVariablesAndSavesAfterTheRest() throws {
    let notebook = try parse(
      "```swift\nlet a = 1\nprint(a)\n```\n\n```swift\n//| expect-error: true\nlet b = try f()\n```\n\n"
        + "```swift\nlet c = a + 1\n```\n\n```swift\nprint(c)\n```\n")
    let program = ProgramGenerator.program(
      for: notebook, parameters: try Parameters.resolve(notebook, profile: nil, overrides: []),
      resumingAfter: 1)
    XCTAssertTrue(program.contains("NotebookSession.shared.start()\nNotebookState.resume(after: 1)\n"))
    XCTAssertTrue(program.contains("let a = NotebookState.restore(\"a\", like: { 1 })\n\n#sourceLocation()"))
    XCTAssertFalse(program.contains("try f()"), "an expect-error cell declares nothing for later cells")
    XCTAssertFalse(program.contains("begin(cell: 0)") || program.contains("begin(cell: 1)"))
    XCTAssertTrue(
      program.contains(
        "NotebookState.save(after: 2, [StateVariable(\"a\", line: 2, a), StateVariable(\"c\", line: 12, c)])")
    )
    XCTAssertFalse(program.contains("save(after: 3"), "nothing runs after the last cell")
  }

  /// Blocks outlive a document that was never stored: the parser's first
  /// pass reads code-block lines from a temporary one.
  /// A block points into cmark's tree: it must keep the document that owns
  /// the tree alive (a freed one was once read), and no longer than itself.
  func testBlocksKeepTheirDocumentAliveAndNoLonger() {
    weak var document: MarkdownDocument?
    var blocks: [MarkdownDocument.Node]? = {
      let parsed = MarkdownDocument("# Title\n\n```swift\nprint(1)\n```\n")
      document = parsed
      return parsed.blocks
    }()
    XCTAssertNotNil(document, "the blocks hold their document")
    XCTAssertEqual(blocks?.map(\.startLine), [1, 3])
    XCTAssertEqual(blocks?.map(\.endLine), [1, 5])
    blocks = nil
    XCTAssertNil(document, "and let it go with them")
  }
}
