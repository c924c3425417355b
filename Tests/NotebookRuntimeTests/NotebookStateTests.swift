import Foundation
import NNCore
import NotebookProtocol
import XCTest

@testable import NotebookRuntime

/// A restored state is one that cannot be told from the computed one:
/// training goes on bit for bit, through the generated program's calls.
final class NotebookStateTests: XCTestCase {
  private var directory: URL!

  override func setUpWithError() throws {
    directory = FileManager.default.temporaryDirectory.appendingPathComponent("nbrun-state-\(UUID())")
  }

  override func tearDownWithError() throws {
    try? FileManager.default.removeItem(at: directory)
  }

  private func makeModel() -> Sequential {
    Sequential {
      Dense(6 => 4, activation: .relu).named("encoder")
      Dropout(keep: 0.8)
      Dense(4 => 6, activation: .sigmoid).named("decoder")
    }
  }

  /// One Adam step on the reconstruction loss; returns the loss.
  private func step(_ model: Sequential, _ adam: Adam, _ x: Tensor) throws -> Float {
    let (loss, gradients) = try valueAndGrad(model) { mse(try $0(x), x) }
    adam.update(model, along: gradients)
    return loss
  }

  /// "Train 3 steps, save model and optimizer as two variables, restore
  /// them into fresh objects, train 3 more" equals "train 6 steps". The
  /// optimizer is saved first, so it codes the parameters and the model
  /// refers to them; dropout draws from the restored generator.
  func testTrainingAfterARestoreContinuesBitForBit() throws {
    Random.seed(21)
    let x = Tensor.randomUniform(shape: [5, 6], in: 0...1)

    Random.seed(1)
    let (model, adam) = (makeModel(), Adam(learningRate: 0.05))
    let expected = try (0..<6).map { _ in try step(model, adam, x) }

    Random.seed(1)
    let (first, firstAdam) = (makeModel(), Adam(learningRate: 0.05))
    let before = try (0..<3).map { _ in try step(first, firstAdam, x) }
    _ = try StateArchive(directory: directory).save(
      [StateVariable("optimizer", line: 2, firstAdam), StateVariable("model", line: 1, first)],
      random: Random.generator, after: 0, key: "k")
    Random.seed(777)  // what the rest of the first run would have drawn is irrelevant now

    let (values, random) = try StateArchive(directory: directory).load("k")
    Random.generator = random
    let restoredModel = try XCTUnwrap(values["model"] as? Sequential)
    let restoredAdam = try XCTUnwrap(values["optimizer"] as? Adam)
    XCTAssertFalse(restoredModel === first)
    XCTAssertEqual(restoredAdam.step, 3)
    let after = try (0..<3).map { _ in try step(restoredModel, restoredAdam, x) }

    XCTAssertEqual((before + after).map(\.bitPattern), expected.map(\.bitPattern))
    for ((path, parameter), (_, reference)) in zip(restoredModel.parameters, model.parameters) {
      XCTAssertEqual(
        parameter.value.scalars.map(\.bitPattern), reference.value.scalars.map(\.bitPattern), path)
    }
  }

  /// The API the generated program calls: save after a cell, then resume
  /// and restore by inference from the initializer, by annotation, and an
  /// existential variable as its dynamic type.
  func testSaveResumeAndRestoreThroughTheEnvironment() throws {
    setenv(StateSnapshots.directoryVariable, directory.path, 1)
    setenv(StateSnapshots.keysVariable, "first,second", 1)
    Random.seed(12)
    let model: any Layer = Sequential { Dense(2 => 2) }
    let weights: Initializer = .truncatedNormal(std: 0.1)
    NotebookState.save(
      after: 1,
      [
        StateVariable("epochs", line: 4, 7), StateVariable("weights", line: 5, weights),
        StateVariable("model", line: 6, model),
      ])
    let manifest = try JSONDecoder().decode(
      StateManifest.self, from: Data(contentsOf: directory.appendingPathComponent("second/manifest.json")))
    XCTAssertEqual(manifest.variables, ["epochs", "weights", "model"])
    let expected = Tensor.randomNormal(shape: [4])

    Random.seed(3)
    NotebookState.resume(after: 1)
    let epochs = NotebookState.restore("epochs", like: { 1 + 1 })
    let restoredWeights: Initializer = NotebookState.restore("weights", as: Initializer.self)
    let restoredModel: any Layer = NotebookState.restore("model", as: (any Layer).self)
    XCTAssertEqual(epochs, 7)
    XCTAssertEqual(restoredWeights, weights)
    XCTAssertTrue(restoredModel is Sequential)
    XCTAssertEqual(restoredModel.parameters.map(\.parameter.value), model.parameters.map(\.parameter.value))
    XCTAssertEqual(Tensor.randomNormal(shape: [4]), expected, "the generator continues where it was saved")
  }
}
