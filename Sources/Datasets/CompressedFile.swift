internal import CZlib

/// Reads a whole file, inflating it when it is gzip-compressed (zlib's
/// `gzread` passes plain files through unchanged).
enum CompressedFile {
  static func read(_ path: String) throws -> [UInt8] {
    guard let file = gzopen(path, "rb") else {
      throw DatasetError(file: path, problem: "cannot be opened (missing or unreadable)")
    }
    defer { gzclose(file) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 20)
    while true {
      let read = gzread(file, &chunk, UInt32(chunk.count))
      if read < 0 {
        var code: Int32 = 0
        let message = String(cString: gzerror(file, &code))
        throw DatasetError(file: path, problem: "is corrupt or truncated (zlib: \(message))")
      }
      if read == 0 { break }
      bytes.append(contentsOf: chunk[..<Int(read)])
    }
    // A gzip stream cut short reads as a clean end of file; zlib only says
    // so through its error state.
    var code: Int32 = Z_OK
    _ = gzerror(file, &code)
    if code != Z_OK {
      throw DatasetError(file: path, problem: "is a truncated gzip stream (after \(bytes.count) bytes)")
    }
    return bytes
  }
}
