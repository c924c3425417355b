import NNCore

// Post 003, notebooks/deconvolution-and-unpooling.md: three ways back up from
// a 7x7x32 code. 5x5 kernels throughout, SAME padding, truncated-normal
// weights (the post's weight_variable), relu encoders with bias 0.1 (its
// bias_variable), decoders without a bias; mse, Adam at 0.01, batches of 60.

extension ModelZoo {
  static let post003 = [
    ZooModel(
      name: "post003-deconv", notebook: Post003.notebook, notebookExpression: "makeDeconvolution()",
      batchSize: 60, sampleShape: [28, 28, 1], data: .images, loss: .mse,
      optimizer: AdamSettings(learningRate: 0.01), build: Post003.makeDeconvolution),
    ZooModel(
      name: "post003-unpool-zero", notebook: Post003.notebook, notebookExpression: "makeZeroFill()",
      batchSize: 60, sampleShape: [28, 28, 1], data: .images, loss: .mse,
      optimizer: AdamSettings(learningRate: 0.01), build: Post003.makeZeroFill),
    ZooModel(
      name: "post003-unpool-nearest", notebook: Post003.notebook, notebookExpression: "makeNearest()",
      batchSize: 60, sampleShape: [28, 28, 1], data: .images, loss: .mse,
      optimizer: AdamSettings(learningRate: 0.01), build: Post003.makeNearest),
  ]
}

enum Post003 {
  static let notebook = "notebooks/deconvolution-and-unpooling.md"
  static let weights: Initializer = .truncatedNormal(std: 0.1)

  /// An encoder convolution: relu, bias 0.1.
  static func conv(_ c: ChannelPair, stride: Size2D = 1) -> Conv2D {
    Conv2D(
      c, kernel: 5, stride: stride, activation: .relu, initializer: weights, biasInitializer: .constant(0.1))
  }

  /// A decoder layer, the post's deconv2d: conv2d_transpose and an activation, no bias.
  static func deconv(_ c: ChannelPair, stride: Size2D = 1, _ activation: ActivationFunction)
    -> ConvTranspose2D
  {
    ConvTranspose2D(c, kernel: 5, stride: stride, activation: activation, initializer: weights, bias: false)
  }

  /// Strided convolutions down (28 → 14 → 7), strided transposed ones up.
  static func makeDeconvolution() -> Sequential {
    Sequential {
      Sequential {
        conv(1 => 16, stride: 2); conv(16 => 32, stride: 2)
      }.named("encoder")
      Sequential {
        deconv(32 => 16, stride: 2, .relu).named("conv1")
        deconv(16 => 1, stride: 2, .relu).named("conv2")
      }.named("decoder")
    }
  }

  static func pooledEncoder() -> Sequential {
    Sequential {
      conv(1 => 16); MaxPool2D(size: 2); conv(16 => 32); MaxPool2D(size: 2)
    }
  }

  /// Max pooling down; up by the post's `max_unpool_2x2`, each value in the
  /// top-left corner of its 2x2 block.
  static func makeZeroFill() -> Sequential {
    Sequential {
      pooledEncoder().named("encoder")
      Sequential {
        deconv(32 => 16, .sigmoid).named("conv1"); MaxUnpool2D(zeroFill: 2).named("unpool1")
        deconv(16 => 1, .sigmoid).named("conv2"); MaxUnpool2D(zeroFill: 2).named("unpool2")
      }.named("decoder")
    }
  }

  /// Max pooling down; up by nearest-neighbour resizing to twice the size.
  static func makeNearest() -> Sequential {
    Sequential {
      pooledEncoder().named("encoder")
      Sequential {
        deconv(32 => 16, .sigmoid).named("conv1"); Upsample(factor: 2).named("unpool1")
        deconv(16 => 1, .sigmoid).named("conv2"); Upsample(factor: 2).named("unpool2")
      }.named("decoder")
    }
  }
}
