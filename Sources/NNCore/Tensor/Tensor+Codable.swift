/// A tensor codes its shape and its elements: under a `StateCoding`, the
/// elements go to a blob (raw, exact, and stored once however many saved
/// states hold them) and the coded text names it; otherwise they are coded
/// inline. How the value was computed (its gradient recording) is not part
/// of it.
extension Tensor: Codable {
  private enum Key: String, CodingKey { case shape, blob, scalars }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: Key.self)
    try container.encode(shape, forKey: .shape)
    if let coding = encoder.stateCoding, count > 0 {
      try container.encode(try coding.blobs.blobName(for: storage), forKey: .blob)
    } else {
      try container.encode(scalars, forKey: .scalars)
    }
  }

  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: Key.self)
    let shape = try container.decode([Int].self, forKey: .shape)
    let count = shape.reduce(1, *)
    guard shape.allSatisfy({ $0 >= 0 }) else {
      throw DecodingError.dataCorruptedError(
        forKey: .shape, in: container, debugDescription: "a tensor shape \(shape) with a negative axis")
    }
    let storage: ArraySlice<Float>
    if let blob = try container.decodeIfPresent(String.self, forKey: .blob) {
      guard let coding = decoder.stateCoding else {
        throw DecodingError.dataCorruptedError(
          forKey: .blob, in: container, debugDescription: "tensor blob \(blob) read without a saved state")
      }
      storage = try coding.blobs.storage(ofBlob: blob, count: count)
    } else {
      storage = try container.decode([Float].self, forKey: .scalars)[...]
    }
    guard storage.count == count else {
      throw DecodingError.dataCorruptedError(
        forKey: .scalars, in: container,
        debugDescription: "a tensor of shape \(shape) needs \(count) scalars, got \(storage.count)")
    }
    self.init(shape: shape, storage: storage)
  }
}
