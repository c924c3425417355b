import Foundation
import XCTest

#if canImport(Glibc)
  import Glibc
#endif

/// The built `nbrun --watch` running in a scratch folder, its output
/// collected as it comes, for tests that talk to it while it runs.
final class WatchedNBRun {
  let process = Process()
  private let output = OutputBuffer()

  init(binary: String, arguments: [String], in folder: URL) throws {
    process.executableURL = URL(fileURLWithPath: binary)
    process.arguments = arguments
    process.currentDirectoryURL = folder
    var environment = ProcessInfo.processInfo.environment
    environment["GITHUB_ACTIONS"] = nil
    process.environment = environment
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    process.standardInput = FileHandle.nullDevice
    pipe.fileHandleForReading.readabilityHandler = { [output] handle in output.append(handle.availableData) }
    try process.run()
  }

  var text: String { output.text }

  /// The port of the "Serving http://127.0.0.1:PORT/…" line, once printed.
  func servingPort(timeout: TimeInterval) -> Int? {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline, process.isRunning {
      if let match = text.firstMatch(of: #/Serving http://127\.0\.0\.1:(\d+)/#) { return Int(match.1) }
      usleep(100_000)
    }
    return nil
  }

  /// Waits for nbrun to end; nil if it is still running at `timeout`.
  func exitStatus(timeout: TimeInterval) -> Int32? {
    let deadline = Date().addingTimeInterval(timeout)
    while process.isRunning, Date() < deadline { usleep(50_000) }
    return process.isRunning ? nil : process.terminationStatus
  }

  /// Ends nbrun if a test left it running.
  func kill() {
    if process.isRunning {
      Glibc.kill(process.processIdentifier, SIGKILL)
      process.waitUntilExit()
    }
  }

  /// The processes below nbrun now, from /proc.
  var descendants: [pid_t] {
    var children: [pid_t: [pid_t]] = [:]
    for entry in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] {
      guard let pid = pid_t(entry), let stat = Self.stat(pid), stat.count > 1, let parent = pid_t(stat[1])
      else { continue }
      children[parent, default: []].append(pid)
    }
    var found: [pid_t] = []
    var queue = children[process.processIdentifier] ?? []
    while let next = queue.popLast() {
      found.append(next)
      queue += children[next] ?? []
    }
    return found
  }

  /// Whether `pid` still runs (a zombie waiting to be reaped does not).
  static func isRunning(_ pid: pid_t) -> Bool {
    guard let stat = stat(pid), let state = stat.first else { return false }
    return state != "Z" && state != "X"
  }

  /// The fields of /proc/PID/stat after the command: state, parent, ….
  private static func stat(_ pid: pid_t) -> [Substring]? {
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
      let close = stat.lastIndex(of: ")")
    else { return nil }
    return stat[stat.index(after: close)...].split(separator: " ")
  }

  /// A socket of the test's own listening on a free port of 127.0.0.1.
  static func listeningSocket() throws -> (socket: Int32, port: Int) {
    let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        bind(socket, $0, length) == 0 && listen(socket, 1) == 0 && getsockname(socket, $0, &length) == 0
      }
    }
    guard bound else { throw DevToolsBrowser.Failure("cannot listen on 127.0.0.1") }
    return (socket, Int(UInt16(bigEndian: address.sin_port)))
  }

  /// Whether anything accepts connections on 127.0.0.1:`port`.
  static func accepts(port: Int) -> Bool {
    let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { Glibc.close(socket) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = UInt16(port).bigEndian
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    return withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
      }
    }
  }
}

/// Bytes from a reading thread, read as text by the test.
private final class OutputBuffer: @unchecked Sendable {
  private let lock = NSLock()
  private var data = Data()
  func append(_ chunk: Data) { lock.withLock { data.append(chunk) } }
  var text: String { lock.withLock { String(decoding: data, as: UTF8.self) } }
}
