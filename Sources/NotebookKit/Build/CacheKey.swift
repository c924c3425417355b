import Foundation

/// Everything whose change means a notebook must run again: its cells and
/// their options, its parameters, the program nbrun generates from them
/// (so a change to the generator, such as how a `try` is wrapped, runs it
/// again), the compiled core, the data files and the toolchain. Prose is
/// left out on purpose: editing it only re-renders.
/// The key is kept whole rather than hashed, so a match is exact.
enum CacheKey {
  static func make(
    notebook: Notebook, parameters: Parameters, library: SupportLibrary
  ) -> String {
    let cells = notebook.cells.map { cell in
      "\(cell.options.echo)|\(cell.options.expectError)|\(cell.options.timeout ?? 0)|\(cell.source)"
    }
    let parts: [String: Any] = [
      "cells": cells,
      "program": ProgramGenerator.program(for: notebook, parameters: parameters),
      "parameters": parameters.values.map { "\($0.name)=\($0.value.typeName):\($0.value)" },
      "library": library.fingerprint,
      "data": dataFingerprint(),
      "toolchain": Toolchain.identity,
    ]
    let json = try? JSONSerialization.data(withJSONObject: parts, options: [.sortedKeys])
    return json.map { String(decoding: $0, as: UTF8.self) } ?? ""
  }

  /// Name, size and date of every data file a notebook may read.
  static func dataFingerprint() -> [String] {
    let environment = ProcessInfo.processInfo.environment
    let folders = [
      environment["NBRUN_DATA_DIR"] ?? "data", (environment["NBRUN_DATA_DIR"] ?? "data") + "/mnist",
      environment["MNIST_DIR"] ?? "", "/usr/share/datasets/fashion-mnist",
    ].filter { !$0.isEmpty }
    return folders.flatMap { folder -> [String] in
      let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
      return names.sorted().filter { !$0.hasPrefix(".") }.compactMap { name in
        let path = folder + "/" + name
        return FileFingerprint.of(path).map { "\(path):\($0)" }
      }
    }
  }
}
