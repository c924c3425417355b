import Foundation

/// Everything whose change means a notebook must run again: its cells and
/// their options, the program nbrun generates from them (so a change to the
/// generator, such as how a `try` is wrapped, runs it again), and what the
/// state after every cell depends on (`CellKeys.inputs`: the parameters and
/// profile, the compiled core, the data files, the toolchain, the CPU, the
/// variables that reach the program). Prose is left out on purpose: editing
/// it only re-renders. The key is kept whole rather than hashed, so a match
/// is exact.
enum CacheKey {
  static func make(notebook: Notebook, parameters: Parameters, inputs: [String: String]) -> String {
    let cells = notebook.cells.map { cell in
      "\(cell.options.echo)|\(cell.options.expectError)|\(cell.options.timeout ?? 0)|\(cell.source)"
    }
    let parts: [String: Any] = [
      "cells": cells,
      "program": ProgramGenerator.program(for: notebook, parameters: parameters),
      "inputs": inputs,
    ]
    let json = try? JSONSerialization.data(withJSONObject: parts, options: [.sortedKeys])
    return json.map { String(decoding: $0, as: UTF8.self) } ?? ""
  }
}
