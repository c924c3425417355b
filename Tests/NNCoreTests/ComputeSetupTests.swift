import Glibc
import XCTest

@testable import NNCore

final class ComputeSetupTests: XCTestCase {
  /// Page faults of this process so far.
  private func minorFaults() -> Int {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return usage.ru_minflt
  }

  /// A block larger than glibc's largest heap threshold (32 MiB), freed and
  /// made again, is the memory of the first: no page is faulted in anew.
  func testALargeTensorReusesTheMemoryOfOneFreedBeforeIt() {
    let count = (64 << 20) / MemoryLayout<Float>.size
    let pages = count * MemoryLayout<Float>.size / Int(getpagesize())
    func fill() -> Float {
      let tensor = Tensor(shape: [count], zeroed: false) { $0.initialize(repeating: 1) }
      return tensor.withUnsafeBufferPointer { $0[count - 1] }
    }
    XCTAssertEqual(fill(), 1)  // faults its pages in once
    let before = minorFaults()
    XCTAssertEqual(fill(), 1)
    let faults = minorFaults() - before
    // Mapped fresh, every page faults again (16,384 here).
    XCTAssertLessThan(faults, pages / 10, "\(faults) page faults for \(pages) pages")
  }
}
