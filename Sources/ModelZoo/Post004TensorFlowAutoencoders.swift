import NNCore

// Post 004, notebooks/tensorflow-autoencoders.md: three autoencoders ending
// in logits, trained on the sigmoid cross-entropy against the pixels; Adam at
// 0.001, batches of 200, TensorFlow's default initialisers (Glorot-uniform
// kernels, zero biases).

extension ModelZoo {
  static let post004 = [
    ZooModel(
      name: "post004-dense", notebook: Post004.notebook, notebookExpression: "dense", batchSize: 200,
      sampleShape: [28, 28, 1], data: .images, loss: .sigmoidCrossEntropy,
      optimizer: AdamSettings(learningRate: 0.001), build: Post004.dense),
    ZooModel(
      name: "post004-conv", notebook: Post004.notebook, notebookExpression: "conv", batchSize: 200,
      sampleShape: [28, 28, 1], data: .images, loss: .sigmoidCrossEntropy,
      optimizer: AdamSettings(learningRate: 0.001), build: { Post004.convolutional((16, 8, 8)) }),
    ZooModel(
      name: "post004-denoise", notebook: Post004.notebook, notebookExpression: "denoiser", batchSize: 200,
      sampleShape: [28, 28, 1], data: .images, loss: .sigmoidCrossEntropy,
      optimizer: AdamSettings(learningRate: 0.001), build: { Post004.convolutional((32, 32, 16)) }),
  ]
}

enum Post004 {
  static let notebook = "notebooks/tensorflow-autoencoders.md"

  /// 784 → 32 (relu) → 784 logits.
  static func dense() -> Sequential {
    Sequential {
      Flatten()
      Dense(784 => 32, activation: .relu)
      Dense(32 => 784)
      Reshape([28, 28, 1])
    }
  }

  /// 3x3 convolutions (SAME, relu) each followed by 2x2 max pooling
  /// (28 → 14 → 7 → 4), then nearest-neighbour resizing to 7, 14 and 28,
  /// each followed by a 3x3 convolution, and a last one to one channel of logits.
  static func convolutional(_ c: (Int, Int, Int)) -> Sequential {
    Sequential {
      Sequential {
        Conv2D(1 => c.0, kernel: 3, activation: .relu); MaxPool2D(size: 2)
        Conv2D(c.0 => c.1, kernel: 3, activation: .relu); MaxPool2D(size: 2)
        Conv2D(c.1 => c.2, kernel: 3, activation: .relu); MaxPool2D(size: 2)
      }.named("encoder")
      Sequential {
        Upsample(size: [7, 7]); Conv2D(c.2 => c.2, kernel: 3, activation: .relu)
        Upsample(size: [14, 14]); Conv2D(c.2 => c.1, kernel: 3, activation: .relu)
        Upsample(size: [28, 28]); Conv2D(c.1 => c.0, kernel: 3, activation: .relu)
        Conv2D(c.0 => 1, kernel: 3)
      }.named("decoder")
    }
  }
}
