/// What an encoder or decoder of a notebook's saved state carries beside the
/// values (in `userInfo[.stateCoding]`): where tensors' elements go, and
/// which objects were already coded, so that an object two values hold is
/// saved once and restored as one object (an optimizer's moments keyed by
/// the very parameters of the restored model).
///
/// Without one (a plain `JSONEncoder`), tensors code their elements inline
/// and every reference codes a copy of its object.
///
/// One coding serves one encoder or decoder, on the thread that runs it
/// (`userInfo` asks for `Sendable`; the coding is never shared).
public final class StateCoding: @unchecked Sendable {
  /// Where tensors' elements are kept, outside the coded text.
  public let blobs: any TensorBlobStore
  private var encodedIDs: [ObjectIdentifier: Int] = [:]
  /// Held so that no identifier in `encodedIDs` can be reused by a new object.
  private var encodedObjects: [AnyObject] = []
  private var encodedCounts: [ObjectIdentifier: Int] = [:]
  private var decodedObjects: [Int: AnyObject] = [:]

  public init(blobs: any TensorBlobStore) {
    self.blobs = blobs
  }

  /// The number of `object` in this coding, and whether this is the first
  /// time it is coded (then its contents follow; later, the number alone).
  func reference(to object: AnyObject) -> (id: Int, isFirst: Bool) {
    let key = ObjectIdentifier(object)
    encodedCounts[key, default: 0] += 1
    if let id = encodedIDs[key] { return (id, false) }
    let id = encodedObjects.count
    encodedIDs[key] = id
    encodedObjects.append(object)
    return (id, true)
  }

  /// How many times `object` was coded through a reference (first time included).
  public func referenceCount(of object: AnyObject) -> Int {
    encodedCounts[ObjectIdentifier(object), default: 0]
  }

  /// Records the object decoded for number `id`.
  func register(_ object: AnyObject, id: Int) {
    decodedObjects[id] = object
  }

  /// The object decoded earlier for number `id`.
  func object(_ id: Int) -> AnyObject? {
    decodedObjects[id]
  }
}

/// Keeps tensors' elements as named blobs beside a saved state.
public protocol TensorBlobStore: AnyObject {
  /// The name of the blob that holds `storage`'s elements, storing them
  /// unless they are stored already.
  func blobName(for storage: ArraySlice<Float>) throws -> String
  /// The elements of blob `name`, which must hold `count` of them.
  func storage(ofBlob name: String, count: Int) throws -> ArraySlice<Float>
}

extension CodingUserInfoKey {
  /// The `StateCoding` of a saved notebook state.
  public static let stateCoding = CodingUserInfoKey(rawValue: "nbrun.stateCoding")!
}

extension Encoder {
  var stateCoding: StateCoding? { userInfo[.stateCoding] as? StateCoding }
}

extension Decoder {
  var stateCoding: StateCoding? { userInfo[.stateCoding] as? StateCoding }
}
