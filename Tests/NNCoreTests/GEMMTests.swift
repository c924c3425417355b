import XCTest

@testable import NNCore

final class GEMMTests: XCTestCase {
  /// `scripts/setup` installs BLIS; without it every product would quietly
  /// go to OpenBLAS, and this is where that shows.
  func testBLISIsLoadedAndNamesItsConfiguration() {
    XCTAssertNotNil(BLIS.sgemm, "libblis.so.4 not found: run scripts/setup (libblis-serial-dev)")
    XCTAssertNotNil(BLIS.configuration)
  }

  /// oneDNN is the third library (`scripts/setup` installs libdnnl-dev);
  /// without it, products would quietly lose their fastest candidate.
  func testEveryLibraryIsACandidate() {
    XCTAssertEqual(GEMM.available, GEMM.Library.allCases, GEMM.libraries)
  }

  /// A product shape goes to the library its timing chose, and asking again
  /// gives the same answer without timing again.
  func testAProductGoesWhereItsTimingSent() throws {
    let (library, why) = GEMM.choice(m: 123, n: 7, k: 45)
    let choice = try XCTUnwrap(why)
    XCTAssertEqual(Set(choice.seconds.keys), Set(GEMM.available.map(\.rawValue)))
    let fastest = choice.seconds.min { $0.value < $1.value }!.key
    XCTAssertEqual(library.rawValue, fastest)
    XCTAssertEqual(GEMM.choice(m: 123, n: 7, k: 45).why, choice)
  }

  /// Every library against a loop in double precision, for every
  /// transpose combination, with and without accumulating onto `c`, on
  /// narrow and wide products with ragged sizes.
  func testEveryLibraryMatchesADoubleLoop() throws {
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
          for library in GEMM.available {
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
  /// The way `GEMM.multiply` hands each core its share: a block of the
  /// columns of `c` (so `ldc` is wider than the block) from a block of the
  /// columns of `b`. Every library writes that block, as a loop computes
  /// it, and nothing beside it.
  func testEveryLibraryWritesOnlyItsBlockOfAWiderMatrix() {
    Random.seed(22)
    let (m, k, width) = (29, 41, 50)
    let columns = 7..<30
    let a = Tensor.randomNormal(shape: [m * k]).scalars
    let b = Tensor.randomNormal(shape: [k * width]).scalars
    let start = Tensor.randomNormal(shape: [m * width]).scalars
    for library in GEMM.available {
      var c = start
      b.withUnsafeBufferPointer { b in
        c.withUnsafeMutableBufferPointer { c in
          GEMM.sgemm(
            a, k, b.baseAddress! + columns.lowerBound, width, c.baseAddress! + columns.lowerBound, width,
            m: m, n: columns.count, k: k, false, false, false, through: library)
        }
      }
      for i in 0..<m {
        for j in 0..<width {
          let got = Double(c[i * width + j])
          guard columns.contains(j) else {
            XCTAssertEqual(
              got, Double(start[i * width + j]), "\(library) wrote (\(i), \(j)), outside its block")
            continue
          }
          let want = (0..<k).reduce(0.0) { $0 + Double(a[i * k + $1]) * Double(b[$1 * width + j]) }
          XCTAssertEqual(got, want, accuracy: 1e-4 * Double(k), "\(library) element (\(i), \(j))")
        }
      }
    }
  }
}
