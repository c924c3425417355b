import Foundation
import Launcher
import NotebookProtocol

/// Where a stuck program's main thread is, for a timeout the backtracer
/// could not place: a cell asleep in the C library (`usleep`, a blocking
/// read) is in code without frame pointers, which the backtracer's sampler
/// cannot unwind through. gdb unwinds it with the C library's call-frame
/// information; `llvm-symbolizer`, from the Swift toolchain, maps the
/// program's return addresses to the notebook's lines (gdb 13 reads no line
/// table from the Swift compiler's debug information). Nil when either tool
/// is missing or nothing on the stack is in the notebook.
enum StackSample {
  static func position(pid: pid_t, program: URL, fileNames: [String]) -> SourcePosition? {
    guard
      let symbolizer = Toolchain.compiler?.deletingLastPathComponent().appendingPathComponent(
        "llvm-symbolizer"),
      FileManager.default.isExecutableFile(atPath: symbolizer.path),
      let base = imageBase(pid: pid, program: program),
      let stack = try? ChildProcess.run(Command(["gdb", "-batch", "-nx", "-p", "\(pid)", "-ex", "bt"])),
      stack.succeeded
    else { return nil }
    // `#3  0x000055e7eadc0280 in main ()`: return addresses, so one byte
    // back is inside the call.
    let offsets = stack.outputText.matches(of: #/\#\d+\s+0x([0-9a-f]+)\sin\s/#).compactMap {
      match -> String? in
      guard let address = UInt(match.output.1, radix: 16), address > base else { return nil }
      return "0x" + String(address - base - 1, radix: 16)
    }
    guard !offsets.isEmpty,
      let symbols = try? ChildProcess.run(Command([symbolizer.path, "--obj=\(program.path)"] + offsets))
    else { return nil }
    // One block per address: the function, then `file:line:column`.
    for line in symbols.outputText.split(separator: "\n") {
      guard let match = line.wholeMatch(of: /(.+):(\d+):(\d+)/), fileNames.contains(String(match.output.1)),
        let number = Int(match.output.2), number > 0, let column = Int(match.output.3)
      else { continue }
      return SourcePosition(line: number, column: column)
    }
    return nil
  }

  /// Where the program's image starts in its address space (it is
  /// position-independent): its first mapping in `/proc/<pid>/maps`.
  private static func imageBase(pid: pid_t, program: URL) -> UInt? {
    guard let maps = try? String(contentsOfFile: "/proc/\(pid)/maps", encoding: .utf8) else { return nil }
    let path = program.resolvingSymlinksInPath().path
    guard let line = maps.split(separator: "\n").first(where: { $0.hasSuffix(" " + path) }),
      let start = line.split(separator: "-").first
    else { return nil }
    return UInt(start, radix: 16)
  }
}
