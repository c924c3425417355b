import FlyingFox
import FlyingSocks
import Foundation

/// The HTTP server of `nbrun --watch` (FlyingFox, on 127.0.0.1 only): the
/// output folder's files as they are on disk, except that each HTML page
/// gets the live status bar (`LivePreviewPage`), and `/_nbrun/events`, the
/// event stream that bar listens to.
final class PreviewServer: Sendable {
  let outputDirectory: URL
  let reportName: String
  private let status: LiveStatus
  private let broadcaster: EventBroadcaster
  private let server: HTTPServer
  private let files: DirectoryHTTPHandler

  static let eventsPath = "/_nbrun/events"

  init(
    outputDirectory: URL, reportName: String, status: LiveStatus, broadcaster: EventBroadcaster,
    port: UInt16
  ) throws {
    self.outputDirectory = outputDirectory.standardizedFileURL
    self.reportName = reportName
    self.status = status
    self.broadcaster = broadcaster
    files = DirectoryHTTPHandler(root: self.outputDirectory, serverPath: "/", cacheControl: [.noStore])
    // Only this machine may look: a notebook's report is its author's draft.
    server = HTTPServer(address: try .inet(ip4: "127.0.0.1", port: port), logger: .disabled)
  }

  /// Starts serving; returns the port listened on (the one asked for, or a
  /// free one for 0). Throws when the port cannot be had, saying why.
  func start() async throws -> UInt16 {
    await server.appendRoute("GET *") { [self] request in try await respond(to: request) }
    let failure = Locked<(any Error)?>(nil)
    let running = Task { [server] in
      do { try await server.run() } catch { failure.set(error) }
    }
    let deadline = Date().addingTimeInterval(5)
    while await !server.isListening {
      if case .failed(_, _, let message)? = failure.value as? SocketError {
        // strerror's "Address already in use", as the rest of the sentence.
        throw RunnerError.setup(message.prefix(1).lowercased() + message.dropFirst())
      }
      if let error = failure.value { throw error }
      guard Date() < deadline else {
        running.cancel()
        throw RunnerError.setup("the preview server did not start listening within 5 s")
      }
      try await Task.sleep(for: .milliseconds(20))
    }
    guard case .ip4(_, let port) = await server.listeningAddress else {
      throw RunnerError.setup("the preview server is not listening on IPv4")
    }
    return port
  }

  /// Ends the pages' event streams, then stops listening and closes the
  /// connections (waiting at most a second for them).
  func stop() async {
    broadcaster.finishAll()
    await server.stop(timeout: 1)
  }

  private func respond(to request: HTTPRequest) async throws -> HTTPResponse {
    // As sent: FlyingFox's `path` drops a trailing '/', which decides here
    // whether relative links resolve; `file(at:)` refuses '..'.
    let path = request.target.path(percentEncoded: false)
    if path == Self.eventsPath { return eventStream() }
    if let asset = LivePreviewPage.asset(named: path) {
      return HTTPResponse(
        statusCode: .ok, headers: [.contentType: asset.contentType, .cacheControl: "no-store"],
        body: asset.data)
    }
    if path == "/" || path.isEmpty {
      return Self.redirect(to: "/\(Self.pathSegment(reportName))/")
    }
    guard let file = file(at: path) else { return HTTPResponse(statusCode: .notFound) }
    let report = reportFolder.path
    if file.path == report || file.path == report + "/index.html" {
      // Relative links (figures/…) need the folder's own URL to end in '/'.
      if file.path == report && !path.hasSuffix("/") { return Self.redirect(to: request.target.path() + "/") }
      return page(at: reportFolder.appendingPathComponent("index.html"), isReport: true)
    }
    var isFolder: ObjCBool = false
    let exists = FileManager.default.fileExists(atPath: file.path, isDirectory: &isFolder)
    if exists && isFolder.boolValue {
      guard path.hasSuffix("/") else { return Self.redirect(to: request.target.path() + "/") }
      return page(at: file.appendingPathComponent("index.html"), isReport: false)
    }
    if file.pathExtension == "html" { return page(at: file, isReport: false) }
    return try await files.handleRequest(request)
  }

  private var reportFolder: URL { outputDirectory.appendingPathComponent(reportName).standardizedFileURL }

  /// An HTML page with the status bar; the watched report before its first
  /// run has made it is a page that says so (and loads it when it is there).
  private func page(at file: URL, isReport: Bool) -> HTTPResponse {
    let state = status.current
    let html: String
    if let data = FileManager.default.contents(atPath: file.path) {
      html = LivePreviewPage.inject(
        into: String(decoding: data, as: UTF8.self), finishedRuns: state.finishedRuns)
    } else if isReport {
      html = LivePreviewPage.placeholder(notebook: state.notebook, finishedRuns: state.finishedRuns)
    } else {
      return HTTPResponse(statusCode: .notFound)
    }
    return HTTPResponse(
      statusCode: .ok, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
      body: Data(html.utf8))
  }

  /// The state now, then each change, until nbrun stops or the page goes.
  private func eventStream() -> HTTPResponse {
    let messages = broadcaster.subscribe(first: ServerSentEvent.status(status.current).encoded)
    return HTTPResponse(
      statusCode: .ok,
      headers: [.contentType: "text/event-stream", .cacheControl: "no-store"],
      body: HTTPBodySequence(from: EventStreamBody(messages: messages)))
  }

  /// The file a request path names inside the output folder, or nil for one
  /// outside it.
  private func file(at requestPath: String) -> URL? {
    let components = requestPath.split(separator: "/").map(String.init)
    guard !components.contains(where: { $0 == ".." || $0 == "." }) else { return nil }
    let file = components.reduce(outputDirectory) { $0.appendingPathComponent($1) }.standardizedFileURL
    guard file.path == outputDirectory.path || file.path.hasPrefix(outputDirectory.path + "/") else {
      return nil
    }
    return file
  }

  private static func redirect(to location: String) -> HTTPResponse {
    var headers = HTTPHeaders()
    headers[.location] = location
    return HTTPResponse(statusCode: .found, headers: headers)
  }

  static func pathSegment(_ name: String) -> String {
    name.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(["/"])) ?? name
  }
}
