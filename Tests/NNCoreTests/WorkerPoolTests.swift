import Foundation
import Synchronization
import XCTest

@testable import NNCore

/// The threads `parallelChunks` runs on: every chunk once, on more than one
/// thread at a time, after the workers have gone to sleep too, and without
/// deadlock when a chunk or a second thread asks for the pool while it runs.
final class WorkerPoolTests: XCTestCase {
  /// One for the class: a pool's threads live as long as the process.
  private static let pool = WorkerPool(workers: 3)
  private var pool: WorkerPool { Self.pool }

  func testEveryChunkRunsExactlyOnce() {
    for chunks in [1, 2, 3, 4, 7, 16, 100] {
      for _ in 0..<200 {
        let runs = Mutex([Int](repeating: 0, count: chunks))
        pool.run(chunks) { chunk in runs.withLock { $0[chunk] += 1 } }
        XCTAssertEqual(runs.withLock { $0 }, Array(repeating: 1, count: chunks))
      }
    }
  }

  /// Both chunks wait for each other: they finish only if two threads run
  /// them at once, i.e. a worker took one, also after sleeping (a pause far
  /// longer than the spin) and after being sent to rest.
  func testAWorkerRunsBesideTheCallerAlsoAfterSleeping() {
    for pause in [0, 5_000, 50_000] {
      usleep(useconds_t(pause))
      if pause == 50_000 { pool.rest() }
      let started = Atomic<Int>(0)
      let met = Atomic<Int>(0)
      pool.run(2) { _ in
        started.add(1, ordering: .sequentiallyConsistent)
        let deadline = Date().addingTimeInterval(5)
        while started.load(ordering: .sequentiallyConsistent) < 2, Date() < deadline {}
        if started.load(ordering: .sequentiallyConsistent) == 2 { met.add(1, ordering: .relaxed) }
      }
      XCTAssertEqual(
        met.load(ordering: .relaxed), 2, "the two chunks ran one after the other (pause \(pause) µs)")
    }
  }

  func testAPoolAskedFromInsideAChunkRunsTheInnerChunksInline() {
    let inner = Atomic<Int>(0)
    pool.run(4) { _ in
      self.pool.run(3) { _ in inner.add(1, ordering: .relaxed) }
    }
    XCTAssertEqual(inner.load(ordering: .relaxed), 12)
  }

  func testTwoThreadsAskingAtOnceBothGetEveryChunk() {
    let totals = Mutex([0, 0])
    let pool = pool
    DispatchQueue.concurrentPerform(iterations: 2) { caller in
      for _ in 0..<500 {
        pool.run(5) { chunk in totals.withLock { $0[caller] += chunk + 1 } }
      }
    }
    XCTAssertEqual(totals.withLock { $0 }, [500 * 15, 500 * 15])
  }
}
