import Foundation
import NNCore
import NotebookProtocol

/// Writes and reads the snapshots of a notebook's state in one state
/// directory (`StateSnapshots`): `<directory>/<key>/` holds one JSON file
/// per variable (`0.json`, `1.json`, ... in declaration order), the shared
/// random generator (`random.json`) and, written last, the manifest; the
/// tensors' elements are in `<directory>/blobs/`, shared between snapshots.
final class StateArchive {
  let directory: URL
  private let blobs: TensorBlobs

  init(directory: URL) {
    self.directory = directory
    blobs = TensorBlobs(folder: directory.appendingPathComponent(StateSnapshots.blobsFolder))
  }

  private static let randomFile = "random.json"

  /// Saves `variables` and `random` as the snapshot `key` after `cell`;
  /// returns the snapshot's size. Throws `StateNotSaved` (nothing written)
  /// when a value cannot be saved, or an I/O error.
  func save(
    _ variables: [StateVariable], random: RandomGenerator, after cell: Int, key: String
  ) throws -> Int {
    guard !key.isEmpty, !key.hasPrefix("."), !key.contains("/") else {
      throw StateNotSaved("the snapshot key \(key) is not a folder name")
    }
    if let unsaveable = variables.first(where: { !Self.isCodable($0.value) }) {
      throw StateNotSaved(
        "\(unsaveable.described) is a \(TypeName.of(unsaveable.value)), which is not Codable")
    }
    let coding = StateCoding(blobs: blobs)
    let encoder = JSONEncoder()
    encoder.userInfo[.stateCoding] = coding
    encoder.nonConformingFloatEncodingStrategy = Self.nonConformingFloats
    var files: [(name: String, data: Data)] = []
    do {
      for (index, variable) in variables.enumerated() {
        let saved = SavedVariable(
          name: variable.name, line: variable.line, value: .init(wrappedValue: variable.value))
        do {
          files.append((Self.variableFile(index), try encoder.encode(saved)))
        } catch let error as EncodingError {
          throw StateNotSaved("\(variable.described) cannot be saved: \(Self.describe(error))")
        }
      }
      if let problem =
        SharedObjects.firstLostSharing(in: variables, coding: coding)
        ?? InexactFloats.firstChangedNaN(in: variables)
      {
        throw StateNotSaved(problem)
      }
      files.append((Self.randomFile, try encoder.encode(random)))
    } catch {
      blobs.discard()
      throw error
    }
    let blobNames = blobs.used.sorted()
    _ = try blobs.commit()
    let bytes = files.map(\.data.count).reduce(0, +) + blobNames.map(blobs.size(ofBlob:)).reduce(0, +)
    let manifest = StateManifest(cell: cell, variables: variables.map(\.name), blobs: blobNames, bytes: bytes)
    files.append((StateSnapshots.manifestName, try JSONEncoder().encode(manifest)))
    try writeAtomically(files, as: key)
    return bytes
  }

  private static func isCodable(_ value: Any) -> Bool {
    value is any Encodable && type(of: value) is any Decodable.Type
  }

  /// Writes `files` into a temporary folder beside the snapshot, in order
  /// (the manifest last), and renames it into place.
  private func writeAtomically(_ files: [(name: String, data: Data)], as key: String) throws {
    let manager = FileManager.default
    let final = directory.appendingPathComponent(key)
    let temporary = directory.appendingPathComponent(".\(key).\(UUID().uuidString).partial")
    do {
      try manager.createDirectory(at: temporary, withIntermediateDirectories: true)
      for file in files { try file.data.write(to: temporary.appendingPathComponent(file.name)) }
      if manager.fileExists(atPath: final.path) {
        // The same key is the same state: the older copy goes, the new one takes its place.
        let old = directory.appendingPathComponent(".\(key).\(UUID().uuidString).old")
        try manager.moveItem(at: final, to: old)
        try? manager.removeItem(at: old)
      }
      try manager.moveItem(at: temporary, to: final)
    } catch {
      try? manager.removeItem(at: temporary)
      throw error
    }
  }

  /// Opens the snapshot `key`: its manifest and generator now, its
  /// variables when asked for (`SavedState`).
  func open(_ key: String) throws -> SavedState {
    let folder = directory.appendingPathComponent(key)
    let manifest = try JSONDecoder().decode(
      StateManifest.self, from: SavedState.read(StateSnapshots.manifestName, in: folder))
    let decoder = JSONDecoder()
    decoder.userInfo[.stateCoding] = StateCoding(blobs: blobs)
    decoder.nonConformingFloatDecodingStrategy = Self.nonConformingFloatsDecoding
    let random = try decoder.decode(RandomGenerator.self, from: SavedState.read(Self.randomFile, in: folder))
    return SavedState(folder: folder, manifest: manifest, decoder: decoder, random: random)
  }

  /// Reads the snapshot `key` whole: every variable by name, and the generator.
  func load(_ key: String) throws -> (values: [String: Any], random: RandomGenerator) {
    let state = try open(key)
    return (try state.allValues(), state.random)
  }

  /// A variable as the archive writes it: its value with its dynamic type.
  struct SavedVariable: Codable {
    var name: String
    var line: Int
    var value: Polymorphic<Any>
  }

  static func variableFile(_ index: Int) -> String { "\(index).json" }

  // Infinities and NaN as text: JSON has no numbers for them. Finite
  // floats are written as the shortest text that reads back as the same
  // value, so they round-trip exactly.
  private static let nonConformingFloats = JSONEncoder.NonConformingFloatEncodingStrategy.convertToString(
    positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
  private static let nonConformingFloatsDecoding = JSONDecoder.NonConformingFloatDecodingStrategy
    .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")

  private static func describe(_ error: EncodingError) -> String {
    guard case .invalidValue(_, let context) = error else { return "\(error)" }
    return describe(context.debugDescription, at: context.codingPath)
  }

  static func describe(_ error: DecodingError) -> String {
    switch error {
    case .dataCorrupted(let context), .keyNotFound(_, let context), .typeMismatch(_, let context),
      .valueNotFound(_, let context):
      return describe(context.debugDescription, at: context.codingPath)
    @unknown default: return "\(error)"
    }
  }

  /// A coding problem with where in the value it is (`runs.0.model`),
  /// leaving out the archive's own levels (`value`).
  static func describe(_ problem: String, at path: [any CodingKey]) -> String {
    // The first two levels are the archive's: a saved variable's value, with its type.
    let names = path.dropFirst(2).map { $0.intValue.map(String.init) ?? $0.stringValue }
    return names.isEmpty ? problem : "at \(names.joined(separator: ".")): \(problem)"
  }
}

/// Why a state was not saved (or cannot be read): a sentence for the report.
struct StateNotSaved: Error, CustomStringConvertible {
  var reason: String
  init(_ reason: String) { self.reason = reason }
  var description: String { reason }
}
