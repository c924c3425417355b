import Foundation
import XCTest

@testable import Launcher

final class ChildProcessTests: XCTestCase {
  func testMergedOutputKeepsTheOrderTheProgramWrote() throws {
    let result = try ChildProcess.run(Command(["sh", "-c", "echo one; echo two >&2; echo three"]))
    XCTAssertEqual(result.status, 0)
    XCTAssertEqual(result.outputText, "one\ntwo\nthree\n")
    XCTAssertTrue(result.errors.isEmpty)
  }

  func testSeparateErrorsGoToTheirOwnPipe() throws {
    var command = Command(["sh", "-c", "echo out; echo err >&2; exit 3"])
    command.separateErrors = true
    let result = try ChildProcess.run(command)
    XCTAssertEqual(result.status, 3)
    XCTAssertFalse(result.succeeded)
    XCTAssertEqual(result.outputText, "out\n")
    XCTAssertEqual(result.errorText, "err\n")
  }

  func testASignalEndsWithTheShellsStatus() throws {
    let result = try ChildProcess.run(Command(["sh", "-c", "kill -TERM $$"]))
    XCTAssertEqual(result.status, 128 + SIGTERM)
  }

  /// A megabyte each way through `cat`: the input is written while the
  /// output is read, so neither pipe's 64 KiB buffer can stall the other.
  func testLargeInputAndOutputDoNotStall() throws {
    let input = Data((0..<1_000_000).map { UInt8(truncatingIfNeeded: $0 % 251) })
    let result = try ChildProcess.run(Command(["cat"], input: input))
    XCTAssertEqual(result.status, 0)
    XCTAssertEqual(result.output, input)
  }

  /// A program that exits without reading its input: the write fails
  /// quietly instead of SIGPIPE ending the test process.
  func testAProgramThatIgnoresItsInputDoesNotEndUs() throws {
    let input = Data(repeating: 7, count: 4_000_000)
    let result = try ChildProcess.run(Command(["true"], input: input))
    XCTAssertEqual(result.status, 0)
  }

  func testWithoutInputTheProgramReadsNothing() throws {
    let result = try ChildProcess.run(Command(["cat"]))
    XCTAssertEqual(result.status, 0)
    XCTAssertEqual(result.outputText, "")
  }

  func testTheExtraDescriptorIsAPipeOfItsOwn() throws {
    var command = Command(["sh", "-c", "echo text; echo record >&3"])
    command.extraDescriptor = 3
    let child = try ChildProcess(command)
    child.waitForExit()
    XCTAssertEqual(child.exitCode, 0)
    XCTAssertEqual(try readAll(child.extra!), "record\n")
    XCTAssertEqual(try readAll(child.output), "text\n")
  }

  /// Only 0, 1, 2 (and the extra descriptor) reach the program, whatever
  /// this process has open without close-on-exec.
  func testNothingElseIsInherited() throws {
    let leaked = open("/dev/null", O_RDONLY)  // no O_CLOEXEC
    defer { close(leaked) }
    let result = try ChildProcess.run(Command(["sh", "-c", "ls /proc/self/fd"]))
    let descriptors = Set(result.outputText.split(separator: "\n").compactMap { Int32($0) })
    // ls's own directory descriptor is the one above 2.
    XCTAssertFalse(descriptors.contains(leaked), "\(descriptors)")
    XCTAssertEqual(descriptors.filter { $0 > 2 }.count, 1, "\(descriptors)")
  }

  /// With the extra pipe on 5, descriptors 3 and 4 are not this process's.
  func testBelowAHigherExtraDescriptorNothingLeaks() throws {
    let leaked = (open("/dev/null", O_RDONLY), open("/dev/null", O_RDONLY))
    defer { (close(leaked.0), close(leaked.1)) }
    var command = Command(["sh", "-c", "ls /proc/self/fd"])
    command.extraDescriptor = 5
    let result = try ChildProcess.run(command)
    let descriptors = Set(result.outputText.split(separator: "\n").compactMap { Int32($0) })
    // 0, 1, 2, 5, and ls's own directory descriptor (the lowest free: 3).
    XCTAssertEqual(descriptors, [0, 1, 2, 3, 5], "\(descriptors)")
  }

  func testAProcessGroupOfItsOwn() throws {
    var command = Command(["sh", "-c", "ps -o pgid= -p $$"])
    command.ownProcessGroup = true
    let child = try ChildProcess(command)
    var output = Data()
    child.readToEnd { chunk, _ in output.append(chunk) }
    child.waitForExit()
    let group = String(decoding: output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    XCTAssertEqual(group, "\(child.pid)")

    let inherited = try ChildProcess.run(Command(["sh", "-c", "ps -o pgid= -p $$"]))
    XCTAssertEqual(inherited.outputText.trimmingCharacters(in: .whitespacesAndNewlines), "\(getpgrp())")
  }

  func testDirectoryEnvironmentAndTheChildsPath() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("launcher-\(UUID())")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let tool = folder.appendingPathComponent("only-here")
    try Data("#!/bin/sh\necho \"$GREETING from $(pwd)\"\n".utf8).write(to: tool)
    chmod(tool.path, 0o755)
    // Found on the child's PATH, which is not this process's.
    let result = try ChildProcess.run(
      Command(
        ["only-here"], in: folder.path,
        environment: ["PATH": folder.path + ":/usr/bin:/bin", "GREETING": "hello"]))
    XCTAssertEqual(result.outputText, "hello from \(folder.resolvingSymlinksInPath().path)\n")
  }

  func testAMissingProgramIsNamed() {
    XCTAssertThrowsError(try ChildProcess.run(Command(["no-such-program-here"]))) {
      XCTAssertTrue("\($0)".contains("cannot start no-such-program-here"), "\($0)")
    }
  }

  func testRegisteringSeesThePidAndUnwaitedHoldsItUntilWaitedFor() throws {
    var seen: pid_t = 0
    let child = try ChildProcess(Command(["sh", "-c", "exit 0"]), registering: { seen = $0 })
    XCTAssertEqual(seen, child.pid)
    XCTAssertTrue(ChildProcess.unwaited.contains(child.pid))
    child.waitForExit()
    XCTAssertFalse(ChildProcess.unwaited.contains(child.pid))
  }

  func testLinesComeWithTheirStream() throws {
    var command = Command(["sh", "-c", "printf 'a\\nb'; printf 'c\\n' >&2"])
    command.separateErrors = true
    let child = try ChildProcess(command)
    var lines: [String] = []
    child.readLines { lines.append(($1 ? "err " : "out ") + $0) }
    child.waitForExit()
    XCTAssertEqual(lines.sorted(), ["err c", "out a", "out b"])
  }

  private func readAll(_ descriptor: Int32) throws -> String {
    var data = Data()
    var buffer = [UInt8](repeating: 0, count: 4096)
    while true {
      let count = read(descriptor, &buffer, buffer.count)
      if count > 0 {
        data.append(contentsOf: buffer[0..<count])
      } else if count < 0 && errno == EAGAIN {
        usleep(1000)
      } else {
        break
      }
    }
    return String(decoding: data, as: UTF8.self)
  }
}
