import Foundation
import NNCore
import NotebookProtocol

/// A snapshot opened to resume from: the generator at once, the variables
/// one by one as the program restores them, in the order they were saved
/// (so an object saved by an earlier variable is there for a later one).
///
/// A variable is decoded when it is restored, not before, because decoding
/// can run the program's own code (a layer's property defaults, such as
/// `var conv1 = conv(1 => 16)`, run before the saved values replace them),
/// which may read variables restored before it. Whatever that code draws
/// from the shared generator is undone, so the cells after the snapshot
/// draw exactly what they would have.
final class SavedState {
  let folder: URL
  let manifest: StateManifest
  let random: RandomGenerator
  private let decoder: JSONDecoder
  private var decoded: [String: Any] = [:]
  private var nextIndex = 0

  init(folder: URL, manifest: StateManifest, decoder: JSONDecoder, random: RandomGenerator) {
    self.folder = folder
    self.manifest = manifest
    self.decoder = decoder
    self.random = random
  }

  static func read(_ name: String, in folder: URL) throws -> Data {
    let url = folder.appendingPathComponent(name)
    guard let data = FileManager.default.contents(atPath: url.path) else {
      throw StateNotSaved("\(url.path) is missing or unreadable")
    }
    return data
  }

  /// The value of variable `name`, decoding those saved before it first.
  func value(named name: String) throws -> Any {
    guard let position = manifest.variables.firstIndex(of: name) else {
      throw StateNotSaved(
        "the state saved after cell \(manifest.cell + 1) has no variable `\(name)` "
          + "(it has \(manifest.variables.joined(separator: ", ")))")
    }
    let generator = Random.generator
    defer { Random.generator = generator }
    while nextIndex <= position {
      let file = StateArchive.variableFile(nextIndex)
      let variable = manifest.variables[nextIndex]
      do {
        let saved = try decoder.decode(StateArchive.SavedVariable.self, from: Self.read(file, in: folder))
        decoded[variable] = saved.value.wrappedValue
      } catch let error as DecodingError {
        throw StateNotSaved("\(folder.path)/\(file) (`\(variable)`): \(StateArchive.describe(error))")
      }
      nextIndex += 1
    }
    return decoded[name]!
  }

  /// Every variable by name.
  func allValues() throws -> [String: Any] {
    guard let last = manifest.variables.last else { return [:] }
    _ = try value(named: last)
    return decoded
  }
}
