import Foundation

/// One model's measurements over the run's turns: ours and each peer's
/// figures per turn, and whether the row wants another.
///
/// The shared Zen 4 machine of README's Speed section has slow spells of
/// seconds to tens of seconds, in which a dense model's training runs at half
/// its rate while nothing else takes CPU time. A short row (`trainingEpochs`
/// above 1) is therefore measured again at the end of the run, a whole run
/// after its first turn, rather than right after it, so that one spell cannot
/// decide both; and a third time, at the very end, when some side's turns
/// disagree by more than `disagreement`. Every side gets the same turns and
/// its best figures count, so a spell costs no side more than the others.
struct RowTurns {
  /// How many epochs each side's training figure is the fastest of.
  let trainingEpochs: Int
  /// Each side's figures (`ours` and the peers' names), one per turn it ran.
  private(set) var figures: [String: [BenchRow.Figures]] = [:]
  /// The most of the machine others took while a side ran, over the turns.
  private(set) var othersShare: [String: Double] = [:]
  /// A peer's last failure; it stays only if the peer never succeeded.
  private(set) var errors: [String: String] = [:]
  private(set) var turns = 0

  static let ours = "ours"
  /// Turns whose figures differ by more than this (the faster over the
  /// slower, less 1) on some side, training or inference, are taken once
  /// more. In 67b0d37's first two full runs most sides' first two turns
  /// agreed within 15%, a few by 1.2-1.4 over; in a spell our dense models'
  /// training ran at 0.4-0.7 of its rate, a 1.4-2.4 disagreement.
  static let disagreement = 0.25
  static let maximumTurns = 3

  init(trainingEpochs: Int) { self.trainingEpochs = trainingEpochs }

  /// Records one side's figures (or failure) in the current turn.
  mutating func record(_ side: String, _ result: Result<BenchRow.Figures, any Error>, others: Double?) {
    othersShare[side] = max(othersShare[side] ?? 0, others ?? 0)
    switch result {
    case .success(let measured): figures[side, default: []].append(measured)
    case .failure(let error): errors[side] = "\(error)"
    }
  }

  /// Marks a turn done (every side recorded).
  mutating func finishTurn() { turns += 1 }

  /// Whether the row is measured (again): every row once, a short row
  /// twice, and a third time when its turns disagree.
  var needsTurn: Bool {
    if turns == 0 { return true }
    guard trainingEpochs > 1, turns < Self.maximumTurns else { return false }
    return turns < 2 || largestDisagreement > Self.disagreement
  }

  /// Over every side, training and inference: the fastest turn over the
  /// slowest, less 1 (0 with one turn).
  var largestDisagreement: Double {
    figures.values.flatMap { turns -> [Double] in
      [\BenchRow.Figures.trainImagesPerS, \.inferImagesPerS].map { figure in
        let values = turns.map { $0[keyPath: figure] }
        guard let fastest = values.max(), let slowest = values.min(), slowest > 0 else { return 0 }
        return fastest / slowest - 1
      }
    }.max() ?? 0
  }

  /// A side's best figures over its turns, nil if it never succeeded.
  func best(_ side: String) -> BenchRow.Figures? {
    figures[side]?.reduce(nil) { best, turn in turn.best(best) }
  }

  /// The peers' best figures, by name.
  var peers: [String: BenchRow.Figures] {
    figures.keys.filter { $0 != Self.ours }.reduce(into: [:]) { $0[$1] = best($1) }
  }

  /// The failures of peers that have no figures.
  var peerErrors: [String: String] { errors.filter { figures[$0.key] == nil } }
}
