import Foundation
import XCTest

@testable import NNCore

/// How a convolution product's library is chosen: timed on first use,
/// stored, and then followed by every process, whichever library a fresh
/// timing would favour.
final class ConvolutionRouteTests: XCTestCase {
  private var file: URL!
  private let geometry = ConvGeometry(
    batch: 8, inputHeight: 28, inputWidth: 28, channels: 1, kernel: 3, stride: 1, padding: .same)
  private var image: Tensor!
  private var weights: Tensor!

  override func setUpWithError() throws {
    file = FileManager.default.temporaryDirectory
      .appendingPathComponent("conv-route-\(UUID().uuidString)/choices.json")
    Random.seed(21)
    image = Tensor.randomNormal(shape: [8, 28, 28, 1])
    weights = Tensor.randomNormal(shape: [3, 3, 1, 16])
  }

  override func tearDownWithError() throws {
    try? FileManager.default.removeItem(at: file.deletingLastPathComponent())
  }

  /// `gather` on this test's shape through `choices`, and the libraries
  /// it ran, in order.
  private func gather(with choices: KernelChoices) -> (Tensor, [ConvolutionLibrary]) {
    var ran: [ConvolutionLibrary] = []
    let shape = [8, 28, 28, 16]
    let result = ConvolutionRoute.route(.gather, geometry, features: 16, bias: false, choices: choices) {
      ran.append($0)
      return switch $0 {
      case .oneDNN: geometry.gatherThroughOneDNN(image, weights, shape: shape)
      case .im2col: geometry.gatherThroughPatches(image, weights, shape: shape)
      }
    }
    return (result, ran)
  }

  private var operationName: String {
    ConvolutionRoute.Decision(pass: .gather, geometry: geometry, features: 16, bias: false, rectified: false)
      .operation
  }

  func testTheFirstUseTimesBothLibrariesAndKeepsTheFaster() throws {
    let choices = KernelChoices(file: file, machine: "test machine")
    let (result, ran) = gather(with: choices)
    let choice = try XCTUnwrap(choices.all[operationName])
    XCTAssertEqual(Set(choice.seconds.keys), ["oneDNN", "im2col"])
    XCTAssertTrue(choice.seconds.values.allSatisfy { $0 > 0 }, "\(choice.seconds)")
    let faster = choice.seconds.min { $0.value < $1.value }!.key
    XCTAssertEqual(choice.chosen, faster)
    // Once each to warm up, three timings each, then the product itself.
    XCTAssertEqual(ran.count, 2 + 3 * 2 + 1)
    XCTAssertEqual(ran.last?.rawValue, faster)
    let library = try XCTUnwrap(ConvolutionLibrary(rawValue: faster))
    XCTAssertEqual(result, gatherAlone(library))
  }

  /// A stored choice is followed without timing, whichever library it
  /// names: what keeps a resumed run's results identical to a full run's.
  func testAStoredChoiceIsFollowedWithoutTiming() throws {
    for library in ConvolutionLibrary.allCases {
      let stored = KernelChoices(file: file, machine: "m \(library)")
      _ = stored.choose(operationName, among: ConvolutionLibrary.allCases.map(\.rawValue)) {
        $0 == library.rawValue ? 1 : 2
      }
      let (result, ran) = gather(with: KernelChoices(file: file, machine: "m \(library)"))
      XCTAssertEqual(ran, [library])
      XCTAssertEqual(result, gatherAlone(library))
    }
  }

  /// The two libraries agree to rounding. Whether they agree bit for bit
  /// depends on the order each sums in, which depends on the kernels each
  /// picks (and im2col's product on which GEMM library was measured faster
  /// here): not something to assert, and why the choice, once made, must
  /// not change between processes.
  func testTheLibrariesAgreeToRounding() {
    let (oneDNN, im2col) = (gatherAlone(.oneDNN), gatherAlone(.im2col))
    let largest = zip(oneDNN.scalars, im2col.scalars).map { abs($0 - $1) }.max()!
    XCTAssertLessThan(largest, 1e-5)
  }

  /// The name says what the timing holds for: shape, cores and oneDNN build.
  func testTheOperationNamesShapeCoresAndLibrary() {
    XCTAssertEqual(
      operationName,
      "conv gather 8x28x28x1 -> 28x28x16 kernel 3x3 stride 1x1 pad 1,1 on \(kernelThreadCount) cores"
        + " | \(OneDNN.description)")
  }

  private func gatherAlone(_ library: ConvolutionLibrary) -> Tensor {
    ConvolutionRoute.$forced.withValue(library) { geometry.gather(image, weights, shape: [8, 28, 28, 16]) }
  }
}
