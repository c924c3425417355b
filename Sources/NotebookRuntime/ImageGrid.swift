import Foundation
import NNCore
import NotebookProtocol

/// Rows of small images, e.g. inputs over reconstructions, or 16 feature
/// maps, drawn as one PNG.
///
/// ```swift
/// try show(ImageGrid(rows: [noisy[..<10], model(noisy[..<10])], labels: ["noisy", "output"]))
/// ```
public struct ImageGrid: Displayable {
  /// How pixel values map to gray levels.
  public enum Scaling: Sendable {
    /// `range.lowerBound` is black, `range.upperBound` white (default 0...1).
    case fixed(ClosedRange<Float>)
    /// Each image stretched from its own minimum to its maximum (feature maps).
    case perImage
  }

  public var rows: [Tensor]
  public var labels: [String]
  public var caption: String?
  public var scaling: Scaling
  /// Each pixel drawn as a `zoom x zoom` block, so 28x28 digits stay legible.
  public var zoom: Int

  /// - Parameters:
  ///   - rows: one tensor per row, `[N, height, width, 1]`, `[N, height, width]`
  ///     or `[N, 784]` (taken as 28x28).
  ///   - labels: a label per row, drawn beside it in the picture (and named in the caption).
  public init(
    rows: [Tensor], labels: [String] = [], caption: String? = nil, scaling: Scaling = .fixed(0...1),
    zoom: Int = 3
  ) {
    self.rows = rows
    self.labels = labels
    self.caption = caption
    self.scaling = scaling
    self.zoom = zoom
  }

  /// Channels of one image side by side: `[1, h, w, C]` becomes a row of C
  /// maps (post 003's feature maps).
  public init(featureMaps: Tensor, count: Int? = nil, columns: Int = 8, caption: String? = nil) {
    let (h, w, c) = (featureMaps.shape[1], featureMaps.shape[2], featureMaps.shape[3])
    let shown = min(count ?? c, c)
    let values = featureMaps.scalars
    let maps = (0..<shown).map { channel in
      Tensor(shape: [1, h, w], scalars: (0..<(h * w)).map { values[$0 * c + channel] })
    }
    let grouped = stride(from: 0, to: shown, by: columns).map {
      Tensor.concatenating(Array(maps[$0..<min($0 + columns, shown)]))
    }
    self.init(rows: grouped, caption: caption, scaling: .perImage, zoom: 6)
  }

  /// Height and width of each image in `tensor`.
  private func imageSize(_ tensor: Tensor) throws -> (Int, Int) {
    switch tensor.rank {
    case 4 where tensor.shape[3] == 1, 3: return (tensor.shape[1], tensor.shape[2])
    case 2 where tensor.shape[1] == 784: return (28, 28)
    default:
      throw FigureError(
        message: "ImageGrid rows must be [N, h, w, 1], [N, h, w] or [N, 784], got \(tensor.shape)")
    }
  }

  public func render(in session: NotebookSession) throws -> RichOutput {
    guard !rows.isEmpty else { throw FigureError(message: "ImageGrid needs at least one row") }
    let sizes = try rows.map(imageSize)
    let cellHeight = sizes.map(\.0).max()! * zoom
    let cellWidth = sizes.map(\.1).max()! * zoom
    let columns = rows.map(\.batchSize).max()!
    let gap = 2
    // Row labels drawn beside their rows, in a margin as wide as the longest.
    let margin = labels.isEmpty ? 0 : (labels.map(BitmapText.width).max() ?? 0) + 8
    var png = PNGImage(
      width: margin + columns * (cellWidth + gap) + gap, height: rows.count * (cellHeight + gap) + gap,
      fill: 200)
    if margin > 0 {
      for y in 0..<png.height {
        for x in 0..<margin { png.pixels[y * png.width + x] = 255 }
      }
      for (r, label) in labels.prefix(rows.count).enumerated() {
        let top = gap + r * (cellHeight + gap) + (cellHeight - BitmapText.glyphSize.height) / 2
        BitmapText.draw(label, into: &png, x: 4, y: top, ink: 0)
      }
    }
    for (r, (tensor, (h, w))) in zip(rows, sizes).enumerated() {
      let values = tensor.detached.scalars
      for n in 0..<tensor.batchSize {
        let image = values[(n * h * w)..<((n + 1) * h * w)]
        let range: ClosedRange<Float>
        switch scaling {
        case .fixed(let fixed): range = fixed
        case .perImage:
          let (low, high) = (image.min() ?? 0, image.max() ?? 1)
          range = low...(high > low ? high : low + 1)
        }
        let gray = Tensor(Array(image)).pixels(from: range)
        let (top, left) = (gap + r * (cellHeight + gap), margin + gap + n * (cellWidth + gap))
        for y in 0..<(h * zoom) {
          for x in 0..<(w * zoom) {
            png.pixels[(top + y) * png.width + left + x] = gray[(y / zoom) * w + x / zoom]
          }
        }
      }
    }
    let file = session.nextFigure(extension: "png")
    try png.write(to: file.url)
    let labelNote = labels.isEmpty ? nil : "Rows: " + labels.joined(separator: " / ")
    let sentences = [caption, labelNote].compactMap {
      $0?.trimmingCharacters(in: CharacterSet(charactersIn: ". "))
    }
    let text = sentences.filter { !$0.isEmpty }.map { $0 + "." }.joined(separator: " ")
    return RichOutput(kind: .png, content: file.name, caption: text.isEmpty ? nil : text)
  }
}
