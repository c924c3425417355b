/// A value coded with its dynamic type, so that a property of an
/// existential type (`any Layer`) can be saved and restored:
///
/// ```swift
/// struct Run: Codable {
///   @Polymorphic var model: any Layer
///   let losses: [Float]
/// }
/// ```
///
/// The type is stored by its mangled name and found again with
/// `_typeByName`, which also finds types declared in a notebook's own
/// program. Under a `StateCoding`, an object coded twice is coded once and
/// restored as one object: a struct holding a model that a variable holds
/// too (`let best = runs[0].model`) wraps it so even when its type is
/// concrete (`@Polymorphic var model: Sequential`).
///
/// Not for a layer's own sub-layers or parameters: the wrapper stores them
/// as `_name`, which reflection (`Layer.children`) skips; code those with
/// `encodePolymorphic` in the layer's own `Codable` methods, as `Sequential`
/// and `Dense` do.
@propertyWrapper
public struct Polymorphic<Value>: Codable {
  public var wrappedValue: Value

  public init(wrappedValue: Value) {
    self.wrappedValue = wrappedValue
  }

  private enum Key: String, CodingKey { case type, value, id, ref }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: Key.self)
    // An optional's payload is coded as itself (an object in it coded once, as any other);
    // restored, it is cast back into the optional. A nil is coded as the optional's type.
    var value = wrappedValue as Any
    while let payload = Self.payload(ofOptional: value) { value = payload }
    let dynamicType = Swift.type(of: value)
    guard let encodable = value as? any Encodable, dynamicType is any Decodable.Type else {
      throw EncodingError.invalidValue(
        value,
        .init(codingPath: encoder.codingPath, debugDescription: "\(dynamicType) is not Codable"))
    }
    if dynamicType is AnyObject.Type, let coding = encoder.stateCoding {
      let (id, isFirst) = coding.reference(to: value as AnyObject)
      guard isFirst else { return try container.encode(id, forKey: .ref) }
      try container.encode(id, forKey: .id)
    }
    guard let name = _mangledTypeName(dynamicType) else {
      throw EncodingError.invalidValue(
        value, .init(codingPath: encoder.codingPath, debugDescription: "\(dynamicType) has no type name"))
    }
    try container.encode(name, forKey: .type)
    try container.encode(encodable, forKey: .value)
  }

  private static func payload(ofOptional value: Any) -> Any? {
    let mirror = Mirror(reflecting: value)
    guard mirror.displayStyle == .optional else { return nil }
    return mirror.children.first?.value
  }

  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: Key.self)
    func fail(_ problem: String) -> DecodingError {
      .dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: problem))
    }
    if let ref = try container.decodeIfPresent(Int.self, forKey: .ref) {
      guard let object = decoder.stateCoding?.object(ref) else {
        throw fail("object \(ref) was not decoded before")
      }
      guard let value = object as? Value else {
        throw fail("object \(ref) is a \(type(of: object)), not a \(Value.self)")
      }
      wrappedValue = value
      return
    }
    let name = try container.decode(String.self, forKey: .type)
    guard let type = _typeByName(name) else { throw fail("no type is named \(name) in this program") }
    guard let decodable = type as? any Decodable.Type else { throw fail("\(type) is not Decodable") }
    let decoded = try container.decode(decodable, forKey: .value)
    guard let value = decoded as? Value else { throw fail("a \(type) is not a \(Value.self)") }
    if let id = try container.decodeIfPresent(Int.self, forKey: .id) {
      decoder.stateCoding?.register(decoded as AnyObject, id: id)
    }
    wrappedValue = value
  }
}

extension KeyedEncodingContainer {
  /// Codes `value` with its dynamic type, and an object once per coding.
  public mutating func encodePolymorphic<Value>(_ value: Value, forKey key: Key) throws {
    try encode(Polymorphic(wrappedValue: value), forKey: key)
  }
}

extension KeyedDecodingContainer {
  /// A value coded by `encodePolymorphic`.
  public func decodePolymorphic<Value>(_ type: Value.Type, forKey key: Key) throws -> Value {
    try decode(Polymorphic<Value>.self, forKey: key).wrappedValue
  }
}
