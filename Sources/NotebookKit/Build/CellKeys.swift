import Crypto
import Foundation
import NotebookProtocol

/// One key per cell: everything the program state after that cell depends
/// on, hashed. Two runs whose keys for cell `j` are equal reach the same
/// state after it, so a later run may restore that state instead of
/// running cells `0...j` again.
///
/// The key after cell `j` chains the key after cell `j - 1` with cell `j`'s
/// code and the options that change what runs (`expect-error`); the chain
/// starts from what every cell depends on: the parameters and profile, the
/// compiled core, the data files, the toolchain, the variables that set
/// the core's threads and seed, the CPU (which kernels the libraries pick,
/// and which the core's measured choices are, `KernelChoices`), and the way
/// nbrun generates and restores programs (`ProgramGenerator.stateFormat`). Prose, labels, captions,
/// `echo` and time limits change no state and are left out.
enum CellKeys {
  static func make(
    notebook: Notebook, parameters: Parameters, library: SupportLibrary,
    environment: [String: String] = ProcessInfo.processInfo.environment
  ) -> [String] {
    make(
      notebook: notebook, inputs: inputs(parameters: parameters, library: library, environment: environment))
  }

  /// The keys from the inputs every cell depends on (`inputs`).
  static func make(notebook: Notebook, inputs: [String: String]) -> [String] {
    var key = hash(inputs.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "\n"))
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

  /// What the state after every cell depends on, by name, each hashed. Kept
  /// in the record (`RunRecord.stateInputs`), so that `--explain` can say
  /// which of them changed.
  static func inputs(parameters: Parameters, library: SupportLibrary, environment: [String: String])
    -> [String: String]
  {
    let variables = environment.keys.filter { $0.hasPrefix("OPENBLAS_") || stateVariables.contains($0) }
      .sorted()
    let parts: [String: String] = [
      "the state format": "\(ProgramGenerator.stateFormat)",
      "the parameters": parameters.values.map { "\($0.name)=\($0.value.typeName):\($0.value)" }
        .joined(separator: "\n"),
      "the profile": parameters.profile ?? "",
      "the core library": library.fingerprint,
      "the data files": dataFiles(environment).joined(separator: "\n"),
      "the toolchain": Toolchain.identity,
      "the CPU": CPUIdentity.current,
      "the environment (OPENBLAS_*, NBRUN_CORES, NBRUN_SEED, NBRUN_DATA_DIR)":
        variables.map { "\($0)=\(environment[$0] ?? "")" }.joined(separator: "\n"),
    ]
    return parts.mapValues(hash)
  }

  /// Name, size and date of every data file a notebook may read.
  static func dataFiles(_ environment: [String: String]) -> [String] {
    DataLocations.folders(environment).flatMap { folder -> [String] in
      let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
      return names.sorted().filter { !$0.hasPrefix(".") }.compactMap { name in
        let path = folder + "/" + name
        return FileFingerprint.of(path).map { "\(path):\($0)" }
      }
    }
  }

  /// nbrun's own variables that reach the program and can change its state.
  static let stateVariables: Set<String> = [
    ParallelRun.coresVariable, "NBRUN_SEED", DataLocations.directoryVariable,
  ]

  /// The first 32 hex digits of the text's SHA-256: a folder name.
  static func hash(_ text: String) -> String {
    SHA256.hash(data: Data(text.utf8)).prefix(16).map { String(format: "%02x", $0) }.joined()
  }
}
