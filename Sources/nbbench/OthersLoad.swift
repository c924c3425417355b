import Foundation

/// How much of the machine something other than the benchmark took while it
/// timed: other processes' CPU time and, under a hypervisor, the time stolen
/// from our virtual CPUs (the `steal` of `/proc/stat`). The benchmark runs
/// every side on all cores; a neighbour's burst during a sub-second epoch
/// decides that side's figure, and this says when it happened.
struct OthersLoad {
  /// Since boot: every CPU's busy and stolen seconds; this process's CPU
  /// seconds and its finished children's (the Python peers).
  struct Sample {
    var wall: Double
    var machineBusy: Double
    var ours: Double
  }

  /// Now, or nil where `/proc/stat` is not (not Linux).
  static func sample() -> Sample? {
    guard let stat = try? String(contentsOfFile: "/proc/stat", encoding: .utf8),
      let line = stat.split(separator: "\n").first, line.hasPrefix("cpu ")
    else { return nil }
    // user nice system idle iowait irq softirq steal (guest time is in user).
    let ticks = line.split(separator: " ").dropFirst().compactMap { Double($0) }
    guard ticks.count >= 8 else { return nil }
    let perSecond = Double(sysconf(Int32(_SC_CLK_TCK)))
    let busy = ticks[0] + ticks[1] + ticks[2] + ticks[5] + ticks[6] + ticks[7]
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return Sample(
      wall: Double(now.tv_sec) + Double(now.tv_nsec) / 1e9, machineBusy: busy / perSecond,
      ours: cpuSeconds(RUSAGE_SELF.rawValue) + cpuSeconds(RUSAGE_CHILDREN.rawValue))
  }

  private static func cpuSeconds(_ who: Int32) -> Double {
    var usage = rusage()
    getrusage(who, &usage)
    func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
    return seconds(usage.ru_utime) + seconds(usage.ru_stime)
  }

  /// The share of all cores' time between two samples that others took,
  /// from 0 (the machine was ours) to 1; `/proc/stat` counts in ticks of
  /// 10 ms, so a window of a few seconds reads to about a percent.
  static func share(
    from start: Sample, to end: Sample, cores: Int = ProcessInfo.processInfo.activeProcessorCount
  ) -> Double {
    let others = (end.machineBusy - start.machineBusy) - (end.ours - start.ours)
    return min(max(others / (Double(cores) * (end.wall - start.wall)), 0), 1)
  }

  /// `work`'s result and the share others took of the machine while it ran
  /// (nil where that cannot be read).
  static func during<T>(_ work: () throws -> T) rethrows -> (T, Double?) {
    let start = sample()
    let result = try work()
    guard let start, let end = sample() else { return (result, nil) }
    return (result, share(from: start, to: end))
  }
}
