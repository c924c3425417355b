import Foundation

@testable import NNCore

/// A `TensorBlobStore` in memory, for coding tests without files: blobs are
/// named by number in the order they are first stored.
final class MemoryBlobStore: TensorBlobStore {
  private(set) var blobs: [String: ArraySlice<Float>] = [:]

  func blobName(for storage: ArraySlice<Float>) throws -> String {
    let name = "blob\(blobs.count)"
    blobs[name] = storage
    return name
  }

  func storage(ofBlob name: String, count: Int) throws -> ArraySlice<Float> {
    guard let storage = blobs[name], storage.count == count else { throw MissingBlob(name: name) }
    return storage
  }

  struct MissingBlob: Error { var name: String }
}

/// Encodes and decodes `value` as a saved state would, with one coding for
/// each direction, so that objects coded twice are restored as one.
func stateRoundTrip<T: Codable>(_ value: T, blobs: MemoryBlobStore = MemoryBlobStore()) throws -> T {
  let encoder = JSONEncoder()
  encoder.userInfo[.stateCoding] = StateCoding(blobs: blobs)
  let data = try encoder.encode(value)
  let decoder = JSONDecoder()
  decoder.userInfo[.stateCoding] = StateCoding(blobs: blobs)
  return try decoder.decode(T.self, from: data)
}
