import CVectorMath
import Foundation
import XCTest

@testable import NNCore

/// libmvec's vector exp, log1p and tanh against libm in double precision,
/// for every length of ragged tail and at the ends of their ranges.
final class VectorMathTests: XCTestCase {
  private let cases: [(VectorMath.Function, (Double) -> Double, ClosedRange<Float>)] = [
    (.exp, Foundation.exp, -87...88), (.log1p, Foundation.log1p, -0.99...1e6),
    (.tanh, Foundation.tanh, -20...20),
  ]

  func testEveryElementMatchesLibm() {
    for (function, reference, domain) in cases {
      assertMatches(reference, on: domain, "\(function)") {
        VectorMath.apply(function, $0, into: $1, count: $2)
      }
    }
  }

  #if arch(x86_64)
    /// The four-lane (SSE) versions, which machines without AVX2 run.
    func testFourLaneVersionsMatchLibm() {
      let narrow = [
        ("nb_expf_sse", nb_expf_sse), ("nb_log1pf_sse", nb_log1pf_sse), ("nb_tanhf_sse", nb_tanhf_sse),
      ]
      for ((_, reference, domain), (name, kernel)) in zip(cases, narrow) {
        assertMatches(reference, on: domain, name) { kernel($0, $1, $2) }
      }
    }
  #endif

  private func assertMatches(
    _ reference: (Double) -> Double, on domain: ClosedRange<Float>, _ name: String,
    _ kernel: (UnsafePointer<Float>, UnsafeMutablePointer<Float>, Int) -> Void
  ) {
    Random.seed(7)
    for count in Array(0...19) + [1000, 4099] {
      var values = Tensor.randomUniform(shape: [count], in: domain).scalars
      values[0..<min(count, 2)] = [domain.lowerBound, domain.upperBound][0..<min(count, 2)]
      var output = [Float](repeating: .nan, count: count)
      values.withUnsafeBufferPointer { input in
        output.withUnsafeMutableBufferPointer { kernel(input.baseAddress!, $0.baseAddress!, count) }
      }
      for (x, y) in zip(values, output) {
        let expected = reference(Double(x))
        XCTAssertEqual(Double(y), expected, accuracy: abs(expected) * 4e-7 + 1e-30, "\(name)(\(x))")
      }
    }
  }

  func testInPlaceOnARange() {
    var values: [Float] = [0, 1, 2, 3, 4]
    values.withUnsafeMutableBufferPointer { VectorMath.apply(.exp, $0, 1..<4) }
    XCTAssertEqual(values[0], 0)
    XCTAssertEqual(values[4], 4)
    XCTAssertEqual(Double(values[2]), exp(2.0), accuracy: 1e-5)
  }
}
