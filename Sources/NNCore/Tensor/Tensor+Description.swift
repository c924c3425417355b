import Foundation

extension Tensor: CustomStringConvertible {
  /// `Tensor([2, 3]: [1.0, 2.0, 3.0, 4.0, 5.0, 6.0])`, eliding the middle of
  /// large tensors so a `print` in a cell stays readable.
  public var description: String {
    let shown = 8
    let format = { (v: Float) in String(format: "%.4g", Double(v)) }
    let body: String
    if count <= shown {
      body = storage.map(format).joined(separator: ", ")
    } else {
      let head = storage.prefix(shown / 2).map(format)
      let tail = storage.suffix(shown / 2).map(format)
      body = (head + ["… \(count - shown) more …"] + tail).joined(separator: ", ")
    }
    return "Tensor(\(shape): [\(body)])"
  }
}
