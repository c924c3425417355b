import XCTest

@testable import nbbench

final class RowTurnsTests: XCTestCase {
  private struct PeerFailed: Error {}

  private func figures(_ train: Double, _ infer: Double) -> BenchRow.Figures {
    BenchRow.Figures(trainImagesPerS: train, inferImagesPerS: infer)
  }

  /// One turn in which every side measured `train`, `infer` images per second.
  private func turn(_ row: inout RowTurns, _ sides: [String: (Double, Double)]) {
    for (side, (train, infer)) in sides { row.record(side, .success(figures(train, infer)), others: 0) }
    row.finishTurn()
  }

  func testALongRowIsMeasuredOnce() {
    var row = RowTurns(trainingEpochs: 1)
    XCTAssertTrue(row.needsTurn, "every row gets its first turn")
    turn(&row, ["ours": (100, 1000), "JAX": (50, 2000)])
    XCTAssertFalse(row.needsTurn)
  }

  func testAShortRowIsMeasuredTwiceWhenItsTurnsAgree() {
    var row = RowTurns(trainingEpochs: 3)
    turn(&row, ["ours": (100, 1000), "JAX": (50, 2000)])
    XCTAssertTrue(row.needsTurn)
    // 120 / 100 - 1 = 0.2, within the 0.25 allowed.
    turn(&row, ["ours": (120, 1000), "JAX": (50, 1900)])
    XCTAssertEqual(row.largestDisagreement, 0.2, accuracy: 1e-12)
    XCTAssertFalse(row.needsTurn)
  }

  func testAThirdTurnWhenAnySideDisagreesAndNeverAFourth() {
    var row = RowTurns(trainingEpochs: 3)
    turn(&row, ["ours": (100, 1000), "JAX": (50, 2000)])
    // JAX's inference: 2000 / 1500 - 1 = 1/3.
    turn(&row, ["ours": (100, 1000), "JAX": (50, 1500)])
    XCTAssertEqual(row.largestDisagreement, 1.0 / 3, accuracy: 1e-12)
    XCTAssertTrue(row.needsTurn)
    turn(&row, ["ours": (40, 1000), "JAX": (50, 1500)])
    XCTAssertEqual(row.turns, 3)
    XCTAssertFalse(row.needsTurn, "three turns at most")
  }

  func testEachSidesBestFigureCountsSeparately() {
    var row = RowTurns(trainingEpochs: 3)
    turn(&row, ["ours": (100, 900), "PyTorch": (70, 400)])
    turn(&row, ["ours": (80, 1000), "PyTorch": (60, 500)])
    XCTAssertEqual(row.best("ours")?.trainImagesPerS, 100)
    XCTAssertEqual(row.best("ours")?.inferImagesPerS, 1000)
    XCTAssertEqual(row.peers.keys.sorted(), ["PyTorch"], "ours is not a peer")
    XCTAssertEqual(row.peers["PyTorch"]?.trainImagesPerS, 70)
    XCTAssertEqual(row.peers["PyTorch"]?.inferImagesPerS, 500)
    XCTAssertNil(row.best("JAX"))
  }

  func testAPeerFailureStaysOnlyWithoutFigures() {
    var row = RowTurns(trainingEpochs: 3)
    row.record("ours", .success(figures(100, 1000)), others: 0.02)
    row.record("JAX", .failure(PeerFailed()), others: nil)
    row.record("PyTorch", .failure(PeerFailed()), others: 0.3)
    row.finishTurn()
    row.record("ours", .success(figures(100, 1000)), others: 0.01)
    row.record("JAX", .success(figures(50, 500)), others: 0.05)
    row.record("PyTorch", .failure(PeerFailed()), others: 0.1)
    row.finishTurn()
    XCTAssertEqual(row.peerErrors.keys.sorted(), ["PyTorch"])
    XCTAssertNotNil(row.peers["JAX"])
    XCTAssertEqual(row.othersShare, ["ours": 0.02, "JAX": 0.05, "PyTorch": 0.3], "the most over the turns")
  }
}
