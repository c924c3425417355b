import Foundation
import XCTest

#if canImport(Glibc)
  import Glibc
#endif

/// Headless Chromium (Debian's `chromium`) with one page open, driven over
/// the DevTools protocol on a pipe (`--remote-debugging-pipe`: commands go
/// in on the browser's descriptor 3, answers come out on its descriptor 4,
/// each a JSON object ended by a NUL byte). Unlike `--dump-dom`, the page
/// stays open, so a test sees it change (reload itself) while it watches.
final class DevToolsBrowser {
  private let process: pid_t
  private let commands: Int32
  private let answers: Int32
  private var received = Data()
  private var events: [[String: Any]] = []
  private var nextID = 0
  private var session = ""
  private let profile: URL

  init(opening url: String, log: URL) throws {
    profile = FileManager.default.temporaryDirectory.appendingPathComponent("nbrun-chromium-\(UUID())")
    var toBrowser: [Int32] = [0, 0]
    var fromBrowser: [Int32] = [0, 0]
    guard pipe(&toBrowser) == 0, pipe(&fromBrowser) == 0 else { throw Failure("cannot make pipes") }
    for descriptor in toBrowser + fromBrowser { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_adddup2(&actions, toBrowser[0], 3)
    posix_spawn_file_actions_adddup2(&actions, fromBrowser[1], 4)
    posix_spawn_file_actions_addopen(&actions, 1, log.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    posix_spawn_file_actions_adddup2(&actions, 1, 2)
    let arguments = [
      "/usr/bin/chromium", "--headless", "--no-sandbox", "--disable-gpu", "--remote-debugging-pipe",
      "--no-first-run", "--user-data-dir=\(profile.path)", "about:blank",
    ]
    var argv = arguments.map { strdup($0) } + [nil]
    var environment = ProcessInfo.processInfo.environment.map { strdup("\($0)=\($1)") } + [nil]
    defer { for string in argv + environment { free(string) } }
    var pid: pid_t = 0
    let spawned = posix_spawn(&pid, arguments[0], &actions, nil, &argv, &environment)
    Glibc.close(toBrowser[0])
    Glibc.close(fromBrowser[1])
    guard spawned == 0 else { throw Failure("cannot start chromium: error \(spawned)") }
    process = pid
    commands = toBrowser[1]
    answers = fromBrowser[0]
    let target = try send("Target.createTarget", ["url": url])
    guard let targetID = (target["result"] as? [String: Any])?["targetId"] as? String else {
      throw Failure("no page: \(target)")
    }
    let attached = try send("Target.attachToTarget", ["targetId": targetID, "flatten": true])
    guard let session = (attached["result"] as? [String: Any])?["sessionId"] as? String else {
      throw Failure("cannot attach to the page: \(attached)")
    }
    self.session = session
  }

  /// Sends a command to the page (`Page.navigate`, `Emulation.setDeviceMetricsOverride`, ...)
  /// and returns its answer.
  @discardableResult
  func command(_ method: String, _ parameters: [String: Any] = [:]) throws -> [String: Any] {
    try send(method, parameters, inPage: true)
  }

  /// The events the browser sent since the last call (`Log.entryAdded`, ...), each with
  /// its `method` and `params`, oldest first. Events arrive while a command waits for
  /// its answer.
  func takeEvents() -> [[String: Any]] {
    defer { events = [] }
    return events
  }

  /// The value of `expression` in the page now, or nil while the page is
  /// between documents (loading again) or the expression throws.
  func evaluate(_ expression: String) throws -> String? {
    let answer = try send(
      "Runtime.evaluate", ["expression": expression, "returnByValue": true], inPage: true)
    guard let result = (answer["result"] as? [String: Any])?["result"] as? [String: Any] else { return nil }
    return result["value"] as? String
  }

  /// Polls `expression` until `accept` holds for its value; fails the test
  /// with the last value at `timeout`.
  @discardableResult
  func wait(
    for expression: String, timeout: TimeInterval, _ what: String, file: StaticString = #filePath,
    line: UInt = #line, until accept: (String) -> Bool
  ) throws -> String? {
    let deadline = Date().addingTimeInterval(timeout)
    var last: String?
    while Date() < deadline {
      last = try evaluate(expression)
      if let last, accept(last) { return last }
      usleep(200_000)
    }
    XCTFail("\(what): not seen in \(Int(timeout)) s; last: \(last ?? "nothing")", file: file, line: line)
    return nil
  }

  func close() {
    _ = try? send("Browser.close", [:], timeout: 5)
    Glibc.close(commands)
    Glibc.close(answers)
    var status: Int32 = 0
    let deadline = Date().addingTimeInterval(5)
    while waitpid(process, &status, WNOHANG) == 0 {
      if Date() > deadline {
        kill(process, SIGKILL)
        waitpid(process, &status, 0)
        break
      }
      usleep(50_000)
    }
    try? FileManager.default.removeItem(at: profile)
  }

  struct Failure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
  }

  /// Sends a command and waits for its answer, skipping the events between.
  private func send(
    _ method: String, _ parameters: [String: Any], inPage: Bool = false, timeout: TimeInterval = 30
  ) throws -> [String: Any] {
    nextID += 1
    var message: [String: Any] = ["id": nextID, "method": method, "params": parameters]
    if inPage { message["sessionId"] = session }
    var bytes = try JSONSerialization.data(withJSONObject: message)
    bytes.append(0)
    try bytes.withUnsafeBytes { buffer in
      var offset = 0
      while offset < buffer.count {
        let written = write(commands, buffer.baseAddress! + offset, buffer.count - offset)
        guard written > 0 else { throw Failure("chromium closed its pipe") }
        offset += written
      }
    }
    let deadline = Date().addingTimeInterval(timeout)
    while true {
      while let end = received.firstIndex(of: 0) {
        let frame = received[received.startIndex..<end]
        received = Data(received[(end + 1)...])
        guard let object = try JSONSerialization.jsonObject(with: frame) as? [String: Any] else { continue }
        if object["id"] as? Int == nextID { return object }
        if object["method"] != nil { events.append(object) }
      }
      let left = deadline.timeIntervalSinceNow
      guard left > 0 else { throw Failure("no answer to \(method) in \(Int(timeout)) s") }
      var descriptor = pollfd(fd: answers, events: Int16(POLLIN), revents: 0)
      guard poll(&descriptor, 1, Int32(left * 1000)) > 0 else { continue }
      var chunk = [UInt8](repeating: 0, count: 65536)
      let count = read(answers, &chunk, chunk.count)
      guard count > 0 else { throw Failure("chromium ended (its log: \(profile.path))") }
      received.append(contentsOf: chunk[0..<count])
    }
  }
}
