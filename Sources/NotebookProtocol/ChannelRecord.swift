import Foundation

/// What a notebook program tells the runner, interleaved with its ordinary
/// output on one stream so that order is kept: each record is one line,
/// `ChannelRecord.prefix` followed by JSON.
public enum ChannelRecord: Codable, Equatable, Sendable {
  case cellStarted(cell: Int)
  case cellFinished(cell: Int, seconds: Double)
  /// A rich output of the running cell.
  case output(cell: Int, RichOutput)
  /// Training progress of the running cell ("epoch 3/20").
  case progress(cell: Int, text: String)
  /// A data set a cell loaded, and its size, for the run record.
  case dataset(description: String)
  /// A figure of the post beside ours.
  case comparison(Comparison)
  /// An `expect-error` cell threw, as it should.
  case expectedError(cell: Int, message: String)
  /// An `expect-error` cell finished without throwing.
  case missingExpectedError(cell: Int)

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

/// A picture, plot or table a cell showed.
public struct RichOutput: Codable, Equatable, Sendable {
  public enum Kind: String, Codable, Sendable {
    /// A PNG file, `content` its name in the figures folder.
    case png
    /// An SVG file, `content` its name in the figures folder.
    case svg
    /// A fragment of HTML (tables), `content` the markup.
    case html
  }

  public var kind: Kind
  public var content: String
  public var caption: String?

  public init(kind: Kind, content: String, caption: String? = nil) {
    self.kind = kind
    self.content = content
    self.caption = caption
  }
}

/// A figure the post reports beside the one we measured.
public struct Comparison: Codable, Equatable, Sendable {
  public var name: String
  /// The post's value; nil when the post reports none.
  public var reported: Double?
  public var reproduced: Double
  /// The largest difference still counted as a match, relative to the
  /// post's value (0.2 is 20%).
  public var relativeTolerance: Double
  public var note: String?

  public init(name: String, reported: Double?, reproduced: Double, relativeTolerance: Double, note: String?) {
    self.name = name
    self.reported = reported
    self.reproduced = reproduced
    self.relativeTolerance = relativeTolerance
    self.note = note
  }

  /// The difference relative to the post's value.
  public var relativeDifference: Double? {
    reported.map { ($0 == 0 ? reproduced : (reproduced - $0) / abs($0)) }
  }

  public var verdict: String {
    guard let relativeDifference else { return "no value in the post" }
    return abs(relativeDifference) <= relativeTolerance ? "matches" : "differs"
  }
}
