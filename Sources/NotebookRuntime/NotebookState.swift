import Foundation
import NNCore
import NotebookProtocol

/// One top-level variable, as the generated program hands it over after a cell.
public struct StateVariable {
  public var name: String
  /// The declaration's line in the notebook.
  public var line: Int
  public var value: Any

  public init(_ name: String, line: Int, _ value: Any) {
    self.name = name
    self.line = line
    self.value = value
  }

  /// How a reason names it: `` `watchErrors` (line 88) ``.
  var described: String { "`\(name)` (line \(line))" }
}

/// The program's side of incremental runs (`StateSnapshots`): after a cell,
/// the program saves its top-level variables and the shared random
/// generator; a program that starts after a cell restores them, so that
/// the cells after it run exactly as they would have after the earlier ones.
///
/// The generated program calls these; a cell never does. Values are coded
/// with `Codable` (tensors' elements raw, in shared blobs) and restored by
/// their dynamic types, so `let model: any Layer` comes back as the layer
/// it held.
public enum NotebookState {
  // A notebook program runs its cells on one thread, one after another.
  nonisolated(unsafe) private static var archive: StateArchive?
  nonisolated(unsafe) private static var resumed: SavedState?

  private static var environment: [String: String] { ProcessInfo.processInfo.environment }

  /// The archive of `$NBRUN_STATE_DIR`, made once so that blobs saved (or
  /// restored) after one cell are known when saving after the next.
  private static func stateArchive() -> StateArchive? {
    if let archive { return archive }
    guard let path = environment[StateSnapshots.directoryVariable], !path.isEmpty else { return nil }
    archive = StateArchive(directory: URL(fileURLWithPath: path))
    return archive
  }

  /// The snapshot key of cell `cell`, from `$NBRUN_STATE_KEYS`.
  private static func key(after cell: Int) throws -> String {
    let keys = (environment[StateSnapshots.keysVariable] ?? "").split(separator: ",").map(String.init)
    guard keys.indices.contains(cell), !keys[cell].isEmpty else {
      throw StateNotSaved(
        "\(StateSnapshots.keysVariable) has \(keys.count) keys, none for cell \(cell + 1)")
    }
    return keys[cell]
  }

  /// After cell `cell` finished: saves `variables` (all top-level stored
  /// variables declared in cells 0...cell, in declaration order) and the
  /// shared random generator, then tells the runner (`stateSaved`), or why
  /// not (`stateNotSaved`). Saving never fails the notebook. Does nothing
  /// unless `$NBRUN_STATE_DIR` is set.
  public static func save(after cell: Int, _ variables: [StateVariable]) {
    guard let archive = stateArchive() else { return }
    let started = Date()
    let session = NotebookSession.shared
    do {
      let bytes = try archive.save(variables, random: Random.generator, after: cell, key: key(after: cell))
      session.send(.stateSaved(cell: cell, bytes: bytes, seconds: Date().timeIntervalSince(started)))
    } catch let error as StateNotSaved {
      session.send(.stateNotSaved(cell: cell, reason: error.reason))
    } catch {
      session.send(
        .stateNotSaved(cell: cell, reason: "writing the state failed: \(error.localizedDescription)"))
    }
  }

  /// First thing in a program that starts after cell `cell` (after
  /// `NotebookSession.shared.start()`, which seeds the generator this
  /// replaces): reads the snapshot saved after it and restores the random
  /// generator. The runner
  /// resumes only from snapshots it saw saved, so a missing or unreadable
  /// one ends the program.
  public static func resume(after cell: Int) {
    guard let archive = stateArchive() else {
      fatalError("resuming after cell \(cell + 1) needs \(StateSnapshots.directoryVariable)")
    }
    do {
      let state = try archive.open(key(after: cell))
      resumed = state
      Random.generator = state.random
    } catch {
      fatalError("cannot resume after cell \(cell + 1) from \(archive.directory.path): \(error)")
    }
  }

  /// The restored value of `name`. `like` is never called: it carries the
  /// declaration's initializer only so that Swift infers `T`
  /// (`let x = NotebookState.restore("x", like: { <initializer> })`).
  public static func restore<T>(_ name: String, like: () throws -> T) -> T {
    restore(name, as: T.self)
  }

  /// For declarations with a type annotation:
  /// `let w: Initializer = NotebookState.restore("w", as: Initializer.self)`.
  public static func restore<T>(_ name: String, as type: T.Type) -> T {
    guard let state = resumed else {
      fatalError("restoring `\(name)` needs `NotebookState.resume(after:)` first")
    }
    let value: Any
    do {
      value = try state.value(named: name)
    } catch {
      fatalError("cannot restore `\(name)`: \(error)")
    }
    guard let typed = value as? T else {
      fatalError(
        "`\(name)` was saved as a \(TypeName.of(value)), which is not a \(TypeName.of(type: T.self))")
    }
    return typed
  }
}
