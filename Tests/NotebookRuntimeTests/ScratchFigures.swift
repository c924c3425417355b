import Foundation

/// Points `NBRUN_FIGURES` at a new scratch folder, so tests that draw
/// figures write them there and not into the working directory. Called
/// from a test class's `setUp()`, before the session is first used.
func useScratchFigureFolder() {
  setenv(
    "NBRUN_FIGURES",
    FileManager.default.temporaryDirectory.appendingPathComponent("nbrun-figures-\(UUID())").path, 1)
}
