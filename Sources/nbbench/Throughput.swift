import Foundation
import ModelZoo
import NNCore

/// Times one training epoch and one inference pass of a model.
enum Throughput {
  struct Result {
    var trainPerSecond: Double
    var inferPerSecond: Double
  }

  /// Training is one epoch in the model's batches; inference is the
  /// fastest of `inferencePasses` passes in batches of 1,000 over the same
  /// data, since one pass of a small model lasts a few tens of
  /// milliseconds, where a busy machine's hiccups would decide it.
  static func measure(_ zoo: ZooModel, on data: Tensor, inferencePasses: Int) throws -> Result {
    let model = zoo.build()
    let optimizer = zoo.optimizer.make()
    let count = data.batchSize
    let trainStarted = Date()
    for start in stride(from: 0, to: count, by: zoo.batchSize) {
      let x = data[start..<min(start + zoo.batchSize, count)]
      let (_, gradients) = try valueAndGrad(model) { zoo.loss(try $0(x), x) }
      optimizer.update(model, along: gradients)
    }
    let trainSeconds = Date().timeIntervalSince(trainStarted)
    // Outputs dropped, as the peers do (`predict` would also gather all
    // outputs into one tensor).
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
