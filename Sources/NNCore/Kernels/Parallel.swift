import Dispatch
import Foundation

/// Splits `0..<count` into one contiguous chunk per core and runs
/// `body(chunkIndex, range)` on each concurrently; returns the number of
/// chunks. Callers guarantee that chunks write disjoint memory (or memory
/// indexed by the chunk), which is why the closure may be shared across
/// threads unchecked.
@discardableResult
func parallelChunks(_ count: Int, minimumPerChunk: Int = 1, _ body: (Int, Range<Int>) -> Void) -> Int {
  let chunks = parallelChunkCount(count, minimumPerChunk: minimumPerChunk)
  guard chunks > 1 else {
    body(0, 0..<count)
    return 1
  }
  withoutActuallyEscaping(body) { body in
    let shared = UncheckedSendable(body)
    DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
      shared.value(chunk, (count * chunk / chunks)..<(count * (chunk + 1) / chunks))
    }
  }
  return chunks
}

/// How many chunks `parallelChunks` will use for `count` items.
func parallelChunkCount(_ count: Int, minimumPerChunk: Int = 1) -> Int {
  min(coreCount, max(count / minimumPerChunk, 1))
}

/// Read once: on Linux, Foundation reads the cgroup files for every call of
/// `activeProcessorCount`, and kernels ask for it thousands of times a second.
private let coreCount = ProcessInfo.processInfo.activeProcessorCount

private struct UncheckedSendable<Value>: @unchecked Sendable {
  let value: Value
  init(_ value: Value) { self.value = value }
}
