import CPNG
import Foundation
import XCTest

final class LibPNGTests: XCTestCase {
  func testGrayImageRoundTripsThroughAFile() throws {
    let (width, height) = (5, 3)
    let pixels: [UInt8] = (0..<(width * height)).map { UInt8($0 * 17) }
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("nbrun-\(UUID()).png").path
    defer { try? FileManager.default.removeItem(atPath: path) }

    var image = png_image()
    image.version = UInt32(PNG_IMAGE_VERSION)
    image.width = UInt32(width)
    image.height = UInt32(height)
    image.format = UInt32(PNG_FORMAT_GRAY)
    XCTAssertNotEqual(png_image_write_to_file(&image, path, 0, pixels, Int32(width), nil), 0)

    var read = png_image()
    read.version = UInt32(PNG_IMAGE_VERSION)
    XCTAssertNotEqual(png_image_begin_read_from_file(&read, path), 0)
    XCTAssertEqual([read.width, read.height], [UInt32(width), UInt32(height)])
    read.format = UInt32(PNG_FORMAT_GRAY)
    var back = [UInt8](repeating: 0, count: width * height)
    XCTAssertNotEqual(png_image_finish_read(&read, nil, &back, Int32(width), nil), 0)
    XCTAssertEqual(back, pixels)
  }
}
