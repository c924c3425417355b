import Foundation
import ModelZoo
import NNCore

/// Times a model's training and its inference, the fastest of a few passes where they are short.
enum Throughput {
  struct Result {
    var figures: BenchRow.Figures
    /// How many epochs the training figure is the fastest of.
    var trainingEpochs: Int
  }

  /// An epoch shorter than this is timed `passes` times (each continuing
  /// the training) and the fastest counts, on every side: a neighbour's
  /// burst of a fraction of a second decides a sub-second figure, while a
  /// longer epoch averages over it, and repeating the long ones (the
  /// denoiser's 26-94 s) would make the full run twice as long.
  static let shortEpoch = 2.0

  /// Training is one epoch in the model's batches, or the fastest of
  /// `passes` if it is short; inference is the fastest of `passes` passes
  /// in batches of 1,000 over the same data, since one pass of a small
  /// model lasts a few tens of milliseconds.
  static func measure(_ zoo: ZooModel, on data: Tensor, passes: Int) throws -> Result {
    try warmUp(zoo, on: data)
    let model = zoo.build()
    let optimizer = zoo.optimizer.make()
    let count = data.batchSize
    func epoch() throws {
      for start in stride(from: 0, to: count, by: zoo.batchSize) {
        try step(model, optimizer, zoo, on: data[start..<min(start + zoo.batchSize, count)])
      }
    }
    let firstEpoch = try fastestSeconds(of: 1, epoch)
    let trainingEpochs = firstEpoch < shortEpoch ? passes : 1
    let trainSeconds = min(firstEpoch, try fastestSeconds(of: trainingEpochs - 1, epoch))
    // Outputs dropped, as the peers do (`predict` would also gather all
    // outputs into one tensor).
    let inferSeconds = try fastestSeconds(of: passes) {
      for start in stride(from: 0, to: count, by: 1000) {
        _ = try model(data[start..<min(start + 1000, count)])
      }
    }
    return Result(
      figures: .init(
        trainImagesPerS: Double(count) / trainSeconds, inferImagesPerS: Double(count) / inferSeconds),
      trainingEpochs: trainingEpochs)
  }

  /// The fastest of `times` runs of `work`, in seconds (infinity for none).
  private static func fastestSeconds(of times: Int, _ work: () throws -> Void) rethrows -> Double {
    var fastest = Double.infinity
    for _ in 0..<times {
      let started = Date()
      try work()
      fastest = min(fastest, Date().timeIntervalSince(started))
    }
    return fastest
  }

  private static func step(_ model: Sequential, _ optimizer: some Optimizer, _ zoo: ZooModel, on x: Tensor)
    throws
  {
    let (_, gradients) = try valueAndGrad(model) { zoo.loss(try $0(x), x) }
    optimizer.update(model, along: gradients)
  }

  /// A training step and an inference of a throwaway copy on every batch
  /// shape the timed runs will see (a full batch and the epoch's last,
  /// shorter one), before the clock starts: the first use of a product
  /// shape on a machine times every library on it (`KernelChoices`), as
  /// the peers' first steps set up their kernels and JAX compiles its
  /// steps, which they too leave out of their timings.
  private static func warmUp(_ zoo: ZooModel, on data: Tensor) throws {
    let model = zoo.build()
    let optimizer = zoo.optimizer.make()
    let count = data.batchSize
    for size in Set([min(zoo.batchSize, count), count % zoo.batchSize]) where size > 0 {
      try step(model, optimizer, zoo, on: data[0..<size])
    }
    for size in Set([min(1000, count), count % 1000]) where size > 0 {
      _ = try model(data[0..<size])
    }
  }
}
