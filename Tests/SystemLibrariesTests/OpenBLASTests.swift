import CBLAS
import XCTest

final class OpenBLASTests: XCTestCase {
  func testSGEMMMatchesNaiveLoopOn64x64() {
    let n = 64
    let a = (0..<(n * n)).map { Float(($0 * 7) % 13) - 6 }
    let b = (0..<(n * n)).map { Float(($0 * 5) % 11) / 4 - 1 }
    var c = [Float](repeating: 0, count: n * n)
    cblas_sgemm(
      CblasRowMajor, CblasNoTrans, CblasNoTrans, blasint(n), blasint(n), blasint(n),
      1, a, blasint(n), b, blasint(n), 0, &c, blasint(n))

    for i in 0..<n {
      for j in 0..<n {
        var expected: Float = 0
        for k in 0..<n { expected += a[i * n + k] * b[k * n + j] }
        XCTAssertEqual(c[i * n + j], expected, accuracy: 1e-3, "c[\(i), \(j)]")
      }
    }
  }
}
