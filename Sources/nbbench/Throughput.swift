import Foundation
import NNCore

/// Times one training epoch and one inference pass of a model.
enum Throughput {
  struct Result {
    var trainPerSecond: Double
    var inferPerSecond: Double
  }

  /// Training is one epoch; inference is the fastest of `inferencePasses`
  /// passes over the same data, since one pass of a small model lasts a few
  /// tens of milliseconds, where a busy machine's hiccups would decide it.
  static func measure(_ bench: BenchModel, on data: Tensor, inferencePasses: Int) throws -> Result {
    let model = bench.make()
    let optimizer = Adam(learningRate: bench.learningRate)
    let count = data.batchSize
    let trainStarted = Date()
    for start in stride(from: 0, to: count, by: bench.batchSize) {
      let x = data[start..<min(start + bench.batchSize, count)]
      let (_, gradients) = try valueAndGrad(model) { bench.loss(try $0(x), x) }
      optimizer.update(model, along: gradients)
    }
    let trainSeconds = Date().timeIntervalSince(trainStarted)
    // Batches of 1,000 through the model, outputs dropped, as the PyTorch
    // side does (`predict` would also gather all outputs into one tensor).
    var inferSeconds = Double.infinity
    for _ in 0..<inferencePasses {
      let inferStarted = Date()
      for start in stride(from: 0, to: count, by: 1000) {
        _ = try model(data[start..<min(start + 1000, count)])
      }
      inferSeconds = min(inferSeconds, Date().timeIntervalSince(inferStarted))
    }
    return Result(trainPerSecond: Double(count) / trainSeconds, inferPerSecond: Double(count) / inferSeconds)
  }
}
