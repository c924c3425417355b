import Foundation
import XCTest

@testable import NNCore

final class RandomGeneratorCodingTests: XCTestCase {
  /// A restored generator draws exactly the numbers the original would have.
  func testARestoredGeneratorContinuesTheSequence() throws {
    var generator = RandomGenerator(seed: 42)
    for _ in 0..<5 { _ = generator.next() }
    let data = try JSONEncoder().encode(generator)
    var restored = try JSONDecoder().decode(RandomGenerator.self, from: data)
    XCTAssertEqual((0..<100).map { _ in restored.next() }, (0..<100).map { _ in generator.next() })
  }

  /// The words are written as hexadecimal text: exact even above 2^53.
  func testWordsAreHexadecimalText() throws {
    var generator = RandomGenerator(seed: 0)
    generator.words = [0, 1, 0xFFFF_FFFF_FFFF_FFFF, 0x20_0000_0000_0001]
    let text = String(decoding: try JSONEncoder().encode(generator), as: UTF8.self)
    XCTAssertEqual(text, #"["0","1","ffffffffffffffff","20000000000001"]"#)
    XCTAssertEqual(
      try JSONDecoder().decode(RandomGenerator.self, from: Data(text.utf8)).words, generator.words)
  }

  /// The shared generator can be read and set: what `NotebookState` saves and restores.
  func testTheSharedGeneratorCanBeReadAndSet() {
    Random.seed(9)
    _ = Tensor.randomNormal(shape: [3])
    let saved = Random.generator
    let expected = Tensor.randomNormal(shape: [5])
    Random.seed(1)
    Random.generator = saved
    XCTAssertEqual(Tensor.randomNormal(shape: [5]), expected)
  }
}
