import Foundation

/// Splits `0..<count` into one contiguous chunk per core and runs
/// `body(chunkIndex, range)` on each concurrently (`WorkerPool`); returns
/// the number of chunks. Callers guarantee that chunks write disjoint
/// memory (or memory indexed by the chunk).
@discardableResult
func parallelChunks(_ count: Int, minimumPerChunk: Int = 1, _ body: (Int, Range<Int>) -> Void) -> Int {
  let chunks = parallelChunkCount(count, minimumPerChunk: minimumPerChunk)
  guard chunks > 1 else {
    body(0, 0..<count)
    return 1
  }
  WorkerPool.shared.run(chunks) { chunk in
    body(chunk, (count * chunk / chunks)..<(count * (chunk + 1) / chunks))
  }
  return chunks
}

/// Runs `first` and `second` at the same time, one per core (one after the
/// other on a single core): two small independent products each on a core
/// of its own beat each split across both, which packs operands twice.
func concurrently(_ first: () -> Void, _ second: () -> Void) {
  parallelChunks(2) { _, tasks in
    for task in tasks { task == 0 ? first() : second() }
  }
}

/// The sum of `part(range)` over `0..<count`, the ranges spread over the
/// cores. Partial sums are added in chunk order, so a machine always gives
/// the same total.
func parallelSum(_ count: Int, minimumPerChunk: Int = elementsPerChunk, _ part: (Range<Int>) -> Double)
  -> Double
{
  var partials = [Double](repeating: 0, count: parallelChunkCount(count, minimumPerChunk: minimumPerChunk))
  partials.withUnsafeMutableBufferPointer { partials in
    _ = parallelChunks(count, minimumPerChunk: minimumPerChunk) { chunk, range in
      partials[chunk] = part(range)
    }
  }
  return partials.reduce(0, +)
}

/// Element-wise work below two such chunks stays on one core: handing it
/// to another costs more than it saves.
let elementsPerChunk = 1 << 15

/// How many chunks `parallelChunks` will use for `count` items.
func parallelChunkCount(_ count: Int, minimumPerChunk: Int = 1) -> Int {
  min(coreCount, max(count / minimumPerChunk, 1))
}

/// Read once: on Linux, Foundation reads the cgroup files for every call of
/// `activeProcessorCount`, and kernels ask for it thousands of times a second.
/// `NBRUN_CORES` lowers it: `nbrun -j N` and Slurm tasks set it so that
/// notebooks running side by side do not each split work across every core.
private let coreCount: Int = {
  let available = ProcessInfo.processInfo.activeProcessorCount
  guard let given = ProcessInfo.processInfo.environment["NBRUN_CORES"].flatMap({ Int($0) }) else {
    return available
  }
  return min(max(given, 1), available)
}()

/// How many cores the kernels split their work across.
public var kernelThreadCount: Int { coreCount }
