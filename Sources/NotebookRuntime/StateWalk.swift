import NNCore

/// Every value a saved state holds, reached by reflection from its
/// variables: what the checks that coding cannot make look at (an object
/// held twice, a NaN the JSON text would change).
struct StateWalk {
  /// Called for every value reached, with the variable it was reached from;
  /// for an object, also when it is reached again (its contents only once).
  var visit: (_ value: Any, _ isObject: Bool, _ variable: StateVariable) -> Void
  private var seen: Set<ObjectIdentifier> = []

  init(visit: @escaping (_ value: Any, _ isObject: Bool, _ variable: StateVariable) -> Void) {
    self.visit = visit
  }

  mutating func walk(_ variables: [StateVariable]) {
    for variable in variables { walk(variable.value, from: variable) }
  }

  private mutating func walk(_ value: Any, from variable: StateVariable) {
    let mirror = Mirror(reflecting: value)
    let isObject = mirror.displayStyle == .class
    visit(value, isObject, variable)
    guard !Self.holdsNoObjects(value) else { return }
    if isObject, !seen.insert(ObjectIdentifier(value as AnyObject)).inserted { return }
    var level: Mirror? = mirror
    while let current = level {
      for child in current.children { walk(child.value, from: variable) }
      level = current.superclassMirror
    }
  }

  /// Values whose contents hold no objects (and no floats beyond their own),
  /// so large arrays are not walked element by element.
  private static func holdsNoObjects(_ value: Any) -> Bool {
    switch value {
    case is Tensor, is String, is [Float], is [Double], is [Int], is [Int32], is [UInt8], is [Bool],
      is [String], is ArraySlice<Float>, is PoolingIndices, is RandomGenerator:
      return true
    default:
      return false
    }
  }
}
