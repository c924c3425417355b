import NNCore

// Post 002, notebooks/keras-dense-autoencoder.md: Keras's dense autoencoder,
// Glorot-uniform weights and zero biases (`Dense`'s defaults, as Keras's),
// mse, Adam at Keras 2.0's defaults (0.001, epsilon 1e-8), batches of 128.

extension ModelZoo {
  static let post002 = [
    ZooModel(
      name: "post002-dense", notebook: "notebooks/keras-dense-autoencoder.md",
      notebookExpression: "autoencoder()", batchSize: 128, sampleShape: [28, 28, 1], data: .images,
      loss: .mse, optimizer: AdamSettings(learningRate: 0.001, epsilon: 1e-8), build: Post002.autoencoder)
  ]
}

enum Post002 {
  static func autoencoder() -> Sequential {
    Sequential {
      Flatten()
      Dense(784 => 196, activation: .relu)
      Dense(196 => 49, activation: .relu)
      Dense(49 => 196, activation: .relu)
      Dense(196 => 784, activation: .sigmoid)
      Reshape([28, 28, 1])
    }
  }
}
