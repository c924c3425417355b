internal import CGD

/// Text drawn into a `PNGImage` with libgd's built-in bitmap font (medium
/// bold, 7x13 pixels): the row labels of image grids. No font file is
/// read, so a figure looks the same on every machine.
enum BitmapText {
  /// Width and height of one character.
  static var glyphSize: (width: Int, height: Int) {
    let font = gdFontGetMediumBold()!.pointee
    return (Int(font.w), Int(font.h))
  }

  /// The width `text` takes.
  static func width(_ text: String) -> Int { printable(text).count * glyphSize.width }

  /// Draws `text` with its top-left corner at (`x`, `y`), in `ink`.
  static func draw(_ text: String, into png: inout PNGImage, x: Int, y: Int, ink: UInt8) {
    let bytes = printable(text)
    let (glyphWidth, glyphHeight) = glyphSize
    let (width, height) = (max(1, bytes.count * glyphWidth), glyphHeight)
    guard let image = gdImageCreate(Int32(width), Int32(height)) else { return }
    defer { gdImageDestroy(image) }
    let paper = gdImageColorAllocate(image, 255, 255, 255)
    let pen = gdImageColorAllocate(image, 0, 0, 0)
    var string = bytes + [0]
    string.withUnsafeMutableBufferPointer {
      gdImageString(image, gdFontGetMediumBold(), 0, 0, $0.baseAddress, pen)
    }
    for row in 0..<height where y + row >= 0 && y + row < png.height {
      for column in 0..<width where x + column >= 0 && x + column < png.width {
        if gdImageGetPixel(image, Int32(column), Int32(row)) != paper {
          png.pixels[(y + row) * png.width + x + column] = ink
        }
      }
    }
  }

  /// The font has ASCII glyphs: anything else is drawn as `?`.
  private static func printable(_ text: String) -> [UInt8] {
    text.unicodeScalars.map {
      $0.isASCII && $0.value >= 0x20 && $0.value < 0x7F ? UInt8($0.value) : UInt8(ascii: "?")
    }
  }
}
