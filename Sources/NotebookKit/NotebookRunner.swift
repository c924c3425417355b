import Foundation

/// How to run notebooks, from the command line.
public struct RunOptions: Sendable {
  public var outputDirectory: URL
  public var overrides: [ParameterOverride] = []
  /// A `-p` that a notebook does not declare is a warning, not an error
  /// (several notebooks given, each declaring its own).
  public var unknownParameterIsWarning = false
  public var profile: String?
  /// Seconds for each notebook, or nil for no limit.
  public var notebookTimeout: Double?
  /// Run even when the cache says nothing changed.
  public var force = false
  /// Each notebook's report folder name (`ReportNames`); its stem when absent.
  public var reportNames: [String: String] = [:]
  /// Embed figures in the HTML instead of linking `figures/`.
  public var selfContained = false
  /// Say, per cell, why it runs or is reused.
  public var explain = false

  public init(outputDirectory: URL) {
    self.outputDirectory = outputDirectory
  }
}

/// The pipeline for one notebook: parse → resolve parameters → generate →
/// (cache) → compile → run → render → publish. Problems with the notebook
/// end up in its report and the return value, never as a crash of nbrun.
public final class NotebookRunner {
  let library: SupportLibrary
  let options: RunOptions
  /// Costs git and `swiftc --version` launches: computed on the first real run.
  private lazy var environment = RunEnvironment.current(reports: options.outputDirectory)
  weak var reporter: (any ProgressReporter)?

  public init(library: SupportLibrary, options: RunOptions, reporter: (any ProgressReporter)?) {
    self.library = library
    self.options = options
    self.reporter = reporter
  }

  /// How a notebook's run ended.
  public enum Outcome: Sendable, Equatable {
    case succeeded
    case failed
    /// The command line asked for what the notebook does not have (an
    /// unknown parameter or profile, a value of the wrong type).
    case usageError
  }

  /// Runs the notebook at `path`.
  public func run(path: String) -> Outcome {
    let notebook: Notebook
    let parameters: Parameters
    do {
      notebook = try NotebookParser.parse(file: path)
    } catch {
      return notRun(path, error: error, outcome: .failed)
    }
    do {
      parameters = try resolveParameters(notebook)
    } catch {
      return notRun(path, error: error, outcome: .usageError)
    }
    do {
      return try BuildFolder(for: notebook).withLock { try run(notebook, parameters: parameters) }
        ? .succeeded : .failed
    } catch {
      return notRun(path, error: error, outcome: .failed)
    }
  }

  /// A notebook that could not run: said on the terminal, and marked in the
  /// index (beside its last report, which stays as it was).
  private func notRun(_ path: String, error: any Error, outcome: Outcome) -> Outcome {
    reporter?.notebookFailedToStart(path, error: "\(error)")
    let report = reportName(path: path)
    let mark = NotRunMark(
      notebook: path, error: "\(error)", date: ISO8601DateFormatter().string(from: Date()))
    if (try? mark.write(in: options.outputDirectory, report: report)) != nil {
      try? IndexRenderer.write(outputDirectory: options.outputDirectory)
    }
    return outcome
  }

  private func reportName(path: String) -> String {
    options.reportNames[path] ?? ((path as NSString).lastPathComponent as NSString).deletingPathExtension
  }

  private func resolveParameters(_ notebook: Notebook) throws -> Parameters {
    var warnings: [String] = []
    let parameters = try Parameters.resolve(
      notebook, profile: options.profile, overrides: options.overrides,
      unknownIsWarning: options.unknownParameterIsWarning, warnings: &warnings)
    for warning in warnings { reporter?.warning(warning) }
    return parameters
  }

  /// Type-checks the notebook at `path` without running it (`--check`).
  public func check(path: String) -> (ok: Bool, diagnostics: String) {
    do {
      let notebook = try NotebookParser.parse(file: path)
      let parameters = try resolveParameters(notebook)
      try BuildFolder(for: notebook).withLock {
        try SwiftCompiler(library: library).typecheck(try writeProgram(notebook, parameters: parameters))
      }
      return (true, "")
    } catch let failure as SwiftCompiler.Failure {
      return (false, failure.diagnostics(naming: path))
    } catch {
      return (false, "\(error)")
    }
  }

  private func run(_ notebook: Notebook, parameters: Parameters) throws -> Bool {
    reporter?.notebookStarted(notebook)
    let folder = ReportFolder(
      final: options.outputDirectory.appendingPathComponent(
        options.reportNames[notebook.path] ?? notebook.stem))
    let staging = try folder.makeStaging()
    defer { folder.discard(staging) }
    let (record, cached) = try outcome(of: notebook, parameters: parameters, folder: folder, staging: staging)
    try publish(record, of: notebook, cached: cached, folder: folder, staging: staging)
    return record.result.succeeded
  }

