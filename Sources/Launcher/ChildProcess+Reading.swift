import Foundation

#if canImport(Glibc)
  import Glibc
#endif

extension ChildProcess {
  /// What a program that ran to its end wrote, and how it ended.
  public struct Result: Sendable {
    /// The exit code, or 128 + the signal that ended it.
    public var status: Int32
    /// Standard output (with standard error, unless it was separate).
    public var output: Data
    /// Standard error, when it was separate.
    public var errors: Data

    public var succeeded: Bool { status == 0 }
    public var outputText: String { String(decoding: output, as: UTF8.self) }
    public var errorText: String { String(decoding: errors, as: UTF8.self) }
  }

  /// Runs `command` to its end and collects what it wrote.
  public static func run(_ command: Command) throws -> Result {
    let process = try ChildProcess(command)
    var output = Data()
    var errors = Data()
    process.readToEnd { chunk, fromErrors in
      if fromErrors { errors.append(chunk) } else { output.append(chunk) }
    }
    process.waitForExit()
    return Result(status: process.shellStatus, output: output, errors: errors)
  }

  /// Reads standard output and standard error (when separate) as the
  /// program writes them, until both are closed, handing each chunk to
  /// `handle` with whether it came from standard error. Both are read
  /// together, so a program writing much to one cannot stall on the other.
  public func readToEnd(_ handle: (_ chunk: Data, _ fromErrors: Bool) -> Void) {
    var open = [(output, false)] + (errors.map { [($0, true)] } ?? [])
    var buffer = [UInt8](repeating: 0, count: 65_536)
    while !open.isEmpty {
      var polled = open.map { pollfd(fd: $0.0, events: Int16(POLLIN), revents: 0) }
      guard poll(&polled, nfds_t(polled.count), -1) >= 0 || errno == EINTR else { return }
      var stillOpen: [(Int32, Bool)] = []
      for (index, descriptor) in open.enumerated() {
        guard polled[index].revents != 0 else {
          stillOpen.append(descriptor)
          continue
        }
        let count = read(descriptor.0, &buffer, buffer.count)
        if count > 0 {
          handle(Data(buffer[0..<count]), descriptor.1)
          stillOpen.append(descriptor)
        } else if count < 0 && (errno == EAGAIN || errno == EINTR) {
          stillOpen.append(descriptor)
        }
      }
      open = stillOpen
    }
  }

  /// `readToEnd` by lines (without their newline; a last line without one
  /// comes too), each with whether it came from standard error.
  public func readLines(_ line: (_ text: String, _ fromErrors: Bool) -> Void) {
    var pending = [false: Data(), true: Data()]
    readToEnd { chunk, fromErrors in
      var data = pending[fromErrors, default: Data()] + chunk
      while let newline = data.firstIndex(of: UInt8(ascii: "\n")) {
        line(String(decoding: data[data.startIndex..<newline], as: UTF8.self), fromErrors)
        data = Data(data[data.index(after: newline)...])
      }
      pending[fromErrors] = data
    }
    for (fromErrors, rest) in pending where !rest.isEmpty {
      line(String(decoding: rest, as: UTF8.self), fromErrors)
    }
  }
}
