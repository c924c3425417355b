import ModelZoo
import XCTest

@testable import nbbench

final class MeasurementPlanTests: XCTestCase {
  /// post004-dense is 784 => 32 => 784: 784 * 32 * 2 = 50,176 multiply-adds
  /// an image, so 6 * 50,176 = 301,056 training FLOPs; 60,000 images are
  /// 18.06 GFLOP, 0.09 s at 200 GFLOP/s and 1.8 s at 10.
  func testAnEpochIsShortByItsWorkAtTheSGEMMRate() throws {
    let model = try XCTUnwrap(ModelZoo.model(named: "post004-dense"))
    XCTAssertEqual(try model.build().multiplyAccumulates(sampleShape: model.sampleShape), 50_176)
    XCTAssertEqual(
      try Throughput.trainingEpochs(model, images: 60_000, sgemmGflops: 200, passes: 3), 3)
    XCTAssertEqual(
      try Throughput.trainingEpochs(model, images: 60_000, sgemmGflops: 10, passes: 3), 1)
    // 1.5 s exactly is not short: 18.0634 GFLOP / 1.5 s = 12.04 GFLOP/s.
    XCTAssertEqual(
      try Throughput.trainingEpochs(model, images: 60_000, sgemmGflops: 12.1, passes: 3), 3)
    XCTAssertEqual(
      try Throughput.trainingEpochs(model, images: 60_000, sgemmGflops: 12.0, passes: 3), 1)
  }

  /// Two cores for 2 s are 4 core-seconds; the machine was busy 4 of them,
  /// 3 of which were ours: others took 1, a quarter.
  func testOthersShareIsTheMachinesBusyTimeLessOurs() {
    let start = OthersLoad.Sample(wall: 100, machineBusy: 10, ours: 5)
    let end = OthersLoad.Sample(wall: 102, machineBusy: 14, ours: 8)
    XCTAssertEqual(OthersLoad.share(from: start, to: end, cores: 2), 0.25, accuracy: 1e-12)
    // Ticks of 10 ms make our own time read above the machine's: never below 0.
    let over = OthersLoad.Sample(wall: 102, machineBusy: 12.99, ours: 8)
    XCTAssertEqual(OthersLoad.share(from: start, to: over, cores: 2), 0)
  }

  func testOthersLoadReadsThisMachine() throws {
    try XCTSkipUnless(FileManager.default.fileExists(atPath: "/proc/stat"), "Linux only")
    let (value, share) = OthersLoad.during { (1...200_000).reduce(0, +) }
    XCTAssertEqual(value, 20_000_100_000)
    let measured = try XCTUnwrap(share)
    XCTAssertTrue((0...1).contains(measured))
  }
}