  /// What a run of the notebook at `path` would do, cell by cell; runs
  /// nothing, writes nothing (`--dry-run`).
  public func plan(path: String) throws -> RunPlan {
    let notebook = try NotebookParser.parse(file: path)
    let parameters = try resolveParameters(notebook)
    let folder = ReportFolder(
      final: options.outputDirectory.appendingPathComponent(
        options.reportNames[notebook.path] ?? notebook.stem))
    let check = cacheCheck(of: notebook, parameters: parameters, folder: folder)
    return RunPlan(
      notebook: notebook, plan: check.plan, previous: check.previous, rendersOnly: check.rendersOnly)
  }

  /// The cache check: what the last run left that this one can reuse.
  private struct CacheCheck {
    var previous: RunRecord?
    /// The whole notebook's key, and each cell's (the state after it).
    var key: String
    var keys: [String]
    var inputs: [String: String]
    var store: StateStore
    var plan: ReusePlan
    /// Nothing that runs changed since the last clean run (at most prose,
    /// captions or labels): the report is rendered again, nothing runs.
    var rendersOnly: Bool
  }

  private func cacheCheck(of notebook: Notebook, parameters: Parameters, folder: ReportFolder) -> CacheCheck {
    let previous = folder.existingRecord
    // Read once: the data files' fingerprint lists every file of the data folders.
    let inputs = CellKeys.inputs(
      parameters: parameters, library: library, environment: ProcessInfo.processInfo.environment)
    let key = CacheKey.make(notebook: notebook, parameters: parameters, inputs: inputs)
    let keys = CellKeys.make(notebook: notebook, inputs: inputs)
    let store = StateStore(buildFolder: BuildFolder(for: notebook).url)
    let plan = ReusePlan.make(
      notebook: notebook, keys: keys, inputs: inputs, previous: previous, store: store, force: options.force)
    let rendersOnly =
      !options.force && previous?.result.succeeded == true
      && (previous?.cacheKey == key || plan.reusesAll)
    return CacheCheck(
      previous: previous, key: key, keys: keys, inputs: inputs, store: store, plan: plan,
      rendersOnly: rendersOnly)
  }

  /// The cache and run stages: the record of the last run when nothing that
  /// runs changed (`cached`), else the record of a run, which starts after
  /// the last cell whose saved state it can restore (`ReusePlan`).
  private func outcome(of notebook: Notebook, parameters: Parameters, folder: ReportFolder, staging: URL)
    throws
    -> (RunRecord, cached: Bool)
  {
    let check = cacheCheck(of: notebook, parameters: parameters, folder: folder)
    let (previous, key, keys, store, plan) = (check.previous, check.key, check.keys, check.store, check.plan)
    if let previous { reporter?.previousRun(of: notebook, record: previous) }
    if options.explain { reporter?.explained(notebook, reasons: plan.reasons) }
    defer { store.prune(keeping: Set(keys)) }

    if check.rendersOnly, var record = previous {
      // Nothing that runs changed (at most prose, captions or labels): render again.
      record.title = notebook.title
      record.cacheKey = key
      record.stateInputs = check.inputs
      try Self.copyFigures(from: folder.final, to: staging)
      return (record, true)
    }
    var (result, resumed) = try execute(
      notebook, parameters: parameters, figures: staging.appendingPathComponent("figures"),
      states: zip(keys, notebook.cells).map { CellState(key: $0, code: CellKeys.code(of: $1)) },
      store: store, resumingAfter: plan.lastReused)
    if let resumed, let previous {
      let reused = ReusedCells(from: previous, through: resumed)
      result = reused.merged(into: result)
      try reused.copyFiles(from: folder.final, to: staging)
    }
    let record = RunRecord(
      notebook: notebook.path, title: notebook.title,
      parameters: Dictionary(
        parameters.values.map { ($0.name, $0.value.description) }, uniquingKeysWith: { $1 }),
      parameterOrder: parameters.values.map(\.name), profile: parameters.profile, environment: environment,
      result: result, cacheKey: key, stateInputs: check.inputs)
    return (record, false)
  }

  /// The render and publish stages: the page from the record, swapped into
  /// place with its figures, and the index written again.
  private func publish(
    _ record: RunRecord, of notebook: Notebook, cached: Bool, folder: ReportFolder, staging: URL
  ) throws {
    var record = record
    record.lastGoodRun = try folder.carryLastGood(into: staging, runSucceeded: record.result.succeeded)
    record.formulas = typesetFormulas(notebook, reusing: record.formulas ?? [:])
    let (html, warnings) = ReportRenderer(
      notebook: notebook, record: record, cached: cached,
      figuresDirectory: staging.appendingPathComponent("figures"), selfContained: options.selfContained,
      renderedBy: renderedBy
    ).render()
    for warning in warnings + (try ProseImages(notebook: notebook).copy(into: staging)) {
      reporter?.warning(warning)
    }
    try folder.publish(staging: staging, record: record, html: html)
    NotRunMark.remove(in: options.outputDirectory, report: folder.final.lastPathComponent)
    try IndexRenderer.write(outputDirectory: options.outputDirectory)
    reporter?.notebookFinished(
      notebook, result: record.result, cached: cached,
      report: folder.final.appendingPathComponent("index.html").path)
  }

