@_spi(Reflection) import Swift
import Synchronization

extension Layer {
  /// The parameters and sub-layers among the stored properties, in
  /// declaration order (a subclass's after its superclass's).
  ///
  /// Read on every optimizer step (`parameters`), so only the properties
  /// whose declared type can hold one are read: see `StoredMembers`.
  var reflectedMembers:
    (parameters: [(name: String, parameter: Parameter)], layers: [(name: String, layer: any Layer)])
  {
    var parameters: [(name: String, parameter: Parameter)] = []
    var layers: [(name: String, layer: any Layer)] = []
    for (name, value) in StoredMembers.candidates(of: self) {
      switch value {
      case let parameter as Parameter: parameters.append((name, parameter))
      case let parameter as Parameter?: if let parameter { parameters.append((name, parameter)) }
      case let layer as any Layer: layers.append((name, layer))
      case let layer as (any Layer)?: if let layer { layers.append((name, layer)) }
      default: break
      }
    }
    return (parameters, layers)
  }
}

/// The stored properties of a layer that may hold a parameter or a layer,
/// read straight from the object by the layout the runtime records for its
/// class.
///
/// `Mirror` would give the same values, but reading a property through it
/// looks the property's type up by its mangled name every time, and casting
/// an array (`Sequential.layers`) or a string to a class bridges it to an
/// `NSArray` or `NSString` first, element by element, only to fail: on the
/// 1-D signal model that was over half of every training step. Here each
/// class's fields are listed once (`_forEachField`, names, offsets and
/// declared types, superclass first), the ones whose declared type is a
/// struct, an enum, a tuple, a function or a metatype are dropped, since
/// none of those casts to a parameter or a layer, and the rest are read at
/// their offsets. A class the runtime cannot list goes through `Mirror`.
private enum StoredMembers {
  struct Field {
    var name: String
    var offset: Int
    var type: Any.Type
  }

  /// Per class, the fields worth reading; nil for one `_forEachField` cannot list.
  private static let layouts = Mutex<[ObjectIdentifier: [Field]?]>([:])

  static func candidates(of object: AnyObject) -> [(name: String, value: Any)] {
    guard let fields = fields(of: type(of: object)) else {
      return mirrored(object)
    }
    let base = UnsafeRawPointer(Unmanaged.passUnretained(object).toOpaque())
    return withExtendedLifetime(object) {
      fields.map { ($0.name, load($0.type, at: base + $0.offset)) }
    }
  }

  private static func fields(of type: AnyClass) -> [Field]? {
    let key = ObjectIdentifier(type)
    if let known = layouts.withLock({ $0[key] }) { return known }
    var fields: [Field] = []
    let listed = _forEachField(of: type, options: classType) { name, offset, fieldType, kind in
      let name = String(cString: name)
      if !name.hasPrefix("_") && !inert.contains(kind) {
        fields.append(Field(name: name, offset: offset, type: fieldType))
      }
      return true
    }
    let layout = listed ? fields : nil
    layouts.withLock { $0[key] = layout }
    return layout
  }

  /// `_EachFieldOptions.classType`, spelt out: the standard library
  /// declares it a `static var`, which Swift 6 will not read unisolated.
  private static let classType = _EachFieldOptions(rawValue: 1 << 0)

  /// Kinds of declared type no value of which casts to `Parameter`,
  /// `Parameter?`, `any Layer` or `(any Layer)?`.
  private static let inert: Set<_MetadataKind> = [
    .struct, .enum, .tuple, .function, .metatype, .existentialMetatype,
  ]

  /// The value at `pointer` of the field's declared type `T` (opened from
  /// the `Any.Type` the caller holds), copied out.
  private static func load<T>(_: T.Type, at pointer: UnsafeRawPointer) -> Any {
    pointer.load(as: T.self)
  }

  private static func mirrored(_ object: AnyObject) -> [(name: String, value: Any)] {
    var mirrors: [Mirror] = []
    var mirror: Mirror? = Mirror(reflecting: object)
    while let current = mirror {
      mirrors.insert(current, at: 0)
      mirror = current.superclassMirror
    }
    return mirrors.flatMap(\.children).compactMap { child in
      guard let label = child.label, !label.hasPrefix("_") else { return nil }
      return (label, child.value)
    }
  }
}
