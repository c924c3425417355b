import Foundation
import Synchronization

/// Which of several kernels computes a given operation on this machine,
/// decided by timing them on its first use and remembered on disk.
///
/// A constant ("BLIS for at most 32 columns") is right on the machine it was
/// measured on and wrong on the next: on Zen 3 BLIS picked its zen3 kernels
/// and was 1.1-4x faster on narrow products; on Zen 5 it detects `generic`
/// and is 3-7x slower on every one. So each operation's shape is timed once
/// on each candidate and the fastest wins.
///
/// The choice is kept in a file per machine (CPU, libraries and the kernels
/// they picked, see `machine`), shared by every process on it, because the
/// candidates round differently: were each process to time anew, a run and
/// the run that resumes its saved state could pick differently and differ in
/// the last bits. A choice once written is never changed; deleting the file
/// starts over (like installing another library would).
public final class KernelChoices: Sendable {
  /// One decision, as stored: the candidate chosen and every candidate's
  /// time per call, in seconds (why it was chosen).
  public struct Choice: Codable, Equatable, Sendable {
    public var chosen: String
    public var seconds: [String: Double]
  }

  struct Stored: Codable {
    var machine: String
    var choices: [String: Choice]
  }

  /// What the file's choices hold for: the CPU, the libraries and the
  /// kernels they picked. A file holds one machine's choices only.
  public let machine: String
  /// Where the choices are kept.
  public let file: URL
  private let known: Mutex<[String: Choice]>
  /// Timings run one at a time in a process: two at once would share cores.
  private let timing = Mutex(())

  public init(file: URL, machine: String) {
    self.file = file
    self.machine = machine
    known = Mutex(Self.read(file, machine: machine))
  }

  /// The choice for `operation` (a shape, e.g. `sgemm 500x32x784 NN`):
  /// remembered, or timed now with `time`, which returns seconds per call of
  /// a candidate, and written for every later process.
  public func choose(
    _ operation: String, among candidates: [String], time: (String) -> Double
  ) -> Choice {
    if let choice = known.withLock({ $0[operation] }) { return choice }
    return timing.withLock { _ in
      if let choice = known.withLock({ $0[operation] }) { return choice }
      return FileLock.holding(file.appendingPathExtension("lock")) {
        // Another process may have decided it meanwhile: its choice stands.
        var stored = Self.read(file, machine: machine)
        let choice =
          stored[operation]
          ?? {
            let seconds = Dictionary(uniqueKeysWithValues: candidates.map { ($0, time($0)) })
            let fastest = candidates.min { seconds[$0]! < seconds[$1]! }!
            return Choice(chosen: fastest, seconds: seconds)
          }()
        stored[operation] = choice
        write(stored)
        known.withLock { $0.merge(stored) { _, new in new } }
        return choice
      }
    }
  }

  /// Every choice made on this machine so far.
  public var all: [String: Choice] { known.withLock { $0 } }

  private static func read(_ file: URL, machine: String) -> [String: Choice] {
    guard let data = try? Data(contentsOf: file),
      let stored = try? JSONDecoder().decode(Stored.self, from: data), stored.machine == machine
    else { return [:] }
    return stored.choices
  }

  /// Atomically: a reader never sees half a file. A folder that cannot be
  /// written only costs the next process a timing of its own.
  private func write(_ choices: [String: Choice]) {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    guard let data = try? encoder.encode(Stored(machine: machine, choices: choices)) else { return }
    try? FileManager.default.createDirectory(
      at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
    try? data.write(to: file, options: .atomic)
  }
}

extension KernelChoices {
  /// The process's choices: `NBRUN_KERNEL_CHOICES` names the file, else
  /// `$XDG_CACHE_HOME/nbrun/` or `~/.cache/nbrun/`, one file per machine.
  public static let shared: KernelChoices = {
    let machine = MachineIdentity.current
    let environment = ProcessInfo.processInfo.environment
    if let path = environment["NBRUN_KERNEL_CHOICES"], !path.isEmpty {
      return KernelChoices(file: URL(fileURLWithPath: path), machine: machine)
    }
    let cache =
      environment["XDG_CACHE_HOME"].map { URL(fileURLWithPath: $0) }
      ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache")
    return KernelChoices(
      file: cache.appendingPathComponent("nbrun/kernel-choices-\(MachineIdentity.digest(machine)).json"),
      machine: machine)
  }()
}
