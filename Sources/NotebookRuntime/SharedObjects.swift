import NNCore

/// Finds an object that the saved state holds in two places but that was
/// not coded as one (`Polymorphic` codes an object once and restores it as
/// one; a class coded by synthesized `Codable` is coded in full wherever it
/// is held). Restored, such an object would become two, and a change
/// through one would no longer show through the other: rather than restore
/// that silently, the state is not saved.
enum SharedObjects {
  /// The sentence naming the first such object and the variables holding
  /// it, or nil when every object held twice is coded once.
  static func firstLostSharing(in variables: [StateVariable], coding: StateCoding) -> String? {
    var walk = Walk()
    for variable in variables { walk.visit(variable.value, holder: variable) }
    for key in walk.order {
      let reached = walk.reached[key]!
      guard reached.count > 1, coding.referenceCount(of: reached.object) < reached.count else { continue }
      let holders = reached.holders.map(\.described)
      let who =
        holders.count == 1
        ? "\(holders[0]) holds the same \(TypeName.of(reached.object)) object in two places"
        : "\(holders.dropLast().joined(separator: ", ")) and \(holders.last!) hold the same "
          + "\(TypeName.of(reached.object)) object"
      return who + ", which restoring would turn into separate copies (hold it through `@Polymorphic`, "
        + "or in one variable)"
    }
    return nil
  }

  private struct Reached {
    var object: AnyObject
    var count: Int
    var holders: [StateVariable]
  }

  private struct Walk {
    var reached: [ObjectIdentifier: Reached] = [:]
    var order: [ObjectIdentifier] = []

    mutating func visit(_ value: Any, holder: StateVariable) {
      guard !Self.holdsNoObjects(value) else { return }
      let mirror = Mirror(reflecting: value)
      if mirror.displayStyle == .class {
        let object = value as AnyObject
        let key = ObjectIdentifier(object)
        if var seen = reached[key] {
          seen.count += 1
          if !seen.holders.contains(where: { $0.name == holder.name }) { seen.holders.append(holder) }
          reached[key] = seen
          return
        }
        reached[key] = Reached(object: object, count: 1, holders: [holder])
        order.append(key)
      }
      var current: Mirror? = mirror
      while let level = current {
        for child in level.children { visit(child.value, holder: holder) }
        current = level.superclassMirror
      }
    }

    /// Values whose contents hold no objects, so large arrays are not walked element by element.
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
}
