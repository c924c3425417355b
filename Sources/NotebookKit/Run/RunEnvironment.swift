import Foundation
import Launcher

/// Facts about this run that a reader needs to trust a report: when, on
/// what, with which toolchain and commit. Gathered once per nbrun call, and
/// only when a notebook actually runs (a cache hit keeps its old record).
public struct RunEnvironment: Codable, Sendable, Equatable {
  public var date: String
  public var gitCommit: String
  public var toolchain: String
  public var machine: String

  /// `reports` is the output folder: reports regenerated there and not yet
  /// committed are not a change to the experiment, so they do not count as
  /// uncommitted changes (else every second `make report` would say so).
  public static func current(reports: URL) -> RunEnvironment {
    let os =
      (try? String(contentsOfFile: "/etc/os-release", encoding: .utf8))?.split(separator: "\n")
      .first { $0.hasPrefix("PRETTY_NAME=") }.map { $0.dropFirst(12).trimmingCharacters(in: ["\""]) }
      ?? "Linux"
    let cpu =
      (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8))?.split(separator: "\n")
      .first { $0.hasPrefix("model name") }.map { $0.split(separator: ":", maxSplits: 1).last!.trimmed } ?? ""
    let cores = ProcessInfo.processInfo.activeProcessorCount
    let memory = ProcessInfo.processInfo.physicalMemory / (1 << 30)
    let formatter = ISO8601DateFormatter()
    return RunEnvironment(
      date: formatter.string(from: Date()),
      gitCommit: commit(ignoring: reports),
      toolchain: Toolchain.version,
      machine: "\(os), \(cpu.isEmpty ? "" : cpu + ", ")\(cores) cores, \(memory) GiB")
  }

  /// The checked-out commit, and whether tracked files outside `reports`
  /// differ from it.
  static func commit(ignoring reports: URL, in directory: URL? = nil) -> String {
    let git = { (arguments: [String]) -> String? in
      var command = Command(["git"] + arguments, in: directory?.path)
      command.separateErrors = true
      guard let result = try? ChildProcess.run(command), result.succeeded else { return nil }
      return result.outputText
    }
    let trim = { (output: String?) in output?.trimmingCharacters(in: .whitespacesAndNewlines) }
    guard let head = trim(git(["rev-parse", "--short", "HEAD"])), !head.isEmpty else { return "unknown" }
    guard let root = trim(git(["rev-parse", "--show-toplevel"])),
      let status = git(["status", "--porcelain", "--untracked-files=no"])
    else { return head }
    // Porcelain lines are "XY path", the path relative to the repository root.
    let reportsPath = reports.resolvingSymlinksInPath().path + "/"
    let changed = status.split(separator: "\n").contains { line in
      let path = URL(fileURLWithPath: root).appendingPathComponent(String(line.dropFirst(3)))
      return !path.resolvingSymlinksInPath().path.hasPrefix(reportsPath)
    }
    return changed ? head + " (with uncommitted changes)" : head
  }
}
