import Foundation

/// The PyTorch side of the benchmark: one model per process, so that its
/// figures are taken right after ours under the same machine load.
struct PyTorchRun {
  var python: String
  var script: String

  struct Failure: Error, CustomStringConvertible {
    var description: String
  }

  func measure(_ model: String, images: Int, inferencePasses: Int) throws -> (train: Double, infer: Double) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    let options = [
      "--models", model, "--images", "\(images)", "--passes", "\(inferencePasses)", "--json", "-",
    ]
    process.arguments = [python, script] + options
    let output = Pipe()
    let errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    guard process.terminationStatus == 0,
      let rows = try? JSONSerialization.jsonObject(with: data) as? [[String: Any]],
      let row = rows.first, let train = row["train_images_per_s"] as? Double,
      let infer = row["infer_images_per_s"] as? Double
    else {
      throw Failure(
        description: "PyTorch run of \(model) failed (\(python) \(script)): \(message.suffix(600))")
    }
    return (train, infer)
  }
}
