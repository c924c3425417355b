import Foundation

/// A loss taking (prediction, target), such as `mse`.
public typealias LossFunction = (Tensor, Tensor) -> Tensor

/// Where `fit` is: handed to its `onStep` callback after every step.
public struct TrainingStep: Sendable, Equatable, CustomStringConvertible, Codable {
  /// The epoch, from 1, of `epochs`.
  public var epoch: Int
  public var epochs: Int
  /// The step just taken within the epoch, from 1, of `steps`.
  public var step: Int
  public var steps: Int

  /// How much of the whole training is done, 0...1.
  public var fraction: Double { (Double(epoch - 1) + Double(step) / Double(steps)) / Double(epochs) }

  /// `epoch 2/7, step 10/469`.
  public var description: String { "epoch \(epoch)/\(epochs), step \(step)/\(steps)" }
}

extension Layer {
  /// The model's outputs for `x`, computed `batchSize` samples at a time.
  public func predict(_ x: Tensor, batchSize: Int = 1000) throws -> Tensor {
    var outputs: [Tensor] = []
    for start in stride(from: 0, to: x.batchSize, by: batchSize) {
      outputs.append(try self(x[start..<min(start + batchSize, x.batchSize)]))
    }
    return Tensor.concatenating(outputs)
  }

  /// The mean loss over `x` against `y`, in batches.
  public func evaluate(_ x: Tensor, _ y: Tensor, loss: LossFunction = mse, batchSize: Int = 1000)
    throws -> Float
  {
    var total: Double = 0
    for start in stride(from: 0, to: x.batchSize, by: batchSize) {
      let range = start..<min(start + batchSize, x.batchSize)
      total += Double(loss(try self(x[range]), y[range]).scalar) * Double(range.count)
    }
    return Float(total / Double(max(x.batchSize, 1)))
  }

  /// Keras-style training: `epochs` passes over `(x, y)` in shuffled batches
  /// of `batchSize` (the last batch may be smaller), one optimizer step per
  /// batch. Prints one line per epoch, as Keras does, and calls `onStep`
  /// after every step (a notebook passes `onStep: progress`).
  @discardableResult
  public func fit(
    _ x: Tensor, _ y: Tensor, loss: LossFunction = mse, optimizer: some Optimizer,
    batchSize: Int = 32, epochs: Int = 1, validation: (x: Tensor, y: Tensor)? = nil,
    verbose: Bool = true, onStep: (TrainingStep) -> Void = { _ in }
  ) throws -> History {
    precondition(x.batchSize == y.batchSize, "fit: \(x.batchSize) inputs but \(y.batchSize) targets")
    var history = History()
    let steps = (x.batchSize + batchSize - 1) / batchSize
    for epoch in 1...epochs {
      let started = Date()
      let order = Array(0..<x.batchSize).seededShuffle()
      var total: Double = 0
      for step in 0..<steps {
        let indices = Array(order[(step * batchSize)..<min((step + 1) * batchSize, order.count)])
        let (xb, yb) = (x.gathering(samples: indices), y.gathering(samples: indices))
        let (value, gradients) = try valueAndGrad(self) { loss(try $0(xb), yb) }
        optimizer.update(self, along: gradients)
        total += Double(value) * Double(indices.count)
        onStep(TrainingStep(epoch: epoch, epochs: epochs, step: step + 1, steps: steps))
      }
      history.loss.append(Float(total / Double(x.batchSize)))
      if let validation {
        history.validationLoss.append(try evaluate(validation.x, validation.y, loss: loss))
      }
      history.seconds.append(Date().timeIntervalSince(started))
      if verbose { print(history.line(epoch: epoch, of: epochs)) }
    }
    return history
  }
}

extension History {
  func line(epoch: Int, of epochs: Int) -> String {
    var text = "Epoch \(epoch)/\(epochs): loss \(String(format: "%.4f", loss[epoch - 1]))"
    if epoch <= validationLoss.count {
      text += ", val_loss \(String(format: "%.4f", validationLoss[epoch - 1]))"
    }
    return text + String(format: " (%.1f s)", seconds[epoch - 1])
  }
}
