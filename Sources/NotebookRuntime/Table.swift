import NNCore
import NotebookProtocol

/// Rows of text shown as a table (a model summary, a history); they reach
/// the runner as text, and the runner makes the HTML.
public struct Table: Displayable {
  public var header: [String]
  public var rows: [[String]]
  public var caption: String?

  public init(header: [String], rows: [[String]], caption: String? = nil) {
    self.header = header
    self.rows = rows
    self.caption = caption
  }

  /// Keras's `model.summary()` as a table.
  public init(_ summary: ModelSummary, caption: String? = nil) {
    self.init(
      header: ["Layer", "Path", "Output shape", "Parameters"],
      rows: summary.rows.map { [$0.layer, $0.path, "\($0.outputShape)", $0.parameters.grouped] }
        + [["Total", "", "", summary.totalParameters.grouped]],
      caption: caption)
  }

  /// A training history, one row per epoch.
  public init(_ history: History, caption: String? = nil) {
    let hasValidation = !history.validationLoss.isEmpty
    self.init(
      header: ["Epoch", "Loss"] + (hasValidation ? ["Validation loss"] : []) + ["Seconds"],
      rows: (0..<history.epochs).map { epoch in
        ["\(epoch + 1)", format(history.loss[epoch])]
          + (hasValidation ? [format(history.validationLoss[epoch])] : [])
          + [String(format: "%.1f", history.seconds[epoch])]
      },
      caption: caption)
  }

  public func render(in session: NotebookSession) throws -> RichOutput {
    RichOutput(table: TableData(header: header, rows: rows), caption: caption)
  }
}

private func format(_ value: Float) -> String { String(format: "%.4f", value) }
