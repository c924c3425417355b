import Foundation
import ModelZoo
import NNCore

/// Times a model's training and its inference, the fastest of a few passes where they are short.
enum Throughput {
  /// An epoch whose products would take less than this at the run's sgemm
  /// rate is short: it is timed `passes` times on every side (each epoch
  /// continuing the training), the fastest counting, and its row is
  /// measured in more than one turn (`RowTurns`). A neighbour's burst of a
  /// fraction of a second decides a sub-second figure, while a longer epoch
  /// averages over it, and repeating the long ones (the denoiser's 26-94 s)
  /// would make the full run twice as long. Decided from the model's work
  /// rather than from a timed epoch, so that a slow spell cannot make a
  /// short row long (2f7a536's second run: post001-dense2's first epoch took
  /// 2.2 s, and that row got a single epoch and a single turn). At 60,000
  /// images on the Zen 4 machine the dense models come to 0.1-0.9 s, the
  /// convolutional ones to 2.5-21 s.
  static let shortEpoch = 1.5

  /// How many epochs each side's training figure is the fastest of.
  static func trainingEpochs(_ zoo: ZooModel, images: Int, sgemmGflops: Double, passes: Int) throws -> Int {
    let macs = try zoo.multiplyAccumulates()
    let seconds = Double(trainingFlops(macs: macs) * images) / (sgemmGflops * 1e9)
    return seconds < shortEpoch ? passes : 1
  }

  /// Training costs about three forward passes: forward, and two products back.
  static func trainingFlops(macs: Int) -> Int { 6 * macs }
  static func inferenceFlops(macs: Int) -> Int { 2 * macs }

  /// Training is the fastest of `trainingEpochs` epochs in the model's
  /// batches; inference is the fastest of `passes` passes in batches of
  /// 1,000 over the same data, since one pass of a small model lasts a few
  /// tens of milliseconds.
  static func measure(_ zoo: ZooModel, on data: Tensor, trainingEpochs: Int, passes: Int) throws
    -> BenchRow.Figures
  {
    try warmUp(zoo, on: data)
    let model = zoo.build()
    let optimizer = zoo.optimizer.make()
    let count = data.batchSize
    func epoch() throws {
      for start in stride(from: 0, to: count, by: zoo.batchSize) {
        try step(model, optimizer, zoo, on: data[start..<min(start + zoo.batchSize, count)])
      }
    }
    let trainSeconds = try fastestSeconds(of: trainingEpochs, epoch)
    // Outputs dropped, as the peers do (`predict` would also gather all
    // outputs into one tensor).
    let inferSeconds = try fastestSeconds(of: passes) {
      for start in stride(from: 0, to: count, by: 1000) {
        _ = try model(data[start..<min(start + 1000, count)])
      }
    }
    return .init(trainImagesPerS: Double(count) / trainSeconds, inferImagesPerS: Double(count) / inferSeconds)
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
