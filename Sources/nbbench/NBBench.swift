import ArgumentParser
import Datasets
import Foundation
import ModelZoo
import NNCore

@main
struct NBBench: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "nbbench",
    abstract: "Training and inference throughput of every post's model on the CPU.",
    discussion: """
      Trains each model of the zoo (Sources/ModelZoo) for one epoch on the first --images \
      Fashion-MNIST training images (post000-signal on 1-D signals), or for --passes epochs with the \
      fastest counting where one took under 2 s (such a row is measured twice over, ours and the \
      peers in turn, each side's best counting), and times inference in batches of 1,000 (the \
      fastest of --passes passes over the same images). Each row also shows the most of the machine \
      that other processes, and a hypervisor's other guests, took while one of its sides ran. Also \
      measures OpenBLAS's sgemm (1024³) on one core and on all, as the environment gives it and \
      with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset in that one child measurement, and the \
      share of it each model's training and inference reach. Run it in release mode: swift run -c release nbbench.

      With --pytorch PYTHON and --jax PYTHON, each model also runs in PyTorch \
      (bench/pytorch_models.py) and JAX (bench/jax_models.py) right after ours, on the same data \
      and threads, each built from the zoo's export (--export-models), and ours / best peer is \
      printed: side by side in one run, so that a busy machine slows all alike.
      """)

  @Option(help: "Only these models, comma-separated (default: all).")
  var models: String?

  @Option(help: "Also write the figures as JSON to this file.")
  var json: String?

  @Option(help: "Training images per model (default: all 60,000).")
  var images = 60_000

  @Flag(
    help:
      "Only time the matrix libraries (OpenBLAS, BLIS, oneDNN), on one core, on the products the models run, and list the convolutions this machine has routed, with the timings each choice was made by."
  )
  var products = false

  @Option(
    help:
      "Inference passes over the images per model, and training epochs where one is short; the fastest counts, on every side."
  )
  var passes = 3

  @Option(help: "A Python with torch installed: also run every model in PyTorch.")
  var pytorch: String?

  @Option(help: "A Python with jax and optax installed: also run every model in JAX.")
  var jax: String?

  @Option(help: "The folder of the Python peers.")
  var benchFolder = "bench"

  @Option(
    help: ArgumentHelp(
      "Only write the zoo's models as JSON to this file (with the data, as float32 files beside it).",
      valueName: "file"))
  var exportModels: String?

  @Flag(help: .hidden)
  var sgemmRates = false

  private var peers: [Peer] {
    [("PyTorch", pytorch, "pytorch_models.py"), ("JAX", jax, "jax_models.py")].compactMap {
      name, python, script in
      python.map { Peer(name: name, python: $0, script: "\(benchFolder)/\(script)") }
    }
  }

  func validate() throws {
    for peer in peers where !FileManager.default.fileExists(atPath: peer.script) {
      throw ValidationError(
        "\(peer.script) not found; run nbbench from the package root or pass --bench-folder.")
    }
    guard passes >= 1 else { throw ValidationError("--passes must be at least 1, not \(passes).") }
    guard images >= 1 else { throw ValidationError("--images must be at least 1, not \(images).") }
    for name in selectedNames where ModelZoo.model(named: name) == nil {
      throw ValidationError("Unknown model '\(name)'. Models: \(ModelZoo.names.joined(separator: ", ")).")
    }
  }

  private var selectedNames: [String] {
    models?.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } ?? ModelZoo.names
  }

  /// The models asked for (`validate` has checked the names).
  private var selected: [ZooModel] { selectedNames.compactMap(ModelZoo.model(named:)) }

  func run() throws {
    if sgemmRates {
      let rates = SGEMMRates.measure()
      return print(String(decoding: try JSONEncoder().encode(rates), as: UTF8.self))
    }
    if products { return ProductShape.printComparison() }
    let data = try BenchData.load(images: images)
    if let exportModels {
      try ZooExport.write(selected, data: data, to: URL(fileURLWithPath: exportModels))
      return print("wrote \(exportModels) and its data beside it")
    }
    try benchmark(data)
  }

  private func benchmark(_ data: BenchData) throws {
    let ((given, unset), sgemmLoad) = try OthersLoad.during {
      (try SGEMMRates.inChild(), try SGEMMRates.inChild(removing: SGEMMRates.variables))
    }
    let environment = ProcessInfo.processInfo.environment
    let variables = SGEMMRates.variables.map { "\($0)=\(environment[$0] ?? "(unset)")" }.joined(
      separator: " ")
    print(
      String(
        format: "sgemm 1024³ (OpenBLAS), GFLOP/s: %.1f on one core, %.1f on %d, with %@", given.oneCore,
        given.allCores, given.cores, variables))
    print(
      String(
        format: "                 without them:  %.1f on one core, %.1f on %d (largest error %.1e)",
        unset.oneCore, unset.allCores, unset.cores, max(given.worstError, unset.worstError)))
    if let sgemmLoad { print(String(format: "others took %.0f%% of the machine meanwhile", 100 * sgemmLoad)) }
    if given.cores > 1, given.allCores < 1.5 * given.oneCore {
      print(
        "warning: sgemm on \(given.cores) cores is not 1.5x its one-core rate: the cores are not all free,"
          + " and every figure of this run is slowed unevenly")
    }
    print("products through: \(GEMM.libraries); \(kernelThreadCount) threads on every side")
    print(
      String(
        format:
          "training: one epoch, or the fastest of %d where ours took under %.0f s, and then the row twice over;"
          + " \"others\": the most of the machine other processes and the hypervisor took while a side of"
          + " the row ran",
        passes, Throughput.shortEpoch))
    print("data: Fashion-MNIST, \(data.images.batchSize) training images per model\n")

    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("nbbench-\(UUID())")
    defer { try? FileManager.default.removeItem(at: scratch) }
    let zoo = scratch.appendingPathComponent("zoo.json")
    if !peers.isEmpty { try ZooExport.write(selected, data: data, to: zoo) }

    let peerNames = peers.map(\.name)
    print(BenchTable.line(BenchTable.header(peerNames: peerNames), peerNames: peerNames))
    var rows: [BenchRow] = []
    for model in selected {
      let row = try measureRow(model, data: data, zoo: zoo, sgemm: (given, unset))
      print(BenchTable.line(row.cells(peerNames: peerNames), peerNames: peerNames))
      if let (side, share) = row.othersShare.max(by: { $0.value < $1.value }), share > 0.1 {
        print(
          String(
            format: "  others took %.0f%% of the machine while %@ ran: noise decides this row", 100 * share,
            side))
      }
      fflush(nil)  // nil: every stream; progress shows model by model
      rows.append(row)
    }
    if let json {
      let encoder = JSONEncoder()
      encoder.keyEncodingStrategy = .convertToSnakeCase
      encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
      let report = BenchReport(
        images: data.images.batchSize, threads: kernelThreadCount, sgemm: given, sgemmUnset: unset,
        sgemmOthersShare: sgemmLoad,
        openblasEnvironment: SGEMMRates.variables.reduce(into: [:]) { $0[$1] = environment[$1] }, models: rows
      )
      try encoder.encode(report).write(to: URL(fileURLWithPath: json), options: .atomic)
      print("\nwrote \(json)")
    }
  }

  /// Ours, then each peer, on `model`: twice over where our epoch was short
  /// (`Throughput.shortEpoch`), each side's best figures counting. On the
  /// shared Zen 4 machine the dense models' training had slow spells of
  /// seconds to tens of seconds, in which the memory-bound passes ran 2-6x
  /// slower while nothing else took CPU time (README, Speed): a second
  /// turn, a row later, misses the shorter ones.
  private func measureRow(
    _ model: ZooModel, data: BenchData, zoo: URL, sgemm: (given: SGEMMRates, unset: SGEMMRates)
  ) throws -> BenchRow {
    var ours: BenchRow.Figures?
    var trainingEpochs = 1
    var theirs: [String: BenchRow.Figures] = [:]
    var errors: [String: String] = [:]
    var others: [String: Double] = [:]
    func turn() throws {
      Random.seed(1)
      let (result, load) = try OthersLoad.during {
        try Throughput.measure(model, on: data.samples(for: model), passes: passes)
      }
      ours = result.figures.best(ours)
      trainingEpochs = result.trainingEpochs
      others["ours"] = max(others["ours"] ?? 0, load ?? 0)
      for peer in peers {
        do {
          let (figures, load) = try OthersLoad.during {
            try peer.measure(
              model.name, zoo: zoo, inferencePasses: passes, trainingPasses: trainingEpochs,
              threads: kernelThreadCount)
          }
          theirs[peer.name] = figures.best(theirs[peer.name])
          others[peer.name] = max(others[peer.name] ?? 0, load ?? 0)
        } catch {
          errors[peer.name] = "\(error)"
          FileHandle.standardError.write(Data("\(error)\n".utf8))
        }
      }
    }
    try turn()
    let turns = trainingEpochs > 1 ? 2 : 1
    if turns > 1 { try turn() }
    let figures = ours!
    let macs = try model.build().multiplyAccumulates(sampleShape: model.sampleShape)
    // Training costs about three forward passes: forward, and two products back.
    let (train, infer) = (
      Double(6 * macs) * figures.trainImagesPerS / 1e9, Double(2 * macs) * figures.inferImagesPerS / 1e9
    )
    return BenchRow(
      model: model.name, trainImagesPerS: figures.trainImagesPerS, inferImagesPerS: figures.inferImagesPerS,
      trainGflops: train, inferGflops: infer, trainShare: train / sgemm.given.allCores,
      inferShare: infer / sgemm.given.allCores, trainShareUnset: train / sgemm.unset.allCores,
      inferShareUnset: infer / sgemm.unset.allCores, peers: theirs,
      peerErrors: errors.filter { theirs[$0.key] == nil },
      trainingEpochs: trainingEpochs, turns: turns, othersShare: others)
  }
}

/// What `--json` writes: the run's setting, its sgemm rates, every model's row.
struct BenchReport: Codable {
  var images: Int
  var threads: Int
  var sgemm: SGEMMRates
  var sgemmUnset: SGEMMRates
  /// The share of the machine others took while the sgemm rates were measured.
  var sgemmOthersShare: Double?
  var openblasEnvironment: [String: String]
  var models: [BenchRow]
}
