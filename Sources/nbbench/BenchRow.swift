import Foundation
import ModelZoo

/// One model's figures in one run: ours, each peer's, and the ratios.
struct BenchRow: Codable {
  var model: String
  var trainImagesPerS: Double
  var inferImagesPerS: Double
  var trainGflops: Double
  var inferGflops: Double
  /// Our GFLOP/s over the same run's sgemm rate on all cores, with the
  /// environment as given and with the OpenBLAS variables unset.
  var trainShare: Double
  var inferShare: Double
  var trainShareUnset: Double
  var inferShareUnset: Double
  /// Images per second by peer (`pytorch`, `jax`); a peer that failed on
  /// this model is missing, with its message in `peerErrors`.
  var peers: [String: Figures] = [:]
  var peerErrors: [String: String] = [:]
  /// How many training epochs each side's training figure is the fastest of.
  var trainingEpochs: Int
  /// How many times the row was measured, ours and each peer in turn
  /// (each side's best figures count), and each side's figures in each.
  var turns: Int
  var turnFigures: [String: [Figures]]
  /// The share of the machine others took while each side (`ours` and the
  /// peers' names) was measured (`OthersLoad`).
  var othersShare: [String: Double] = [:]

  /// One side's images per second.
  struct Figures: Codable {
    var trainImagesPerS: Double
    var inferImagesPerS: Double

    /// Each figure the better of the two.
    func best(_ other: Figures?) -> Figures {
      guard let other else { return self }
      return Figures(
        trainImagesPerS: max(trainImagesPerS, other.trainImagesPerS),
        inferImagesPerS: max(inferImagesPerS, other.inferImagesPerS))
    }
  }

  /// Ours over the fastest peer's, nil without a peer's figure.
  var trainOverBest: Double? {
    peers.values.map(\.trainImagesPerS).max().map { trainImagesPerS / $0 }
  }
  var inferOverBest: Double? {
    peers.values.map(\.inferImagesPerS).max().map { inferImagesPerS / $0 }
  }

  /// The table's columns, in `BenchTable.header`'s order.
  func cells(peerNames: [String]) -> [String] {
    func number(_ value: Double?) -> String { value.map { grouped($0) } ?? "-" }
    func ratio(_ value: Double?) -> String { value.map { String(format: "%.2f", $0) } ?? "-" }
    func share(_ gflops: Double, _ value: Double) -> String {
      String(format: "%.1f (%.0f%%)", gflops, 100 * value)
    }
    let training = [model, number(trainImagesPerS)] + peerNames.map { number(peers[$0]?.trainImagesPerS) }
    let inference =
      [ratio(trainOverBest), number(inferImagesPerS)] + peerNames.map { number(peers[$0]?.inferImagesPerS) }
    let shares = [
      ratio(inferOverBest), share(trainGflops, trainShare), String(format: "%.0f%%", 100 * trainShareUnset),
      share(inferGflops, inferShare), String(format: "%.0f%%", 100 * inferShareUnset),
    ]
    let others = othersShare.values.max().map { String(format: "%.0f%%", 100 * $0) } ?? "-"
    return training + inference + shares + [others]
  }
}

extension BenchRow {
  /// The row of `model` from its turns, its rates set beside the run's sgemm rates.
  init(_ model: ZooModel, _ turns: RowTurns, sgemm: (given: SGEMMRates, unset: SGEMMRates)) throws {
    let macs = try model.multiplyAccumulates()
    guard let ours = turns.best(RowTurns.ours) else {
      preconditionFailure("a row is built after its first turn")
    }
    let trainingFlops = Double(Throughput.trainingFlops(macs: macs))
    let inferenceFlops = Double(Throughput.inferenceFlops(macs: macs))
    let train: Double = trainingFlops * ours.trainImagesPerS / 1e9
    let infer: Double = inferenceFlops * ours.inferImagesPerS / 1e9
    self.init(
      model: model.name, trainImagesPerS: ours.trainImagesPerS, inferImagesPerS: ours.inferImagesPerS,
      trainGflops: train, inferGflops: infer, trainShare: train / sgemm.given.allCores,
      inferShare: infer / sgemm.given.allCores, trainShareUnset: train / sgemm.unset.allCores,
      inferShareUnset: infer / sgemm.unset.allCores, peers: turns.peers, peerErrors: turns.peerErrors,
      trainingEpochs: turns.trainingEpochs, turns: turns.turns, turnFigures: turns.figures,
      othersShare: turns.othersShare)
  }
}

/// `4364.2` as `4,364`.
func grouped(_ value: Double) -> String {
  let formatter = NumberFormatter()
  formatter.numberStyle = .decimal
  formatter.maximumFractionDigits = 0
  return formatter.string(from: NSNumber(value: value.rounded())) ?? String(format: "%.0f", value)
}

/// The printed table, one line per model as each is done.
enum BenchTable {
  static func header(peerNames: [String]) -> [String] {
    ["model", "ours train"] + peerNames + ["ours/best", "ours infer"] + peerNames + [
      "ours/best", "train GFLOP/s (of sgemm)", "unset", "infer GFLOP/s (of sgemm)", "unset", "others",
    ]
  }

  static func widths(peerNames: [String]) -> [Int] {
    [24, 10] + peerNames.map { _ in 10 } + [9, 10] + peerNames.map { _ in 10 } + [9, 24, 6, 24, 6, 6]
  }

  /// `cells` padded: the first column to the left, the others to the right.
  static func line(_ cells: [String], peerNames: [String]) -> String {
    zip(cells, widths(peerNames: peerNames)).enumerated().map { index, pair in
      let padding = String(repeating: " ", count: max(pair.1 - pair.0.count, 0))
      return index == 0 ? pair.0 + padding : padding + pair.0
    }.joined(separator: "  ")
  }
}
