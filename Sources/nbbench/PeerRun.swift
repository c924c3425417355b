import Foundation

/// A Python peer of the benchmark (`bench/pytorch_models.py`,
/// `bench/jax_models.py`): one model per process, run right after ours so
/// that both are timed under the same machine load, on the same threads.
struct Peer {
  var name: String
  var python: String
  var script: String

  /// Trains and times `model` from the export at `zoo` (`ZooExport`):
  /// the fastest of `trainingPasses` epochs, as many as ours were.
  func measure(_ model: String, zoo: URL, inferencePasses: Int, trainingPasses: Int, threads: Int) throws
    -> BenchRow.Figures
  {
    let arguments = [
      python, script, "--zoo", zoo.path, "--models", model, "--passes", "\(inferencePasses)",
      "--training-passes", "\(trainingPasses)", "--threads", "\(threads)", "--json", "-",
    ]
    let output = try ChildOutput.of(arguments, what: "\(name) run of \(model)")
    guard let rows = try? JSONSerialization.jsonObject(with: output) as? [[String: Any]],
      let row = rows.first, let train = row["train_images_per_s"] as? Double,
      let infer = row["infer_images_per_s"] as? Double
    else {
      throw ChildOutput.Failure(
        description: "\(name) run of \(model) printed no figures: \(String(decoding: output, as: UTF8.self))")
    }
    return BenchRow.Figures(trainImagesPerS: train, inferImagesPerS: infer)
  }
}
