import NNCore

/// Finds an object that the saved state holds in two places but that was
/// not coded as one (`Polymorphic` codes an object once and restores it as
/// one; a class coded by synthesized `Codable` is coded in full wherever it
/// is held). Restored, such an object would become two, and a change
/// through one would no longer show through the other: rather than restore
/// that silently, the state is not saved.
enum SharedObjects {
  private struct Reached {
    var object: AnyObject
    var count: Int
    var holders: [StateVariable]
  }

  /// The sentence naming the first such object and the variables holding
  /// it, or nil when every object held twice is coded once.
  static func firstLostSharing(in variables: [StateVariable], coding: StateCoding) -> String? {
    var reached: [ObjectIdentifier: Reached] = [:]
    var order: [ObjectIdentifier] = []
    var walk = StateWalk { value, isObject, variable in
      guard isObject else { return }
      let object = value as AnyObject
      let key = ObjectIdentifier(object)
      guard var seen = reached[key] else {
        reached[key] = Reached(object: object, count: 1, holders: [variable])
        order.append(key)
        return
      }
      seen.count += 1
      if !seen.holders.contains(where: { $0.name == variable.name }) { seen.holders.append(variable) }
      reached[key] = seen
    }
    walk.walk(variables)
    for key in order {
      let reached = reached[key]!
      guard reached.count > 1, coding.referenceCount(of: reached.object) < reached.count else { continue }
      let holders = reached.holders.map(\.described)
      let type = TypeName.of(reached.object)
      let who =
        holders.count == 1
        ? "\(holders[0]) holds the same \(type) object in two places"
        : "\(holders.dropLast().joined(separator: ", ")) and \(holders.last!) hold the same \(type) object"
      return who + ", which restoring would turn into separate copies (hold it through `@Polymorphic`, "
        + "or in one variable)"
    }
    return nil
  }
}
