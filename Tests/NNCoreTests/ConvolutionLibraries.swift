import XCTest

@testable import NNCore

extension XCTestCase {
  /// Runs `body` once through each convolution library, every product
  /// forced through it, so that a test's hand-checked values and
  /// finite-difference checks hold for both; says which one failed.
  func throughEveryConvolutionLibrary(_ body: () throws -> Void) rethrows {
    for library in ConvolutionLibrary.allCases {
      let failures = testRun?.totalFailureCount ?? 0
      try ConvolutionRoute.$forced.withValue(library) { try body() }
      if let run = testRun, run.totalFailureCount > failures {
        print("\(name): the failures above are through \(library)")
      }
    }
  }
}
