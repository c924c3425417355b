import Foundation

/// What a notebook program tells the runner, on a channel of its own (the
/// descriptor `$NBRUN_RECORD_FD`), apart from the cells' text: each record is
/// one line, `ChannelRecord.prefix` followed by JSON.
public enum ChannelRecord: Codable, Equatable, Sendable {
  case cellStarted(cell: Int)
  case cellFinished(cell: Int, seconds: Double)
  /// A rich output of the running cell.
  case output(cell: Int, RichOutput)
  /// Training progress of the running cell ("epoch 3/20").
  case progress(cell: Int, text: String)
  /// How much of the running cell's work is done, 0...1, for an estimate
  /// of the time left (`fit` sends it; so does `progress(fraction:)`).
  case progressFraction(cell: Int, done: Double)
  /// A data set a cell loaded, and its size, for the run record.
  case dataset(description: String)
  /// A figure of the post beside ours.
  case comparison(Comparison)
  /// A sentence of the prose that the run checked, and whether it held.
  case claim(cell: Int, Claim)
  /// An `expect-error` cell threw, as it should.
  case expectedError(cell: Int, message: String)
  /// An `expect-error` cell finished without throwing.
  case missingExpectedError(cell: Int)
  /// A cell threw an error it did not catch; the program ends after this.
  case cellFailed(cell: Int, message: String, at: SourcePosition)
  /// The program state after the cell was saved (`StateSnapshots`): the
  /// snapshot's size and how long saving took.
  case stateSaved(cell: Int, bytes: Int, seconds: Double)
  /// The state after the cell could not be saved, and why (a variable of a
  /// type that is not `Codable`, named with its line), so a later run
  /// cannot start after this cell.
  case stateNotSaved(cell: Int, reason: String)

  /// The environment variable that names the descriptor records go to.
  public static let descriptorVariable = "NBRUN_RECORD_FD"

  /// The environment variable holding the parameter values, a JSON object
  /// of strings (see `NotebookParameters`).
  public static let parametersVariable = "NBRUN_PARAMETERS"

  /// The environment variable holding this run's sync nonce: before each
  /// record the program writes `syncMarker(nonce)` to stdout, so the runner
  /// can put records and text back in order.
  public static let syncVariable = "NBRUN_SYNC"

  public static func syncMarker(_ nonce: String) -> String { "\u{1E}nbrun-sync:\(nonce)\n" }

  /// The cell a record is about, if it names one.
  public var cell: Int? {
    switch self {
    case .cellStarted(let cell), .cellFinished(let cell, _), .output(let cell, _), .progress(let cell, _),
      .progressFraction(let cell, _), .claim(let cell, _), .expectedError(let cell, _),
      .missingExpectedError(let cell), .cellFailed(let cell, _, _), .stateSaved(let cell, _, _),
      .stateNotSaved(let cell, _):
      cell
    case .dataset, .comparison: nil
    }
  }

  /// Marks a record line: an ASCII record separator no ordinary output uses.
  public static let prefix = "\u{1E}nbrun:"

  /// The record as one line, ready to write.
  public var line: String {
    let json = (try? JSONEncoder().encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    return Self.prefix + json + "\n"
  }

  /// Decodes the JSON that follows the prefix.
  public init?(json: Substring) {
    guard let record = try? JSONDecoder().decode(ChannelRecord.self, from: Data(json.utf8)) else {
      return nil
    }
    self = record
  }
}

/// A place in the notebook file: 1-based line, and column in UTF-8 bytes.
public struct SourcePosition: Codable, Equatable, Sendable, CustomStringConvertible {
  public var line: Int
  public var column: Int

  public init(line: Int, column: Int) {
    self.line = line
    self.column = column
  }

  public var description: String { "\(line):\(column)" }
}

/// A picture, plot or table a cell showed.
public struct RichOutput: Codable, Equatable, Sendable {
  public enum Kind: String, Codable, Sendable {
    /// A PNG file, `content` its name in the figures folder.
    case png
    /// An SVG file, `content` its name in the figures folder.
    case svg
    /// A fragment of HTML, `content` the markup: what records written
    /// before `table` existed hold for tables. Read, never written.
    case html
    /// Rows of text, in `table`; the runner makes the HTML.
    case table
  }

