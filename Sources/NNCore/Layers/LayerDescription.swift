// How a model prints: as the code that builds it, as Flux prints a model,
// each leaf followed by its parameter count and the whole by its total:
//
//   Sequential {
//     Flatten()
//     Dense(784 => 196, activation: .relu)  // 153,860 parameters
//   }.named("encoder")  // 153,860 parameters in total

extension Layer {
  /// Custom containers print as their type name.
  public var constructor: String { String(describing: type(of: self)) }

  public var description: String {
    var lines = listing(self).lines
    if !children.isEmpty {
      lines[lines.count - 1] += "  // \(parameterCount.grouped) parameters in total"
    } else if let comment = countComment(parameterCount) {
      lines[lines.count - 1] += comment
    }
    return lines.joined(separator: "\n")
  }
}

/// The code lines that build `layer`, leaves annotated with their counts.
/// A `Sequential` lists its children in a builder, naming those given a
/// name; another container lists its children by property name.
private func listing(_ layer: any Layer) -> (lines: [String], isLeaf: Bool) {
  let children = layer.children
  guard !children.isEmpty else { return ([layer.constructor], true) }
  let givenNames = (layer as? Sequential)?.givenNames
  var lines = ["\(layer.constructor) {"]
  for (index, child) in children.enumerated() {
    var (inner, isLeaf) = listing(child.layer)
    if let givenNames {
      if let name = givenNames[index] { inner[inner.count - 1] += ".named(\"\(name)\")" }
    } else {
      inner[0] = "\(child.name): " + inner[0]
    }
    if isLeaf, let comment = countComment(child.layer.parameterCount) {
      inner[inner.count - 1] += comment
    }
    lines += inner.map { "  " + $0 }
  }
  return (lines + ["}"], false)
}

/// `  // 153,860 parameters`, or nil for a layer without parameters.
private func countComment(_ count: Int) -> String? {
  count == 0 ? nil : "  // \(count.grouped) parameter\(count == 1 ? "" : "s")"
}
