import NNCore

// Post 000, notebooks/conv-autoencoder-wavelet.md: a denoising convolutional
// autoencoder on digits, and a convolutional autoencoder of 1-D signals.
// Every weight and bias is drawn from N(0, 0.1²), as the post's
// `tf.random_normal`.

extension ModelZoo {
  static let post000 = [
    ZooModel(
      name: "post000-cae", notebook: Post000.notebook, notebookExpression: "cae", batchSize: 128,
      sampleShape: [28, 28, 1], data: .images, loss: .sse, optimizer: AdamSettings(learningRate: 0.001),
      build: Post000.convolutionalAutoencoder),
    ZooModel(
      name: "post000-signal", notebook: Post000.notebook, notebookExpression: "wave", batchSize: 1,
      sampleShape: [1, 100, 1], data: .signals, loss: .sse, optimizer: AdamSettings(learningRate: 0.001),
      build: Post000.signalAutoencoder),
  ]
}

enum Post000 {
  static let notebook = "notebooks/conv-autoencoder-wavelet.md"
  static let init0: Initializer = .normal(std: 0.1)

  static func conv(_ c: ChannelPair) -> Conv2D {
    Conv2D(c, kernel: 5, stride: 2, activation: .sigmoid, initializer: init0, biasInitializer: init0)
  }

  /// Going from 4 to 7 is one of several sizes a stride-2 layer could
  /// produce, so each layer names its output size, as the post's
  /// `conv2d_transpose` does.
  static func deconv(_ c: ChannelPair, to size: Size2D) -> ConvTranspose2D {
    ConvTranspose2D(
      c, kernel: 5, stride: 2, outputSize: size, activation: .sigmoid, initializer: init0,
      biasInitializer: init0)
  }

  static func convolutionalAutoencoder() -> Sequential {
    Sequential {
      Sequential {
        conv(1 => 16); Dropout(keep: 0.7)
        conv(16 => 32); Dropout(keep: 0.7)
        conv(32 => 64)  // the post's third dropout never reaches the decoder
      }.named("encoder")
      Sequential {
        deconv(64 => 32, to: [7, 7]); Dropout(keep: 0.7)
        deconv(32 => 16, to: [14, 14]); Dropout(keep: 0.7)
        deconv(16 => 1, to: [28, 28]); Dropout(keep: 0.7)
      }.named("decoder")
    }
  }

  static func signalConv(_ k: Size2D) -> Conv2D {
    Conv2D(1 => 1, kernel: k, activation: .tanh, initializer: init0, biasInitializer: init0)
  }

  static func signalDeconv(_ k: Size2D) -> ConvTranspose2D {
    ConvTranspose2D(1 => 1, kernel: k, activation: .tanh, initializer: init0, biasInitializer: init0)
  }

  /// Each signal as a 1x100 image: 1x5 and 1x25 convolutions mirrored by
  /// transposed ones, tanh, dropout after all four.
  static func signalAutoencoder() -> Sequential {
    Sequential {
      Sequential {
        signalConv([1, 5]).named("conv1"); Dropout(keep: 0.7)
        signalConv([1, 25]).named("conv2"); Dropout(keep: 0.7)
      }.named("encoder")
      Sequential {
        signalDeconv([1, 25]); Dropout(keep: 0.7)
        signalDeconv([1, 5]); Dropout(keep: 0.7)
      }.named("decoder")
    }
  }
}