  public var kind: Kind
  public var content: String
  public var caption: String?
  /// The cells of a `table` output.
  public var table: TableData?

  public init(kind: Kind, content: String, caption: String? = nil) {
    self.kind = kind
    self.content = content
    self.caption = caption
  }

  /// A table output: its header and rows travel as text, not markup.
  public init(table: TableData, caption: String? = nil) {
    self.init(kind: .table, content: "", caption: caption)
    self.table = table
  }
}

/// A table's text: a header row and body rows.
public struct TableData: Codable, Equatable, Sendable {
  public var header: [String]
  public var rows: [[String]]

  public init(header: [String], rows: [[String]]) {
    self.header = header
    self.rows = rows
  }
}

/// A figure the post reports beside the one we measured.
public struct Comparison: Codable, Equatable, Sendable {
  public enum Verdict: String, Codable, Sendable {
    case matches
    case differs
    case noValue = "no value in the post"
  }

  public var name: String
  /// The post's value; nil when the post reports none.
  public var reported: Double?
  /// Ours: the mean over `runs` when there are several (one per seed).
  public var reproduced: Double
  /// Every run's value when the figure depends on the seed; empty for one run.
  public var runs: [Double]
  /// The largest difference still counted as a match, relative to the
  /// post's value (0.2 is 20%).
  public var relativeTolerance: Double
  /// Why that tolerance (or why the figures may differ).
  public var note: String?

  public init(
    name: String, reported: Double?, reproduced: Double, runs: [Double] = [], relativeTolerance: Double,
    note: String?
  ) {
    self.name = name
    self.reported = reported
    self.reproduced = reproduced
    self.runs = runs
    self.relativeTolerance = relativeTolerance
    self.note = note
  }

  private enum CodingKeys: String, CodingKey {
    case name, reported, reproduced, runs, relativeTolerance, note
  }

  /// Reads records written before `runs` existed too.
  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    name = try container.decode(String.self, forKey: .name)
    reported = try container.decodeIfPresent(Double.self, forKey: .reported)
    reproduced = try container.decode(Double.self, forKey: .reproduced)
    runs = try container.decodeIfPresent([Double].self, forKey: .runs) ?? []
    relativeTolerance = try container.decode(Double.self, forKey: .relativeTolerance)
    note = try container.decodeIfPresent(String.self, forKey: .note)
  }

  /// One value per seed: ours is their mean, and the spread is shown.
  public init(name: String, reported: Double?, runs: [Double], relativeTolerance: Double, note: String?) {
    precondition(!runs.isEmpty, "a comparison needs at least one run")
    self.init(
      name: name, reported: reported, reproduced: runs.reduce(0, +) / Double(runs.count),
      runs: runs.count > 1 ? runs : [], relativeTolerance: relativeTolerance, note: note)
  }

  /// The smallest and largest of several runs' values.
  public var spread: ClosedRange<Double>? {
    guard let low = runs.min(), let high = runs.max(), runs.count > 1 else { return nil }
    return low...high
  }

  /// The difference of ours (the mean) relative to the post's value.
  public var relativeDifference: Double? {
    reported.map { ($0 == 0 ? reproduced : (reproduced - $0) / abs($0)) }
  }

  /// Matches when the post's value lies within the runs' spread or ours is
  /// within the tolerance of it.
  public var verdict: Verdict {
    guard let reported, let relativeDifference else { return .noValue }
    if let spread, spread.contains(reported) { return .matches }
    return abs(relativeDifference) <= relativeTolerance ? .matches : .differs
  }
}

/// A sentence of the prose that depends on the run's numbers, checked by it.
public struct Claim: Codable, Equatable, Sendable {
  public var text: String
  public var holds: Bool
  /// The numbers behind it, e.g. "denoised 0.012 < noisy 0.094".
  public var evidence: String?

  public init(text: String, holds: Bool, evidence: String? = nil) {
    self.text = text
    self.holds = holds
    self.evidence = evidence
  }
}
