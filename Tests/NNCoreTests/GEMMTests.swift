import XCTest

@testable import NNCore

final class GEMMTests: XCTestCase {
  /// `scripts/setup` installs BLIS; without it every product would quietly
  /// go to OpenBLAS, and this is where that shows.
  func testBLISIsLoadedAndNamesItsConfiguration() {
    XCTAssertNotNil(BLIS.sgemm, "libblis.so.4 not found: run scripts/setup (libblis-serial-dev)")
    XCTAssertNotNil(BLIS.configuration)
  }

  /// A product shape goes to the library its timing chose, and asking again
  /// gives the same answer without timing again.
  func testAProductGoesWhereItsTimingSent() throws {
    let (library, why) = GEMM.choice(m: 123, n: 7, k: 45)
    let choice = try XCTUnwrap(why)
    XCTAssertEqual(Set(choice.seconds.keys), ["OpenBLAS", "BLIS"])
    let fastest = choice.seconds.min { $0.value < $1.value }!.key
    XCTAssertEqual(library.rawValue, fastest)
    XCTAssertEqual(GEMM.choice(m: 123, n: 7, k: 45).why, choice)
  }

  /// Both libraries against a loop in double precision, for every
  /// transpose combination, with and without accumulating onto `c`, on
  /// narrow and wide products with ragged sizes.
  func testBothLibrariesMatchADoubleLoop() throws {
    Random.seed(21)
    for (m, n, k) in [(37, 1, 19), (53, 8, 70), (9, 31, 130), (40, 33, 5)] {
      let a = Tensor.randomNormal(shape: [m * k]).scalars
      let b = Tensor.randomNormal(shape: [k * n]).scalars
      let start = Tensor.randomNormal(shape: [m * n]).scalars
      for (transposeA, transposeB) in [(false, false), (true, false), (false, true), (true, true)] {
        let (lda, ldb) = (transposeA ? m : k, transposeB ? k : n)
        for accumulate in [false, true] {
          var expected = [Double](repeating: 0, count: m * n)
          for i in 0..<m {
            for j in 0..<n {
              var sum = accumulate ? Double(start[i * n + j]) : 0
              for p in 0..<k {
                let x = transposeA ? a[p * lda + i] : a[i * lda + p]
                let y = transposeB ? b[j * ldb + p] : b[p * ldb + j]
                sum += Double(x) * Double(y)
              }
              expected[i * n + j] = sum
            }
          }
          for library in [GEMM.Library.openBLAS, .blis] {
            var c = start
            GEMM.sgemm(
              a, lda, b, ldb, &c, n, m: m, n: n, k: k, transposeA, transposeB, accumulate, through: library)
            for (index, (got, want)) in zip(c, expected).enumerated() {
              XCTAssertEqual(
                Double(got), want, accuracy: 1e-4 * Double(k),
                "\(library) \(m)x\(n)x\(k) transposeA \(transposeA) transposeB \(transposeB) "
                  + "accumulate \(accumulate), element \(index)")
            }
          }
        }
      }
    }
  }
}
