/// Turns the bytes a notebook program prints into text as they arrive: a
/// UTF-8 sequence cut between two reads waits for the rest, and control
/// characters other than tab and newline (NUL, ESC, a lone carriage return,
/// ...) become visible `\u{...}` escapes, so no stray byte reaches a report
/// or a terminal raw.
struct TextStream {
  private var pending: [UInt8] = []

  mutating func feed(_ bytes: some Sequence<UInt8>) -> [String] {
    pending.append(contentsOf: bytes)
    let end = RecordStream.completeUTF8Prefix(pending, from: 0)
    guard end > 0 else { return [] }
    let text = Self.visible(String(decoding: pending[..<end], as: UTF8.self))
    pending.removeFirst(end)
    return [text]
  }

  /// Whatever is left when the stream ends.
  mutating func finish() -> [String] {
    defer { pending = [] }
    return pending.isEmpty ? [] : [Self.visible(String(decoding: pending, as: UTF8.self))]
  }

  static func visible(_ text: String) -> String {
    guard text.unicodeScalars.contains(where: isHidden) else { return text }
    var result = String.UnicodeScalarView()
    for scalar in text.unicodeScalars {
      if isHidden(scalar) {
        result.append(contentsOf: "\\u{\(String(scalar.value, radix: 16, uppercase: true))}".unicodeScalars)
      } else {
        result.append(scalar)
      }
    }
    return String(result)
  }

  /// C0 and C1 controls and DEL, except tab and newline; "\r\n" is kept
  /// as a line end.
  private static func isHidden(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x09, 0x0A, 0x0D: false
    case 0x00...0x1F, 0x7F...0x9F: true
    default: false
    }
  }
}
