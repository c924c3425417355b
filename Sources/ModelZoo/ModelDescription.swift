import Foundation
import NNCore

/// A zoo model as data (`nbbench --export-models`): everything a peer in
/// another framework needs to build and train the same model, so that no
/// architecture is written down a second time in Python.
public struct ModelDescription: Codable, Equatable, Sendable {
  public var name: String
  public var notebook: String
  public var batchSize: Int
  public var sampleShape: [Int]
  public var data: ZooData
  public var loss: ZooLoss
  public var optimizer: OptimizerSpec
  /// Trainable scalars, for the peer to check its build against.
  public var parameterCount: Int
  /// Multiply-adds of one sample's forward pass through its products.
  public var multiplyAccumulates: Int
  /// How the model prints (`description`), as the notebook shows it.
  public var constructor: String
  /// The leaves in the order they run (every container here is a chain).
  public var layers: [LayerSpec]

  public struct OptimizerSpec: Codable, Equatable, Sendable {
    public var name = "adam"
    public var learningRate: Float
    public var beta1: Float
    public var beta2: Float
    public var epsilon: Float
  }
}

extension ZooModel {
  /// This model as data; throws if it holds a layer peers cannot build or
  /// a container that is not a chain.
  public func described() throws -> ModelDescription {
    let model = build()
    var layers: [LayerSpec] = []
    var input = [1] + sampleShape
    for (path, output) in try model.outputShapes(for: input) {
      guard let layer = model.layer(at: path) else {
        throw ZooExportError(message: "\(name): no layer at \(path)")
      }
      layers.append(try LayerSpec(layer, path: path, input: input, output: output))
      input = output
    }
    try requireChains(model, path: "")
    return ModelDescription(
      name: name, notebook: notebook, batchSize: batchSize, sampleShape: sampleShape, data: data, loss: loss,
      optimizer: .init(
        learningRate: optimizer.learningRate, beta1: optimizer.beta1, beta2: optimizer.beta2,
        epsilon: optimizer.epsilon),
      parameterCount: model.parameterCount,
      multiplyAccumulates: try model.multiplyAccumulates(sampleShape: sampleShape),
      constructor: model.description, layers: layers)
  }

  /// Peers rebuild a model as one chain of its leaves: that is only the
  /// same model when every container in it is a `Sequential`.
  private func requireChains(_ layer: any Layer, path: String) throws {
    guard !layer.children.isEmpty else { return }
    guard layer is Sequential else {
      throw ZooExportError(
        message: "\(name): \(path.isEmpty ? "the model" : path) is a \(layer.constructor), not a chain")
    }
    for child in layer.children {
      try requireChains(child.layer, path: path.isEmpty ? child.name : "\(path).\(child.name)")
    }
  }
}

extension Layer {
  /// Multiply-adds of one forward pass of one sample through the product
  /// layers (dense, convolutions), from the shapes the layers state.
  public func multiplyAccumulates(sampleShape: [Int]) throws -> Int {
    var input = [1] + sampleShape
    var total = 0
    for (path, output) in try outputShapes(for: [1] + sampleShape) {
      switch layer(at: path) {
      case let dense as Dense: total += dense.channels.input * dense.channels.output
      case let conv as Conv2D:
        total +=
          output[1] * output[2] * conv.kernel.height * conv.kernel.width
          * conv.channels.input * conv.channels.output
      case let deconv as ConvTranspose2D:
        total +=
          input[1] * input[2] * deconv.kernel.height * deconv.kernel.width
          * deconv.channels.input * deconv.channels.output
      default: break
      }
      input = output
    }
    return total
  }
}