  /// Which nbrun renders a page, and when, for its header.
  private var renderedBy: String { Self.renderedBy(commit: environment.gitCommit) }

  static func renderedBy(commit: String) -> String {
    "nbrun \(version) at \(commit), \(ISO8601DateFormatter().string(from: Date()))"
  }

  /// nbrun's version, as `nbrun --version` prints it.
  public static let version = "0.1.0"

  /// The notebook's formulas as MathML, typesetting only those not in `known`.
  private func typesetFormulas(_ notebook: Notebook, reusing known: [String: String]) -> [String: String] {
    Self.typesetFormulas(notebook, reusing: known, reporter: reporter)
  }

  static func typesetFormulas(
    _ notebook: Notebook, reusing known: [String: String], reporter: (any ProgressReporter)?
  ) -> [String: String] {
    var formulas = known.filter { key, _ in notebook.math.contains { $0.key == key } }
    let missing = notebook.math.filter { formulas[$0.key] == nil }
    let typeset = MathTypesetter.typeset(missing, file: notebook.path)
    for warning in typeset.warnings { reporter?.warning(warning) }
    for (span, mathML) in zip(missing, typeset.mathML) { formulas[span.key] = mathML }
    return formulas
  }

  /// Compiles and runs the notebook, starting after cell `resumed` when
  /// given; returns the result and the cell it started after. A program that
  /// restores state but does not compile (restoring can only fail to infer
  /// a type the full program inferred) falls back to running every cell.
  private func execute(
    _ notebook: Notebook, parameters: Parameters, figures: URL, states: [CellState], store: StateStore,
    resumingAfter resumed: Int?
  ) throws -> (RunResult, resumed: Int?) {
    let source = try writeProgram(notebook, parameters: parameters, resumingAfter: resumed)
    let program = source.deletingLastPathComponent().appendingPathComponent("notebook")
    let compileStarted = Date()
    do {
      try SwiftCompiler(library: library).compile(source, to: program)
    } catch let failure as SwiftCompiler.Failure {
      let diagnostics = failure.diagnostics(naming: notebook.path)
      if let resumed {
        reporter?.warning(
          "\(notebook.path): the program that starts after \(notebook.cells[resumed].displayName) does not "
            + "compile, so every cell runs: \(diagnostics.split(separator: "\n").first ?? "")")
        return try execute(
          notebook, parameters: parameters, figures: figures, states: states, store: store, resumingAfter: nil
        )
      }
      var result = RunResult(
        status: .compileFailed(diagnostics: diagnostics), cells: notebook.cells.map { _ in CellResult() })
      result.compileSeconds = Date().timeIntervalSince(compileStarted)
      return (result, nil)
    }
    let compileSeconds = Date().timeIntervalSince(compileStarted)
    reporter?.compiled(notebook, seconds: compileSeconds)
    var states = states
    for (cell, reason) in ProgramGenerator.savedVariables(notebook).notSaved { states[cell].reason = reason }
    var result = try Executor(
      notebook: notebook, program: program, parameters: parameters, figuresDirectory: figures,
      notebookTimeout: options.notebookTimeout, stateStore: store, states: states,
      reporter: reporter
    ).run()
    result.compileSeconds = compileSeconds
    return (result, resumed)
  }

  /// Writes the generated program into its `BuildFolder`, where it
  /// can be read when something puzzles.
  private func writeProgram(_ notebook: Notebook, parameters: Parameters, resumingAfter resumed: Int? = nil)
    throws -> URL
  {
    let folder = BuildFolder(for: notebook).url
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let source = folder.appendingPathComponent("main.swift")
    try Data(ProgramGenerator.program(for: notebook, parameters: parameters, resumingAfter: resumed).utf8)
      .write(
        to: source, options: .atomic)
    return source
  }

  static func copyFigures(from report: URL, to staging: URL) throws {
    let source = report.appendingPathComponent("figures")
    let target = staging.appendingPathComponent("figures")
    for name in (try? FileManager.default.contentsOfDirectory(atPath: source.path)) ?? [] {
      try FileManager.default.copyItem(
        at: source.appendingPathComponent(name), to: target.appendingPathComponent(name))
    }
  }
}
