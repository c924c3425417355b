import ArgumentParser
import Datasets
import Foundation
import NNCore

@main
struct NBBench: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "nbbench",
    abstract: "Training and inference throughput of every post's model on the CPU.",
    discussion: """
      Trains each model for one epoch on the 60,000 Fashion-MNIST training images (post000-signal \
      on 1-D signals) and times inference in batches of 1,000 (the fastest of --passes passes over \
      the same images). Also measures the GEMM rate OpenBLAS reaches here and the share of it each \
      model's training and inference reach. Run it in release mode: swift run -c release nbbench.

      With --pytorch PYTHON, each model also runs in PyTorch (bench/pytorch_models.py, two threads) \
      right after ours, on the same data, and the ratios ours/PyTorch are printed: side by side in one \
      run, so that a busy machine slows both alike.
      """)

  @Option(help: "Only these models, comma-separated (default: all).")
  var models: String?

  @Option(help: "Also write the figures as JSON to this file.")
  var json: String?

  @Option(help: "Training images per model (default: all 60,000).")
  var images = 60_000

  @Flag(help: "Only time OpenBLAS and BLIS, on one core, on the products the models run.")
  var products = false

  @Option(help: "Inference passes over the images per model; the fastest counts, on both sides.")
  var passes = 3

  @Option(help: "A Python with torch installed: also run every model in PyTorch and print the ratios.")
  var pytorch: String?

  @Option(help: "The PyTorch side of the benchmark.")
  var pytorchScript = "bench/pytorch_models.py"

  func validate() throws {
    if pytorch != nil, !FileManager.default.fileExists(atPath: pytorchScript) {
      throw ValidationError(
        "\(pytorchScript) not found; run nbbench from the package root or pass --pytorch-script.")
    }
    guard passes >= 1 else { throw ValidationError("--passes must be at least 1, not \(passes).") }
    let known = Set(BenchModel.all.map(\.name))
    for name in selected where !known.contains(name) {
      throw ValidationError(
        "Unknown model '\(name)'. Models: \(BenchModel.all.map(\.name).joined(separator: ", ")).")
    }
  }

  private var selected: [String] {
    models?.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
      ?? BenchModel.all.map(\.name)
  }

  func run() throws {
    if products { return ProductShape.printComparison() }
    let gemm = GEMM.matmulRate()
    print(String(format: "GEMM (OpenBLAS sgemm 1024x1024x1024): %.1f GFLOP/s", gemm))
    print("products through: \(GEMM.libraries)")
    let fashion = try FashionMNIST.load().train.images
    print("data: Fashion-MNIST, \(min(images, fashion.batchSize)) training images per model\n")
    print(
      "model                      train img/s   infer img/s   train GFLOP/s (share)   infer GFLOP/s (share)"
        + (pytorch == nil ? "" : "   PyTorch train   PyTorch infer   train ratio   infer ratio"))
    var rows: [[String: Any]] = []
    for model in BenchModel.all where selected.contains(model.name) {
      Random.seed(0)
      let data: Tensor
      if model.sampleShape == [1, 100, 1] {
        data = Signals.cosine(count: min(images, 10_000)).noisy
      } else {
        data = fashion[0..<min(images, fashion.batchSize)]
      }
      let result = try Throughput.measure(model, on: data, inferencePasses: passes)
      let macs = try model.make().multiplyAccumulates(sampleShape: model.sampleShape)
      // Training costs about three forward passes: forward, and two GEMMs back.
      let trainGFLOPs = Double(6 * macs) * result.trainPerSecond / 1e9
      let inferGFLOPs = Double(2 * macs) * result.inferPerSecond / 1e9
      var line =
        model.name.padding(toLength: 24, withPad: " ", startingAt: 0)
        + String(
          format: "%13.0f %13.0f %15.2f (%3.0f%%) %15.2f (%3.0f%%)", result.trainPerSecond,
          result.inferPerSecond, trainGFLOPs, 100 * trainGFLOPs / gemm, inferGFLOPs, 100 * inferGFLOPs / gemm)
      var row: [String: Any] = [
        "model": model.name, "train_images_per_s": result.trainPerSecond,
        "infer_images_per_s": result.inferPerSecond, "train_gflops": trainGFLOPs, "infer_gflops": inferGFLOPs,
      ]
      if let pytorch {
        let theirs = try PyTorchRun(python: pytorch, script: pytorchScript).measure(
          model.name, images: images, inferencePasses: passes)
        let (train, infer) = (result.trainPerSecond / theirs.train, result.inferPerSecond / theirs.infer)
        line += String(format: " %15.0f %15.0f %12.2fx %12.2fx", theirs.train, theirs.infer, train, infer)
        row["pytorch_train_images_per_s"] = theirs.train
        row["pytorch_infer_images_per_s"] = theirs.infer
        row["train_ratio"] = train
        row["infer_ratio"] = infer
      }
      print(line)
      fflush(nil)  // nil: every stream; progress shows model by model
      rows.append(row)
    }
    if let json {
      let data = try JSONSerialization.data(withJSONObject: rows, options: [.prettyPrinted, .sortedKeys])
      try data.write(to: URL(fileURLWithPath: json), options: .atomic)
      print("\nwrote \(json)")
    }
  }
}
