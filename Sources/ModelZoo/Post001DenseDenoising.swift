import NNCore

// Post 001, notebooks/dense-denoising-autoencoder.md: dense denoisers of
// flattened digits, sigmoid throughout, every weight and bias drawn from
// U(-1, 1) (`tf.random_uniform(shape, -1., 1.)`); Adam at 0.01, batches of 100.

extension ModelZoo {
  static let post001 = [
    ZooModel(
      name: "post001-dense", notebook: Post001.notebook, notebookExpression: "oneHiddenLayer()",
      batchSize: 100, sampleShape: [784], data: .images, loss: .mse,
      optimizer: AdamSettings(learningRate: 0.01), build: Post001.oneHiddenLayer),
    ZooModel(
      name: "post001-dense2", notebook: Post001.notebook, notebookExpression: "twoHiddenLayers()",
      batchSize: 100, sampleShape: [784], data: .images, loss: .mse,
      optimizer: AdamSettings(learningRate: 0.01), build: Post001.twoHiddenLayers),
  ]
}

enum Post001 {
  static let notebook = "notebooks/dense-denoising-autoencoder.md"
  static let wide: Initializer = .uniform(-1...1)

  /// The post's first case: 784 → 256 → 784.
  static func oneHiddenLayer() -> Sequential {
    Sequential {
      Dense(784 => 256, activation: .sigmoid, initializer: wide, biasInitializer: wide)
      Dense(256 => 784, activation: .sigmoid, initializer: wide, biasInitializer: wide)
    }
  }

  /// The post's second case: 784 → 256 → 128 → 256 → 784.
  static func twoHiddenLayers() -> Sequential {
    Sequential {
      Dense(784 => 256, activation: .sigmoid, initializer: wide, biasInitializer: wide)
      Dense(256 => 128, activation: .sigmoid, initializer: wide, biasInitializer: wide)
      Dense(128 => 256, activation: .sigmoid, initializer: wide, biasInitializer: wide)
      Dense(256 => 784, activation: .sigmoid, initializer: wide, biasInitializer: wide)
    }
  }
}
