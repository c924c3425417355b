import Dispatch
import Foundation
import Synchronization

/// The threads `parallelChunks` hands chunks to: one per core but the
/// caller's, which spin for a short while after each job before they sleep.
///
/// A training step of a small model is a few dozen parallel regions of tens
/// of microseconds each. `DispatchQueue.concurrentPerform` woke a sleeping
/// worker for each of them (a futex call, and on a virtual machine the idle
/// virtual CPU's wake-up), which cost as much as the second core saved: the
/// dense models trained as fast on one core as on two. Spinning keeps the
/// worker awake between the regions of a step, as OpenMP's and Eigen's pools
/// do; after `spinning` without work it sleeps, so an idle process costs
/// nothing.
///
/// One job at a time: a call made while a job runs (from one of its chunks,
/// or from another thread) runs its chunks itself, one after the other.
/// Which thread runs a chunk never changes what the chunk computes.
final class WorkerPool: @unchecked Sendable {
  static let shared = WorkerPool(workers: kernelThreadCount - 1)

  /// How long a worker waits for the next job before it sleeps.
  static let spinning: UInt64 = 200_000  // ns

  private let workers: Int
  /// Held by the caller of the running job.
  private let running = Mutex(())
  /// The job's generation (high 32 bits), its chunk count (bits 16-31)
  /// and the next unclaimed chunk (bits 0-15), in one word, so that a
  /// chunk is claimed only from the job it belongs to.
  private let state = Atomic<UInt64>(0)
  private let finished = Atomic<Int>(0)
  private let sleepers = Atomic<Int>(0)
  /// Bumped by `rest()`: spinning workers sleep at once.
  private let rests = Atomic<Int>(0)
  private let wake = DispatchSemaphore(value: 0)
  /// The running job's chunk body; read only by a thread that claimed a chunk of it.
  private nonisolated(unsafe) var body: ((Int) -> Void)?

  init(workers: Int) {
    self.workers = max(workers, 0)
    for _ in 0..<self.workers {
      let thread = Thread { [unowned self] in self.work() }
      thread.name = "nbrun kernels"
      // As much stack as the main thread has: chunks run the same kernels there and here.
      thread.stackSize = 8 << 20
      thread.start()
    }
  }

  /// Runs `body(0..<chunks)`, the chunks spread over the caller and the workers.
  func run(_ chunks: Int, _ body: (Int) -> Void) {
    guard workers > 0, chunks > 1, chunks < 1 << 16 else { return (0..<chunks).forEach(body) }
    let ran: Void? = withoutActuallyEscaping(body) { body in
      running.withLockIfAvailable { _ in
        self.body = body
        finished.store(0, ordering: .relaxed)
        let generation = (state.load(ordering: .relaxed) >> 32) &+ 1
        state.store(generation << 32 | UInt64(chunks) << 16, ordering: .sequentiallyConsistent)
        for _ in 0..<sleepers.exchange(0, ordering: .sequentiallyConsistent) { wake.signal() }
        runChunks(of: generation)
        // A worker the system took off its core mid-chunk gets this core back soon.
        var spins = 0
        while finished.load(ordering: .acquiring) < chunks {
          spins &+= 1
          if spins > 4096 { sched_yield() }
        }
        self.body = nil
      }
    }
    if ran == nil { (0..<chunks).forEach(body) }
  }

  /// Sends the spinning workers to sleep now rather than at the end of
  /// `spinning`: another thread pool (oneDNN's) is about to use the cores.
  func rest() {
    rests.add(1, ordering: .relaxed)
  }

  /// Claims and runs chunks of job `generation` until none is left.
  private func runChunks(of generation: UInt64) {
    var word = state.load(ordering: .acquiring)
    while word >> 32 == generation {
      let (chunks, next) = (word >> 16 & 0xFFFF, word & 0xFFFF)
      guard next < chunks else { return }
      let (exchanged, original) = state.compareExchange(
        expected: word, desired: word + 1, ordering: .acquiringAndReleasing)
      guard exchanged else {
        word = original
        continue
      }
      body!(Int(next))
      finished.add(1, ordering: .releasing)
      word = state.load(ordering: .acquiring)
    }
  }

  private func work() {
    var seen = state.load(ordering: .acquiring) >> 32
    while true {
      let (idleSince, restsSeen) = (DispatchTime.now().uptimeNanoseconds, rests.load(ordering: .relaxed))
      var spins = 0
      while state.load(ordering: .acquiring) >> 32 == seen {
        spins &+= 1
        guard spins & 1023 == 0,
          rests.load(ordering: .relaxed) != restsSeen
            || DispatchTime.now().uptimeNanoseconds - idleSince > Self.spinning
        else { continue }
        // Counted before the last look, so a job published after it wakes us.
        sleepers.add(1, ordering: .sequentiallyConsistent)
        if state.load(ordering: .sequentiallyConsistent) >> 32 == seen { wake.wait() }
        spins = 0
      }
      seen = state.load(ordering: .acquiring) >> 32
      runChunks(of: seen)
    }
  }
}
