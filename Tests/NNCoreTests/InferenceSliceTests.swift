import XCTest

@testable import NNCore

/// Records the batch sizes it is called with and passes its input on.
private final class BatchProbe: Layer {
  let sampleWise: Bool
  var batches: [Int] = []

  init(sampleWise: Bool) { self.sampleWise = sampleWise }

  func callAsFunction(_ input: Tensor) throws -> Tensor {
    batches.append(input.batchSize)
    return input
  }
  func outputShape(for inputShape: [Int]) throws -> [Int] { inputShape }
  var isSampleWise: Bool { sampleWise }
  var constructor: String { "BatchProbe()" }
}

/// Subtracts the batch's mean from every sample: a layer whose output for a
/// sample depends on the others, as one a notebook defines may be.
private final class CenterBatch: Layer {
  func callAsFunction(_ input: Tensor) throws -> Tensor {
    let mean = input.scalars.reduce(0, +) / Float(input.count)
    return Tensor(shape: input.shape, scalars: input.scalars.map { $0 - mean })
  }
  func outputShape(for inputShape: [Int]) throws -> [Int] { inputShape }
  var constructor: String { "CenterBatch()" }
}

final class InferenceSliceTests: XCTestCase {
  /// Samples of 1,000 elements, so many that the batch is three slices' worth.
  private let features = 1000
  private var batch: Int { 3 * inferenceSliceElements / features - 7 }

  func testABatchLargerThanTheCacheRunsInEvenSlicesOutsideTraining() throws {
    let probe = BatchProbe(sampleWise: true)
    let dense = Dense(features => 8)
    let model = Sequential {
      Sequential {
        Dense(features => features, activation: .relu); probe
      }.named("encoder")
      dense
    }
    let x = Tensor.randomUniform(shape: [batch, features], in: -1...1)
    let y = try model(x)
    XCTAssertEqual(probe.batches.reduce(0, +), batch)
    XCTAssertEqual(probe.batches.count, 3)
    XCTAssertLessThanOrEqual(probe.batches.max()! - probe.batches.min()!, 1)
    // Each sample's output is the one it has alone.
    XCTAssertEqual(y.shape, [batch, 8])
    for sample in [0, batch / 3, batch - 1] {
      let alone = try model(x[sample: sample]).scalars
      for (a, b) in zip(y[sample: sample].scalars, alone) { XCTAssertEqual(a, b, accuracy: 1e-5) }
    }
    // A training step sees the whole batch.
    probe.batches.removeAll()
    _ = try valueAndGrad(model) { mse(try $0(x), Tensor(zeros: [batch, 8])) }
    XCTAssertEqual(probe.batches, [batch])
  }

  func testAChainWithALayerThatMixesSamplesRunsWhole() throws {
    let probe = BatchProbe(sampleWise: true)
    let model = Sequential {
      probe; CenterBatch()
    }
    let x = Tensor.randomUniform(shape: [batch, features], in: 0...1)
    let y = try model(x)
    XCTAssertEqual(probe.batches, [batch])
    XCTAssertEqual(y.scalars.reduce(0, +) / Float(y.count), 0, accuracy: 1e-4)
    XCTAssertFalse(model.isSampleWise)
    XCTAssertFalse(Sequential { Sequential { CenterBatch() } }.isSampleWise)
  }

  func testASmallBatchRunsWhole() throws {
    let probe = BatchProbe(sampleWise: true)
    _ = try Sequential { probe }(Tensor(zeros: [inferenceSliceElements / features, features]))
    XCTAssertEqual(probe.batches, [inferenceSliceElements / features])
  }

  func testAShapeErrorNamesTheWholeBatch() {
    let model = Sequential {
      Dense(features => features)
      Sequential { Dense(4 => 2) }.named("decoder")
    }
    XCTAssertThrowsError(try model(Tensor(zeros: [batch, features]))) {
      XCTAssertTrue(
        "\($0)".contains("at decoder.0 expects input of shape [N, 4], got [\(batch), 1000]"), "\($0)")
    }
  }

  /// The core's layers that say they treat each sample alone do: each
  /// sample of a batch comes out as it does alone.
  func testTheCoresSampleWiseLayersGiveEachSampleWhatItGivesAlone() throws {
    let images = Tensor.randomUniform(shape: [3, 8, 8, 2], in: -1...1)
    let cases: [(any Layer, Tensor)] = [
      (Dense(128 => 5, activation: .tanh), images.reshaped([3, 128])),
      (Conv2D(2 => 3, kernel: 3, activation: .relu), images),
      (ConvTranspose2D(2 => 3, kernel: 3, stride: 2, activation: .sigmoid), images),
      (MaxPool2D(size: 2), images),
      (MaxUnpool2D(zeroFill: 2), images),
      (Upsample(size: [11, 11]), images),
      (Reshape([16, 8]), images),
      (Flatten(), images),
      (Dropout(keep: 0.5), images),
      (Activation(.relu), images),
    ]
    for (layer, x) in cases {
      XCTAssertTrue(layer.isSampleWise, layer.constructor)
      let y = try layer(x)
      for sample in 0..<3 {
        let alone = try layer(x[sample: sample]).scalars
        for (a, b) in zip(y[sample: sample].scalars, alone) {
          XCTAssertEqual(a, b, accuracy: 1e-6, layer.constructor)
        }
      }
    }
  }
}
