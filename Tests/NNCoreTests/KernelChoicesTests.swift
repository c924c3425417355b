import Foundation
import XCTest

@testable import NNCore

final class KernelChoicesTests: XCTestCase {
  private var file: URL!

  override func setUpWithError() throws {
    file = FileManager.default.temporaryDirectory
      .appendingPathComponent("kernel-choices-\(UUID().uuidString)/choices.json")
  }

  override func tearDownWithError() throws {
    try? FileManager.default.removeItem(at: file.deletingLastPathComponent())
  }

  func testTheFasterCandidateIsChosenAndItsTimingsKept() {
    let choices = KernelChoices(file: file, machine: "test machine")
    let choice = choices.choose("op 1", among: ["slow", "fast"]) { $0 == "fast" ? 1e-6 : 3e-6 }
    XCTAssertEqual(choice, KernelChoices.Choice(chosen: "fast", seconds: ["slow": 3e-6, "fast": 1e-6]))
  }

  /// Another process on the machine reads the choice instead of timing
  /// again (which could choose otherwise and change results' last bits).
  func testAChoiceOnceWrittenHoldsForEveryLaterProcess() {
    _ = KernelChoices(file: file, machine: "m").choose("op", among: ["a", "b"]) { $0 == "a" ? 1 : 2 }
    let later = KernelChoices(file: file, machine: "m")
    let choice = later.choose("op", among: ["a", "b"]) { _ in
      XCTFail("timed again")
      return 0
    }
    XCTAssertEqual(choice.chosen, "a")
    XCTAssertEqual(later.all.count, 1)
  }

  /// A file written by another machine (or with other libraries) is not
  /// this machine's: its choices are not used.
  func testAnotherMachinesChoicesAreNotUsed() {
    _ = KernelChoices(file: file, machine: "zen3").choose("op", among: ["a", "b"]) { $0 == "a" ? 1 : 2 }
    let here = KernelChoices(file: file, machine: "zen5")
    XCTAssertEqual(here.all, [:])
    XCTAssertEqual(here.choose("op", among: ["a", "b"]) { $0 == "b" ? 1 : 2 }.chosen, "b")
  }

  /// A damaged file costs a timing, not a crash, and is written anew.
  func testADamagedFileIsTimedAgainAndRewritten() throws {
    try FileManager.default.createDirectory(
      at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data("{ not json".utf8).write(to: file)
    let choice = KernelChoices(file: file, machine: "m").choose("op", among: ["a"]) { _ in 1 }
    XCTAssertEqual(choice.chosen, "a")
    XCTAssertEqual(KernelChoices(file: file, machine: "m").all, ["op": choice])
  }
}
