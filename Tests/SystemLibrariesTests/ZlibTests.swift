import CZlib
import Foundation
import XCTest

final class ZlibTests: XCTestCase {
  func testGzipFileInflatesToWhatWasWritten() throws {
    let text = Array(String(repeating: "nbrun reads MNIST .gz files. ", count: 200).utf8)
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("nbrun-\(UUID()).gz").path
    defer { try? FileManager.default.removeItem(atPath: path) }

    let writer = try XCTUnwrap(gzopen(path, "wb"))
    XCTAssertEqual(gzwrite(writer, text, UInt32(text.count)), Int32(text.count))
    XCTAssertEqual(gzclose(writer), Z_OK)
    let compressed = try XCTUnwrap(FileManager.default.contents(atPath: path))
    XCTAssertLessThan(compressed.count, text.count / 10, "repetitive text should compress")
    XCTAssertEqual(Array(compressed.prefix(2)), [0x1f, 0x8b], "gzip magic")

    let reader = try XCTUnwrap(gzopen(path, "rb"))
    var back = [UInt8](repeating: 0, count: text.count + 16)
    XCTAssertEqual(gzread(reader, &back, UInt32(back.count)), Int32(text.count))
    gzclose(reader)
    XCTAssertEqual(Array(back.prefix(text.count)), text)
  }
}
