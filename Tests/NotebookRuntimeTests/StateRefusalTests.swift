import Foundation
import NNCore
import NotebookProtocol
import XCTest

@testable import NotebookRuntime

private struct Opaque {}
final class Counter: Codable { var count = 0 }
struct Holder: Codable { var counter: Counter }
struct HistoryHolder: Codable { var loss: [Float] }
struct ModelRun: Codable { @Polymorphic var model: any Layer }

/// When a state cannot be saved, nothing is written and the reason names
/// the variable, its line and its type.
final class StateRefusalTests: XCTestCase {
  private var directory: URL!

  override func setUpWithError() throws {
    directory = FileManager.default.temporaryDirectory.appendingPathComponent("nbrun-state-\(UUID())")
  }

  override func tearDownWithError() throws {
    try? FileManager.default.removeItem(at: directory)
  }

  private func reason(_ variables: [StateVariable]) -> String? {
    do {
      _ = try StateArchive(directory: directory).save(variables, random: .init(seed: 0), after: 0, key: "k")
      return nil
    } catch let error as StateNotSaved {
      return error.reason
    } catch {
      return "unexpected \(error)"
    }
  }

  /// Whatever is left in the state directory (files and folders, hidden ones too).
  private func leftovers() -> [String] {
    (FileManager.default.enumerator(atPath: directory.path)?.allObjects as? [String] ?? []).sorted()
  }

  func testANonCodableVariableIsNamedWithItsLineAndType() {
    let errors: [(ours: Float, flat: Float)] = [(1, 2)]
    let reason = reason([
      StateVariable("images", line: 80, Tensor(zeros: [2, 2])),
      StateVariable("watchErrors", line: 88, errors),
    ])
    XCTAssertEqual(reason, "`watchErrors` (line 88) is a [(ours: Float, flat: Float)], which is not Codable")
    XCTAssertEqual(leftovers(), [], "no blob for `images`, no snapshot")
  }

  /// A value Codable on the outside with a non-Codable inside is found
  /// while coding: the path inside the variable is named, and the blobs
  /// named before it are not written.
  func testANonCodableValueInsideIsNamedWithItsPath() {
    let model = Sequential {
      Dense(2 => 2); Flatten()
    }
    let reason = reason([
      StateVariable("model", line: 3, model),
      StateVariable(
        "runs", line: 9, [Polymorphic<Any>(wrappedValue: 1), Polymorphic<Any>(wrappedValue: Opaque())]),
    ])
    XCTAssertEqual(reason, "`runs` (line 9) cannot be saved: at 1: Opaque is not Codable")
    XCTAssertEqual(leftovers(), [])
  }

  /// The same object in two variables, coded in full twice (synthesized
  /// `Codable` holds it as a plain property), would be restored as two.
  func testSharingThatWouldBeLostIsRefused() {
    let counter = Counter()
    let reason = reason([
      StateVariable("first", line: 1, Holder(counter: counter)),
      StateVariable("second", line: 2, Holder(counter: counter)),
    ])
    XCTAssertEqual(
      reason,
      "`first` (line 1) and `second` (line 2) hold the same Counter object, which restoring would turn into "
        + "separate copies (hold it through `@Polymorphic`, or in one variable)")
    XCTAssertEqual(leftovers(), [])
  }

  /// A NaN of another sign than `.nan` would come back as `.nan`: refused.
  /// A tensor's NaNs are raw bits, kept whatever they are.
  func testANaNTheTextWouldChangeIsRefused() throws {
    let negativeNaN = -Float.nan
    XCTAssertEqual(negativeNaN.bitPattern, 0xFFC0_0000)
    XCTAssertNil(
      reason([
        StateVariable("losses", line: 4, [Float.nan, 1]), StateVariable("t", line: 5, Tensor([negativeNaN])),
      ]))
    XCTAssertEqual(
      reason([
        StateVariable("fine", line: 3, Float.nan),
        StateVariable("runs", line: 7, [HistoryHolder(loss: [1, negativeNaN])]),
      ]),
      "`runs` (line 7) holds a NaN other than `.nan` (such as `-nan`), which the saved text would turn into `nan`"
    )
  }

  /// An object held by a variable and, through `@Polymorphic`, by another is restored as one.
  func testSharingThroughPolymorphicIsKept() throws {
    let runs = [ModelRun(model: Dense(2 => 1)), ModelRun(model: Dense(2 => 1))]
    let best: any Layer = runs[1].model
    XCTAssertNil(reason([StateVariable("runs", line: 1, runs), StateVariable("best", line: 2, best)]))
    let restored = try StateArchive(directory: directory).load("k").values
    let restoredRuns = try XCTUnwrap(restored["runs"] as? [ModelRun])
    XCTAssertTrue((restored["best"] as AnyObject) === restoredRuns[1].model)
    XCTAssertFalse((restored["best"] as AnyObject) === restoredRuns[0].model)
  }

  /// The same for a variable that holds the object in an optional (`var best: Sequential? = ...`).
  func testSharingThroughAnOptionalIsKept() throws {
    let runs = [ModelRun(model: Sequential { Dense(2 => 1) })]
    let best: Sequential? = runs[0].model as? Sequential
    let none: Sequential? = nil
    XCTAssertNil(
      reason([
        StateVariable("runs", line: 1, runs), StateVariable("best", line: 2, best as Any),
        StateVariable("none", line: 3, none as Any),
      ]))
    let restored = try StateArchive(directory: directory).load("k").values
    let restoredBest = try XCTUnwrap(restored["best"] as? Sequential?)
    XCTAssertTrue(restoredBest === (try XCTUnwrap(restored["runs"] as? [ModelRun]))[0].model)
    let restoredNone = try XCTUnwrap(restored["none"])
    XCTAssertTrue(type(of: restoredNone) == Sequential?.self)
    XCTAssertNil(restoredNone as! Sequential?)
  }

  /// Writing fails (here: `blobs` is a file): no snapshot, no partial folder.
  func testAFailedWriteLeavesNoSnapshot() throws {
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    try Data("in the way".utf8).write(to: directory.appendingPathComponent(StateSnapshots.blobsFolder))
    XCTAssertThrowsError(
      try StateArchive(directory: directory).save(
        [StateVariable("x", line: 1, Tensor([1, 2]))], random: .init(seed: 0), after: 0, key: "k"))
    XCTAssertEqual(leftovers(), [StateSnapshots.blobsFolder])
  }

  /// A key that is not one folder name is refused before anything is written.
  func testAKeyThatIsNotAFolderNameIsRefused() {
    XCTAssertEqual(reason([StateVariable("x", line: 1, 3)]), nil)
    try? FileManager.default.removeItem(at: directory)
    XCTAssertThrowsError(
      try StateArchive(directory: directory).save(
        [StateVariable("x", line: 1, Tensor([1]))], random: .init(seed: 0), after: 0, key: "../elsewhere"))
    XCTAssertEqual(leftovers(), [])
  }

  /// Saving a key again replaces its snapshot whole, leaving no temporary folder.
  func testSavingAKeyAgainReplacesTheSnapshot() throws {
    let archive = StateArchive(directory: directory)
    _ = try archive.save(
      [StateVariable("x", line: 1, 3), StateVariable("y", line: 2, 4)], random: .init(seed: 0), after: 0,
      key: "k")
    _ = try archive.save([StateVariable("x", line: 1, 5)], random: .init(seed: 0), after: 0, key: "k")
    XCTAssertEqual(leftovers(), ["k", "k/0.json", "k/manifest.json", "k/random.json"])
    XCTAssertEqual(try StateArchive(directory: directory).load("k").values["x"] as? Int, 5)
  }
}
