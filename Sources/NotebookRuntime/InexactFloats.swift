/// Finds a NaN that the state's JSON text would change. The text has one
/// word for every NaN (`nan`), read back as `Float.nan`; a NaN of another
/// sign or payload (x86 makes `0 / 0` negative, which prints as `-nan`)
/// would come back different, so such a state is not saved. Tensors are
/// not concerned: their elements are saved as raw bits.
enum InexactFloats {
  /// The sentence naming the first variable holding such a NaN, or nil.
  static func firstChangedNaN(in variables: [StateVariable]) -> String? {
    var found: StateVariable?
    var walk = StateWalk { value, _, variable in
      guard found == nil, holdsChangedNaN(value) else { return }
      found = variable
    }
    walk.walk(variables)
    return found.map {
      "\($0.described) holds a NaN other than `.nan` (such as `-nan`), which the saved text would turn into `nan`"
    }
  }

  private static func holdsChangedNaN(_ value: Any) -> Bool {
    switch value {
    case let x as Float: return x.isNaN && x.bitPattern != Float.nan.bitPattern
    case let x as Double: return x.isNaN && x.bitPattern != Double.nan.bitPattern
    case let xs as [Float]: return xs.contains { $0.isNaN && $0.bitPattern != Float.nan.bitPattern }
    case let xs as [Double]: return xs.contains { $0.isNaN && $0.bitPattern != Double.nan.bitPattern }
    default: return false
    }
  }
}
