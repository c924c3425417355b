import Foundation
import NNCore

/// The tensors' elements of saved states: one raw little-endian Float32 file
/// per distinct storage in `<state directory>/blobs/`, shared by every
/// snapshot that holds it.
///
/// A storage is known by its buffer's address and length, which is exact
/// because this store keeps a reference to every storage it names: while it
/// does, the buffer cannot be freed (so the address cannot name another
/// array), and copy on write makes any holder that writes it copy it first
/// (so its elements cannot change). A restored tensor's storage is kept
/// under the blob it came from, so saving it again writes nothing. Only the
/// storages of the latest snapshot are kept, so memory does not grow with
/// the number of cells.
final class TensorBlobs: TensorBlobStore {
  let folder: URL
  private struct Address: Hashable {
    var start: UInt
    var count: Int
  }
  private struct Blob {
    var name: String
    var storage: ArraySlice<Float>
  }
  private var known: [Address: Blob] = [:]
  private var byName: [String: ArraySlice<Float>] = [:]
  /// Named during the save in progress, not yet on disk.
  private var pending: [Address: Blob] = [:]
  /// Named during the save in progress, written before or not.
  private(set) var used: Set<String> = []

  init(folder: URL) {
    self.folder = folder
  }

  private static func address(of storage: ArraySlice<Float>) -> Address {
    storage.withUnsafeBufferPointer { Address(start: UInt(bitPattern: $0.baseAddress), count: $0.count) }
  }

  func blobName(for storage: ArraySlice<Float>) throws -> String {
    let address = Self.address(of: storage)
    let blob =
      known[address] ?? pending[address]
      ?? Blob(name: UUID().uuidString.lowercased() + ".f32", storage: storage)
    if known[address] == nil { pending[address] = blob }
    used.insert(blob.name)
    return blob.name
  }

  /// Writes the blobs named since the last `commit` or `discard`; returns
  /// the bytes written. On failure, removes those it wrote.
  func commit() throws -> Int {
    if !pending.isEmpty {
      try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }
    var written: [URL] = []
    var bytes = 0
    do {
      for blob in pending.values {
        let url = folder.appendingPathComponent(blob.name)
        try blob.storage.withUnsafeBufferPointer { buffer in
          guard let base = buffer.baseAddress else { return }
          // Raw bytes are little-endian Float32 on the machines this runs on.
          let data = Data(
            bytesNoCopy: UnsafeMutableRawPointer(mutating: base), count: buffer.count * 4, deallocator: .none)
          try data.write(to: url, options: .atomic)
        }
        written.append(url)
        bytes += blob.storage.count * 4
      }
    } catch {
      for url in written { try? FileManager.default.removeItem(at: url) }
      discard()
      throw error
    }
    for (address, blob) in pending {
      known[address] = blob
      byName[blob.name] = blob.storage
    }
    pending = [:]
    // Keep only the latest snapshot's storages.
    known = known.filter { used.contains($0.value.name) }
    byName = byName.filter { used.contains($0.key) }
    used = []
    return bytes
  }

  /// Forgets the blobs named since the last `commit`: nothing was written.
  func discard() {
    pending = [:]
    used = []
  }

  /// The size of blob `name` on disk.
  func size(ofBlob name: String) -> Int {
    let attributes = try? FileManager.default.attributesOfItem(
      atPath: folder.appendingPathComponent(name).path)
    return (attributes?[.size] as? NSNumber)?.intValue ?? 0
  }

  func storage(ofBlob name: String, count: Int) throws -> ArraySlice<Float> {
    if let storage = byName[name] {
      guard storage.count == count else {
        throw TensorBlobError(name: name, problem: "holds \(storage.count) floats, not \(count)")
      }
      return storage
    }
    let url = folder.appendingPathComponent(name)
    guard let data = FileManager.default.contents(atPath: url.path) else {
      throw TensorBlobError(name: url.path, problem: "is missing or unreadable")
    }
    guard data.count == count * 4 else {
      throw TensorBlobError(
        name: url.path, problem: "has \(data.count) bytes, a tensor of \(count) floats needs \(count * 4)")
    }
    let scalars = [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
      data.withUnsafeBytes { raw in
        _ = raw.copyBytes(to: UnsafeMutableRawBufferPointer(buffer))
      }
      initialized = count
    }
    let storage = scalars[...]
    known[Self.address(of: storage)] = Blob(name: name, storage: storage)
    byName[name] = storage
    return storage
  }
}

/// A blob of a saved state is missing or does not fit.
struct TensorBlobError: Error, CustomStringConvertible {
  var name: String
  var problem: String
  var description: String { "tensor blob \(name) \(problem)" }
}
