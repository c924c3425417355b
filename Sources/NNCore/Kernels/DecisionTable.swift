import Synchronization

/// The routing decisions a process has already made, by a key that is a
/// value (a product's or a convolution's shape): the routers look one up for
/// every product and convolution, thousands a second, and formatting the
/// operation's name to find it in `KernelChoices` cost more than a small
/// product. The decision itself is still `KernelChoices`'s, made once.
final class DecisionTable<Key: Hashable & Sendable, Decision: Sendable>: Sendable {
  private let decided = Mutex<[Key: Decision]>([:])

  /// The decision for `key`: remembered, or made now by `decide` and kept.
  func decision(for key: Key, _ decide: () -> Decision) -> Decision {
    if let known = decided.withLock({ $0[key] }) { return known }
    let decision = decide()
    decided.withLock { $0[key] = decision }
    return decision
  }
}
