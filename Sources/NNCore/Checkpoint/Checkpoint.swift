import Foundation

/// A checkpoint could not be read or does not fit the model. The message
/// names the file and, where there is one, the tensor.
public struct CheckpointError: Error, CustomStringConvertible, LocalizedError {
  public var file: String
  public var tensor: String?
  public var problem: String

  public var description: String {
    "checkpoint \(file)" + (tensor.map { ", tensor '\($0)'" } ?? "") + ": \(problem)"
  }
  public var errorDescription: String? { description }
}

/// Reads and writes parameters in the safetensors format
/// (https://github.com/huggingface/safetensors): an 8-byte little-endian
/// header length, a JSON header mapping names to dtype, shape and byte
/// offsets, then the raw little-endian data. PyTorch and NumPy read it with
/// `safetensors.numpy.load_file`. Keys are the model's parameter paths.
public enum Checkpoint {
  /// Writes `tensors` to `path` atomically (a temporary file renamed into place).
  public static func write(
    _ tensors: [(name: String, tensor: Tensor)], to path: String,
    metadata: [String: String] = [:]
  ) throws {
    var header: [String: Any] = [:]
    if !metadata.isEmpty { header["__metadata__"] = metadata }
    var offset = 0
    for (name, tensor) in tensors {
      let bytes = tensor.count * MemoryLayout<Float>.size
      header[name] = ["dtype": "F32", "shape": tensor.shape, "data_offsets": [offset, offset + bytes]]
      offset += bytes
    }
    var json = try JSONSerialization.data(withJSONObject: header, options: [.sortedKeys])
    // Pad the header with spaces so the data starts 8-byte aligned, as the format recommends.
    json.append(contentsOf: [UInt8](repeating: 0x20, count: (8 - json.count % 8) % 8))
    var file = Data()
    file.reserveCapacity(8 + json.count + offset)
    withUnsafeBytes(of: UInt64(json.count).littleEndian) { file.append(contentsOf: $0) }
    file.append(json)
    for (_, tensor) in tensors {
      tensor.withUnsafeBufferPointer { values in
        for v in values { withUnsafeBytes(of: v.bitPattern.littleEndian) { file.append(contentsOf: $0) } }
      }
    }
    do {
      try file.write(to: URL(fileURLWithPath: path), options: .atomic)
    } catch {
      throw CheckpointError(file: path, problem: "cannot write: \(error.localizedDescription)")
    }
  }

  /// Reads every tensor of a safetensors file, by name.
  public static func read(_ path: String) throws -> [String: Tensor] {
    func fail(_ problem: String, tensor: String? = nil) -> CheckpointError {
      CheckpointError(file: path, tensor: tensor, problem: problem)
    }
    guard let file = FileManager.default.contents(atPath: path) else {
      throw fail("cannot be read (missing or unreadable)")
    }
    guard file.count >= 8 else { throw fail("is truncated: \(file.count) bytes, no header") }
    let headerLength = file.prefix(8).enumerated().reduce(UInt64(0)) {
      $0 | UInt64($1.element) << (8 * UInt64($1.offset))
    }
    guard headerLength <= UInt64(file.count - 8) else {
      throw fail("is truncated: header of \(headerLength) bytes, file of \(file.count)")
    }
    let dataStart = 8 + Int(headerLength)
    guard let header = try? JSONSerialization.jsonObject(with: file[8..<dataStart]) as? [String: Any]
    else { throw fail("has a header that is not a JSON object") }

    var tensors: [String: Tensor] = [:]
    for (name, entry) in header where name != "__metadata__" {
      guard let entry = entry as? [String: Any], let dtype = entry["dtype"] as? String,
        let shape = entry["shape"] as? [Int], let offsets = entry["data_offsets"] as? [Int],
        offsets.count == 2
      else { throw fail("has a malformed header entry", tensor: name) }
      guard dtype == "F32" else { throw fail("has dtype \(dtype); only F32 is supported", tensor: name) }
      let (begin, end) = (dataStart + offsets[0], dataStart + offsets[1])
      guard end <= file.count else {
        throw fail("is truncated: data ends at byte \(end), file has \(file.count)", tensor: name)
      }
      let count = shape.reduce(1, *)
      guard end - begin == count * 4, begin <= end else {
        throw fail("has \(end - begin) bytes for shape \(shape)", tensor: name)
      }
      let scalars = file[begin..<end].withUnsafeBytes { raw in
        (0..<count).map {
          Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self)))
        }
      }
      tensors[name] = Tensor(shape: shape, scalars: scalars)
    }
    return tensors
  }
}

extension Layer {
  /// Saves every parameter under its path (`encoder.0.weight`).
  public func save(to path: String) throws {
    try Checkpoint.write(parameters.map { ($0.path, $0.parameter.value) }, to: path)
  }

  /// Loads every parameter from `path`; all are checked before any is changed.
  public func load(from path: String) throws {
    let stored = try Checkpoint.read(path)
    let params = parameters
    for (key, parameter) in params {
      guard let tensor = stored[key] else {
        throw CheckpointError(
          file: path, tensor: key,
          problem: "is missing (the file has \(stored.keys.sorted().joined(separator: ", ")))")
      }
      guard tensor.shape == parameter.shape else {
        throw CheckpointError(
          file: path, tensor: key, problem: "has shape \(tensor.shape), the model needs \(parameter.shape)")
      }
    }
    for (key, parameter) in params { parameter.value = stored[key]! }
  }
}
