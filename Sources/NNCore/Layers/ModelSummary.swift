/// A Keras-like table of a model's layers, output shapes and parameter
/// counts, from the shapes the layers state (nothing is computed).
public struct ModelSummary: CustomStringConvertible, Codable {
  public struct Row: Codable {
    public var path: String
    public var layer: String
    public var outputShape: [Int]
    public var parameters: Int
  }

  public var rows: [Row]
  public var totalParameters: Int { rows.reduce(0) { $0 + $1.parameters } }

  public var description: String {
    let header = ["Layer (path)", "Output shape", "Params"]
    let cells = rows.map {
      [
        $0.path.isEmpty ? $0.layer : "\($0.path): \($0.layer)",
        "[" + $0.outputShape.map(String.init).joined(separator: ", ") + "]",
        $0.parameters.grouped,
      ]
    }
    let widths = (0..<3).map { column in ([header] + cells).map { $0[column].count }.max()! }
    func line(_ row: [String]) -> String {
      zip(row, widths).enumerated().map { index, pair in
        index == 2
          ? String(repeating: " ", count: pair.1 - pair.0.count) + pair.0
          : pair.0 + String(repeating: " ", count: pair.1 - pair.0.count)
      }.joined(separator: "  ")
    }
    let rule = String(repeating: "─", count: widths.reduce(4, +))
    return
      ([line(header), rule] + cells.map(line) + [rule, "Total parameters: \(totalParameters.grouped)"])
      .joined(separator: "\n")
  }
}

extension Int {
  /// `327761` as `327,761`, for tables people read.
  public var grouped: String {
    let digits = String(abs(self))
    var groups: [Substring] = []
    var end = digits.endIndex
    while end > digits.startIndex {
      let start = digits.index(end, offsetBy: -3, limitedBy: digits.startIndex) ?? digits.startIndex
      groups.insert(digits[start..<end], at: 0)
      end = start
    }
    return (self < 0 ? "-" : "") + groups.joined(separator: ",")
  }
}

extension Layer {
  /// Tabulates each layer's output shape for a batch of `input` shape, and
  /// its parameter count; throws the `ShapeError` a run would.
  public func summary(input: [Int]) throws -> ModelSummary {
    ModelSummary(
      rows: try outputShapes(for: input).map { path, shape in
        let layer = self.layer(at: path) ?? self
        return .init(
          path: path, layer: layer.constructor, outputShape: shape, parameters: layer.parameterCount)
      })
  }
}
