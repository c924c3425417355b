import Foundation

/// Facts about this run that a reader needs to trust a report: when, on
/// what, with which toolchain and commit. Gathered once per nbrun call, and
/// only when a notebook actually runs (a cache hit keeps its old record).
public struct RunEnvironment: Codable, Sendable, Equatable {
  public var date: String
  public var gitCommit: String
  public var toolchain: String
  public var machine: String

  public static func current() -> RunEnvironment {
    var commit = Subprocess.firstLine(of: ["git", "rev-parse", "--short", "HEAD"]) ?? "unknown"
    if let status = try? Subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"]),
      !status.output.isEmpty
    {
      commit += " (with uncommitted changes)"
    }
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
      gitCommit: commit,
      toolchain: Toolchain.version,
      machine: "\(os), \(cpu.isEmpty ? "" : cpu + ", ")\(cores) cores, \(memory) GiB")
  }
}
