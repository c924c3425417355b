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
      fastest counting where an epoch's products would take under \(Throughput.shortEpoch) s at the run's sgemm rate (such \
      a row is measured again at the end of the run, ours and the peers in turn, and a third time if \
      some side's turns disagree by more than \(Int(100 * RowTurns.disagreement))%, each side's best counting), and times inference in batches of 1,000 (the \
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
          "training: one epoch, or the fastest of %d where its products would take under %.1f s at the"
          + " sgemm rate on all cores; such a row is measured again at the end of the run, and a third"
          + " time if some side's turns disagree by more than %.0f%%. \"others\": the most of the machine"
          + " other processes and the hypervisor took while a side of the row ran",
        passes, Throughput.shortEpoch, 100 * RowTurns.disagreement))
    print("data: Fashion-MNIST, \(data.images.batchSize) training images per model\n")

    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("nbbench-\(UUID())")
    defer { try? FileManager.default.removeItem(at: scratch) }
    let zoo = scratch.appendingPathComponent("zoo.json")
    if !peers.isEmpty { try ZooExport.write(selected, data: data, to: zoo) }

    let peerNames = peers.map(\.name)
    func show(_ cells: [String]) { print(BenchTable.line(cells, peerNames: peerNames)) }
    let sgemm = (given: given, unset: unset)
    var rows: [(model: ZooModel, turns: RowTurns)] = try selected.map { model in
      let epochs = try Throughput.trainingEpochs(
        model, images: data.samples(for: model).batchSize, sgemmGflops: given.allCores, passes: passes)
      return (model, RowTurns(trainingEpochs: epochs))
    }
    // Every row once, then the short ones again at the end: a turn a run
    // apart from the last (`RowTurns`).
    for round in 1...RowTurns.maximumTurns {
      let due = rows.indices.filter { rows[$0].turns.needsTurn }
      guard !due.isEmpty else { break }
      if round > 1 {
        print(
          "\nturn \(round) of \(due.count == 1 ? "the row" : "the \(due.count) rows")"
            + (round == 2
              ? " whose epochs are short, a run after their first"
              : " whose turns disagree by more than \(Int(100 * RowTurns.disagreement))% on some side")
            + ", each side's best counting:")
      }
      show(BenchTable.header(peerNames: peerNames))
      for index in due {
        try takeTurn(rows[index].model, &rows[index].turns, data: data, zoo: zoo)
        let row = try BenchRow(rows[index].model, rows[index].turns, sgemm: sgemm)
        show(row.cells(peerNames: peerNames))
        if let (side, share) = row.othersShare.max(by: { $0.value < $1.value }), share > 0.1 {
          print(
            String(
              format: "  others took %.0f%% of the machine while %@ ran: noise decides this row", 100 * share,
              side))
        }
        fflush(nil)  // nil: every stream; progress shows model by model
      }
    }
    let table = try rows.map { try BenchRow($0.model, $0.turns, sgemm: sgemm) }
    if table.contains(where: { $0.turns > 1 }) {
      print("\nevery row, each side's best turn:")
      show(BenchTable.header(peerNames: peerNames))
      for row in table { show(row.cells(peerNames: peerNames)) }
    }
    if let json {
      let encoder = JSONEncoder()
      encoder.keyEncodingStrategy = .convertToSnakeCase
      encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
      let report = BenchReport(
        images: data.images.batchSize, threads: kernelThreadCount, sgemm: given, sgemmUnset: unset,
        sgemmOthersShare: sgemmLoad,
        openblasEnvironment: SGEMMRates.variables.reduce(into: [:]) { $0[$1] = environment[$1] },
        models: table
      )
      try encoder.encode(report).write(to: URL(fileURLWithPath: json), options: .atomic)
      print("\nwrote \(json)")
    }
  }

  /// One turn of `model`'s row: ours, then each peer right after, every
  /// side training as many epochs (`RowTurns.trainingEpochs`).
  private func takeTurn(_ model: ZooModel, _ row: inout RowTurns, data: BenchData, zoo: URL) throws {
    Random.seed(1)
    let (ours, load) = try OthersLoad.during {
      try Throughput.measure(
        model, on: data.samples(for: model), trainingEpochs: row.trainingEpochs, passes: passes)
    }
    row.record(RowTurns.ours, .success(ours), others: load)
    for peer in peers {
      let (result, load) = OthersLoad.during {
        Result {
          try peer.measure(
            model.name, zoo: zoo, inferencePasses: passes, trainingPasses: row.trainingEpochs,
            threads: kernelThreadCount)
        }
      }
      if case .failure(let error) = result { FileHandle.standardError.write(Data("\(error)\n".utf8)) }
      row.record(peer.name, result, others: load)
    }
    row.finishTurn()
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
