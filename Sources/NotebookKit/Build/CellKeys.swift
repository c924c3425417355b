import Crypto
import Foundation

/// One key per cell: everything the program state after that cell depends
/// on, hashed. Two runs whose keys for cell `j` are equal reach the same
/// state after it, so a later run may restore that state instead of
/// running cells `0...j` again.
///
/// The key after cell `j` chains the key after cell `j - 1` with cell `j`'s
/// code and the options that change what runs (`expect-error`); the chain
/// starts from what every cell depends on: the parameters and profile, the
/// compiled core, the data files, the toolchain, the variables that set
/// the core's threads and seed, and the way nbrun generates and restores
/// programs (`ProgramGenerator.stateFormat`). Prose, labels, captions,
/// `echo` and time limits change no state and are left out.
enum CellKeys {
  static func make(
    notebook: Notebook, parameters: Parameters, library: SupportLibrary,
    environment: [String: String] = ProcessInfo.processInfo.environment
  ) -> [String] {
    var key = hash(base(parameters: parameters, library: library, environment: environment))
    return notebook.cells.map { cell in
      key = hash(key + code(of: cell))
      return key
    }
  }

  /// The cell's own part of its key: its code and the options that change
  /// what runs. Kept beside the key, so `--explain` can tell an edited cell
  /// from a changed parameter.
  static func code(of cell: Cell) -> String {
    hash("\(cell.options.expectError)\u{0}\(cell.source)")
  }

  /// What the state after every cell depends on, as one string.
  static func base(parameters: Parameters, library: SupportLibrary, environment: [String: String]) -> String {
    let variables = environment.keys.filter { $0.hasPrefix("OPENBLAS_") || stateVariables.contains($0) }
      .sorted()
    let parts: [String: Any] = [
      "format": ProgramGenerator.stateFormat,
      "parameters": parameters.values.map { "\($0.name)=\($0.value.typeName):\($0.value)" },
      "profile": parameters.profile ?? "",
      "library": library.fingerprint,
      "data": CacheKey.dataFingerprint(),
      "toolchain": Toolchain.identity,
      "environment": variables.map { "\($0)=\(environment[$0] ?? "")" },
    ]
    let json = try? JSONSerialization.data(withJSONObject: parts, options: [.sortedKeys])
    return json.map { String(decoding: $0, as: UTF8.self) } ?? ""
  }

  /// nbrun's own variables that reach the program and can change its state.
  static let stateVariables: Set<String> = ["NBRUN_CORES", "NBRUN_SEED", "NBRUN_DATA_DIR"]

  /// The first 32 hex digits of the text's SHA-256: a folder name.
  static func hash(_ text: String) -> String {
    SHA256.hash(data: Data(text.utf8)).prefix(16).map { String(format: "%02x", $0) }.joined()
  }
}
