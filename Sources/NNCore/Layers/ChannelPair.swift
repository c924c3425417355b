precedencegroup ChannelPairPrecedence {
  lowerThan: AdditionPrecedence
}

/// `784 => 256`: the input and output sizes of a layer, read as in Flux.
infix operator => : ChannelPairPrecedence

/// How many features (or channels) a layer takes in and gives out.
public struct ChannelPair: Equatable, Sendable, Codable {
  public var input: Int
  public var output: Int

  public init(_ input: Int, _ output: Int) {
    precondition(input > 0 && output > 0, "layer sizes must be positive, got \(input) => \(output)")
    self.input = input
    self.output = output
  }
}

public func => (input: Int, output: Int) -> ChannelPair {
  ChannelPair(input, output)
}

extension ChannelPair: CustomStringConvertible {
  public var description: String { "\(input) => \(output)" }
}
