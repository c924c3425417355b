import Foundation
import NNCore

/// The convolutions this machine has routed, for `nbbench --products`: each
/// operation's timing on both ways (`ConvolutionLibrary`) when it was first
/// run, and the one chosen, as the choices file holds them. Read, not timed
/// again: these are the timings every later run goes by.
enum ConvolutionChoices {
  static func print(from choices: KernelChoices = .shared) {
    let routed = choices.all.filter { $0.key.hasPrefix("conv ") }.sorted { $0.key < $1.key }
    Swift.print("\nconvolutions routed on this machine (\(choices.file.path)), ms when first timed:")
    guard !routed.isEmpty else {
      Swift.print("none yet: a training run (nbbench, or a notebook) times each on its first use.")
      return
    }
    let libraries = ConvolutionLibrary.allCases.map(\.rawValue)
    Swift.print(
      "operation".padding(toLength: 90, withPad: " ", startingAt: 0)
        + libraries.map { $0.leftPadded(to: 9) }.joined() + "  chosen")
    for (operation, choice) in routed {
      // The name ends in oneDNN's build and kernels, the same on every row.
      let shape = operation.components(separatedBy: " | ").first ?? operation
      let times = libraries.map { library in
        choice.seconds[library].map { String(format: "%9.3f", $0 * 1e3) } ?? "        -"
      }
      Swift.print(
        shape.padding(toLength: 90, withPad: " ", startingAt: 0) + times.joined() + "  \(choice.chosen)")
    }
  }
}
