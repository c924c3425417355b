internal import CPNG
import Foundation

/// An 8-bit grayscale raster written as PNG through libpng's simplified API.
struct PNGImage {
  var width: Int
  var height: Int
  var pixels: [UInt8]

  init(width: Int, height: Int, fill: UInt8 = 255) {
    self.width = width
    self.height = height
    pixels = [UInt8](repeating: fill, count: width * height)
  }

  func write(to url: URL) throws {
    var image = png_image()
    image.version = UInt32(PNG_IMAGE_VERSION)
    image.width = UInt32(width)
    image.height = UInt32(height)
    image.format = UInt32(PNG_FORMAT_GRAY)
    let ok = png_image_write_to_file(&image, url.path, 0, pixels, Int32(width), nil)
    guard ok != 0 else {
      let reason = withUnsafeBytes(of: image.message) {
        String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self)
      }
      throw FigureError(message: "libpng could not write \(url.path): \(reason)")
    }
  }
}
