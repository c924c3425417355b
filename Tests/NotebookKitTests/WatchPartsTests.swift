import Foundation
import XCTest

@testable import NotebookKit

/// The pieces of `--watch` that decide something on their own: when a
/// save counts as a change, how events are framed, where the bar goes.
final class WatchPartsTests: XCTestCase {
  func testAChangeCountsOnceTwoPollsReadTheSameNewContents() throws {
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("nbrun-watch-\(UUID()).md")
    try Data("one".utf8).write(to: file)
    defer { try? FileManager.default.removeItem(at: file) }
    var watcher = NotebookFileWatcher(path: file.path)
    XCTAssertFalse(watcher.poll(), "nothing changed")
    XCTAssertFalse(watcher.observe(Data("tw".utf8)), "first sight of new contents: maybe half-written")
    XCTAssertFalse(watcher.observe(Data("two".utf8)), "still changing")
    XCTAssertTrue(watcher.observe(Data("two".utf8)), "the same new contents twice")
    XCTAssertFalse(watcher.observe(Data("two".utf8)), "reported once")
    XCTAssertFalse(watcher.observe(Data("one".utf8)))
    XCTAssertFalse(watcher.observe(Data("two".utf8)), "back to the settled contents before a second look")
  }

  func testAFileReplacedByRenameIsSeenAndASaveWithoutChangeIsNot() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("nbrun-watch-\(UUID())")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let file = folder.appendingPathComponent("x.md")
    try Data("one".utf8).write(to: file)
    var watcher = NotebookFileWatcher(path: file.path)
    try Data("one".utf8).write(to: file, options: .atomic)  // saved, unchanged
    XCTAssertFalse(watcher.poll())
    XCTAssertFalse(watcher.poll())
    try FileManager.default.removeItem(at: file)  // an editor between its delete and its write
    XCTAssertFalse(watcher.poll())
    try Data("two".utf8).write(to: file, options: .atomic)
    XCTAssertFalse(watcher.poll(), "first look")
    XCTAssertTrue(watcher.poll(), "second look, same contents")
    XCTAssertFalse(watcher.poll())
  }

  func testEventsAreFramedAsTheEventStreamFormatSays() {
    let event = ServerSentEvent(name: "status", data: "a\nb")
    XCTAssertEqual(String(decoding: event.encoded, as: UTF8.self), "event: status\ndata: a\ndata: b\n\n")
    var state = LiveState(notebook: "x.md")
    state.runOutcome = .failed
    let status = String(decoding: ServerSentEvent.status(state).encoded, as: UTF8.self)
    XCTAssertTrue(status.hasPrefix("event: status\ndata: {"), status)
    XCTAssertFalse(status.contains("runOutcome"), "the session's own field stays out of the page")
  }

  func testTheBarIsAddedAtTheEndOfTheHead() {
    let page = LivePreviewPage.inject(
      into: "<html><head><title>T</title></head><body>x</body></html>", finishedRuns: 3)
    XCTAssertEqual(
      page,
      "<html><head><title>T</title><link rel=\"stylesheet\" href=\"/_nbrun/live.css\">"
        + "<script src=\"/_nbrun/live.js\" data-finished-runs=\"3\" defer></script></head><body>x</body></html>"
    )
    XCTAssertNotNil(LivePreviewPage.asset(named: "/_nbrun/live.js"))
    XCTAssertNil(LivePreviewPage.asset(named: "/_nbrun/other.js"))
  }
}
