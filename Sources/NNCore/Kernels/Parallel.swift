import Dispatch
import Foundation

/// Splits `0..<count` into one contiguous chunk per core and runs `body` on
/// each chunk concurrently. Callers guarantee that chunks write disjoint
/// memory, which is why the closure may be shared across threads unchecked.
func parallelChunks(_ count: Int, minimumPerChunk: Int = 1, _ body: (Range<Int>) -> Void) {
  let chunks = min(ProcessInfo.processInfo.activeProcessorCount, max(count / minimumPerChunk, 1))
  guard chunks > 1 else {
    body(0..<count)
    return
  }
  withoutActuallyEscaping(body) { body in
    let shared = UncheckedSendable(body)
    DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
      shared.value((count * chunk / chunks)..<(count * (chunk + 1) / chunks))
    }
  }
}

private struct UncheckedSendable<Value>: @unchecked Sendable {
  let value: Value
  init(_ value: Value) { self.value = value }
}
