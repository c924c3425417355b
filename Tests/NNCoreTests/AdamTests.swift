import XCTest

@testable import NNCore

final class AdamTests: XCTestCase {
  func testAdamMatchesHandComputedSteps() {
    let layer = Dense(1 => 1, initializer: .constant(1))
    let adam = Adam(learningRate: 0.001)
    var gradients = Gradients()
    // Step 1, g = 0.5: m = 0.05, v = 0.00025, lr_t = 0.001 * sqrt(0.001) / 0.1,
    // so p moves by lr_t * 0.05 / sqrt(0.00025) = 0.001 exactly.
    gradients.byParameter[ObjectIdentifier(layer.weight)] = Tensor(shape: [1, 1], scalars: [0.5])
    adam.update(layer, along: gradients)
    XCTAssertEqual(layer.weight.value.scalar, 0.999, accuracy: 1e-6)
    // Step 2, g = -1: m = -0.055, v = 0.00124975, lr_t = 0.001 * sqrt(0.001999) / 0.19,
    // a move of -0.000366107.
    gradients.byParameter[ObjectIdentifier(layer.weight)] = Tensor(shape: [1, 1], scalars: [-1])
    adam.update(layer, along: gradients)
    XCTAssertEqual(layer.weight.value.scalar, 0.999366107, accuracy: 1e-6)
    XCTAssertEqual(layer.bias.value.scalar, 0, "no gradient, no change")
  }

  /// Adam on a weight matrix large enough to be split across the cores and
  /// updated eight at a time, with a ragged tail, against the same two
  /// steps computed one element at a time in double precision.
  func testAdamUpdatesEveryElementOfALargeParameter() {
    Random.seed(11)
    let layer = Dense(257 => 259)
    let start = layer.weight.value.scalars
    let (g1, g2) = (Tensor.randomNormal(shape: [257, 259]), Tensor.randomNormal(shape: [257, 259]))
    let adam = Adam(learningRate: 0.01)
    for g in [g1, g2] {
      var gradients = Gradients()
      gradients.byParameter[ObjectIdentifier(layer.weight)] = g
      adam.update(layer, along: gradients)
    }
    let (b1, b2, eps) = (0.9, 0.999, 1e-8)
    let (result, steps) = (layer.weight.value.scalars, [g1.scalars, g2.scalars])
    for i in start.indices {
      var (p, m, v) = (Double(start[i]), 0.0, 0.0)
      for (t, g) in steps.map({ Double($0[i]) }).enumerated() {
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        let rate = 0.01 * (1 - pow(b2, Double(t + 1))).squareRoot() / (1 - pow(b1, Double(t + 1)))
        p -= rate * m / (v.squareRoot() + eps)
      }
      XCTAssertEqual(Double(result[i]), p, accuracy: 1e-6, "element \(i)")
    }
  }

  /// All parameters go through one sweep, split across the cores wherever
  /// the split falls (the 300x300 weight is larger than two chunks) and
  /// 16, 8 or 1 at a time: each element must come out of two steps bit for
  /// bit as the same arithmetic in Swift, one float at a time, gives it.
  func testEveryElementIsComputedAlikeWhereverItLies() {
    Random.seed(12)
    let model = Sequential([Dense(300 => 300)] + (1...40).map { Dense(1 => $0) })
    let parameters = model.parameters.map(\.parameter)
    var expected = parameters.map {
      ($0.value.scalars, [Float](repeating: 0, count: $0.count), [Float](repeating: 0, count: $0.count))
    }
    let adam = Adam(learningRate: 0.01)
    let (b1, b2, eps): (Float, Float, Float) = (0.9, 0.999, 1e-8)
    for step in 1...2 {
      var gradients = Gradients()
      for (index, parameter) in parameters.enumerated() {
        let g = Tensor.randomNormal(shape: parameter.shape)
        gradients.byParameter[ObjectIdentifier(parameter)] = g
        let t = Float(step)
        let rate = 0.01 * (1 - pow(b2, t)).squareRoot() / (1 - pow(b1, t))
        for (i, gi) in g.scalars.enumerated() {
          let m = b1 * expected[index].1[i] + (1 - b1) * gi
          let v = b2 * expected[index].2[i] + (1 - b2) * gi * gi
          expected[index].1[i] = m
          expected[index].2[i] = v
          expected[index].0[i] = expected[index].0[i] - rate * m / (v.squareRoot() + eps)
        }
      }
      adam.update(model, along: gradients)
    }
    for (index, parameter) in parameters.enumerated() {
      XCTAssertEqual(
        parameter.value.scalars, expected[index].0, "parameter \(index), \(parameter.count) elements")
    }
  }

  /// A weight the model reaches by two paths moves one step, not two.
  func testASharedParameterIsUpdatedOnce() {
    let shared = Dense(2 => 2, initializer: .constant(1))
    let (twice, once) = (Sequential([shared, shared]), Dense(2 => 2, initializer: .constant(1)))
    var gradients = Gradients()
    for layer in [shared, once] {
      gradients.byParameter[ObjectIdentifier(layer.weight)] = Tensor(
        shape: [2, 2], scalars: [0.5, -1, 2, 0])
    }
    Adam().update(twice, along: gradients)
    Adam().update(once, along: gradients)
    XCTAssertEqual(twice.parameters.count, 4)
    XCTAssertEqual(shared.weight.value.scalars, once.weight.value.scalars)
  }
}
