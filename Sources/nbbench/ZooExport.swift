import Foundation
import ModelZoo

/// What `nbbench --export-models FILE` writes, and what the Python peers
/// build from: every model of the zoo as data, and the data they train on
/// (raw float32 files beside FILE, named here relative to its folder).
struct ZooExport: Codable {
  var format = 1
  var data: [String: BenchData.File]
  var models: [ModelDescription]

  /// Writes the export of `models` to `file`, and `data`'s files beside it.
  static func write(_ models: [ZooModel], data: BenchData, to file: URL) throws {
    let folder = file.deletingLastPathComponent()
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let export = ZooExport(data: try data.write(into: folder), models: try models.map { try $0.described() })
    let encoder = JSONEncoder()
    encoder.keyEncodingStrategy = .convertToSnakeCase
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    try encoder.encode(export).write(to: file, options: .atomic)
  }
}
