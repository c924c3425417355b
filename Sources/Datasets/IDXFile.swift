/// The IDX format of the MNIST files: a magic number (two zero bytes, a
/// type byte, the number of dimensions), big-endian 32-bit dimensions, then
/// the values. Only unsigned bytes (type 0x08) occur in MNIST.
public struct IDXFile: Equatable {
  public var dimensions: [Int]
  public var values: [UInt8]

  public init(dimensions: [Int], values: [UInt8]) {
    self.dimensions = dimensions
    self.values = values
  }

  /// Reads and validates an IDX file, plain or `.gz`.
  public static func read(_ path: String) throws -> IDXFile {
    let bytes = try CompressedFile.read(path)
    func fail(_ problem: String) -> DatasetError { DatasetError(file: path, problem: problem) }
    guard bytes.count >= 4 else { throw fail("is too short for an IDX header (\(bytes.count) bytes)") }
    guard bytes[0] == 0, bytes[1] == 0, bytes[2] == 0x08 else {
      let magic = bytes.prefix(4).map { String($0, radix: 16) }.joined(separator: " ")
      throw fail("has magic number \(magic), not an IDX file of unsigned bytes (00 00 08 0n)")
    }
    let rank = Int(bytes[3])
    let headerLength = 4 + 4 * rank
    guard rank > 0, bytes.count >= headerLength else {
      throw fail("is truncated inside its header of \(rank) dimensions")
    }
    let dimensions = (0..<rank).map { axis in
      bytes[(4 + 4 * axis)..<(8 + 4 * axis)].reduce(0) { $0 << 8 | Int($1) }
    }
    let expected = dimensions.reduce(1, *)
    let actual = bytes.count - headerLength
    guard actual == expected else {
      throw fail(
        "has \(actual) values, its header \(dimensions) announces \(expected)"
          + (actual < expected ? " (truncated)" : ""))
    }
    return IDXFile(dimensions: dimensions, values: Array(bytes[headerLength...]))
  }

  /// The file's bytes: header then values.
  public var encoded: [UInt8] {
    var bytes: [UInt8] = [0, 0, 0x08, UInt8(dimensions.count)]
    for d in dimensions { bytes += [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: d >> $0) } }
    return bytes + values
  }
}
