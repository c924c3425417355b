import NNCore

/// One model of the five posts, as the benchmark trains it: the post's
/// architecture, loss, optimiser and batch size.
struct BenchModel {
  var name: String
  var batchSize: Int
  /// The shape of one input sample (MNIST images are `[28, 28, 1]`).
  var sampleShape: [Int]
  var loss: LossFunction
  var learningRate: Float
  var make: () -> Sequential

  static var all: [BenchModel] {
    [
      BenchModel(
        name: "post000-cae", batchSize: 128, sampleShape: [28, 28, 1], loss: sse, learningRate: 0.001
      ) {
        let normal: Initializer = .normal(std: 0.1)
        return Sequential {
          for c in [1 => 16, 16 => 32, 32 => 64] {
            Conv2D(
              c, kernel: 5, stride: 2, activation: .sigmoid, initializer: normal, biasInitializer: normal)
            Dropout(keep: 0.7)
          }
          for (c, size) in [(64 => 32, 7), (32 => 16, 14), (16 => 1, 28)] {
            ConvTranspose2D(
              c, kernel: 5, stride: 2, outputSize: Size2D(size, size), activation: .sigmoid,
              initializer: normal, biasInitializer: normal)
            Dropout(keep: 0.7)
          }
        }
      },
      BenchModel(
        name: "post000-signal", batchSize: 1, sampleShape: [1, 100, 1], loss: sse, learningRate: 0.001
      ) {
        Sequential {
          Conv2D(1 => 1, kernel: [1, 5], activation: .tanh); Dropout(keep: 0.7)
          Conv2D(1 => 1, kernel: [1, 25], activation: .tanh); Dropout(keep: 0.7)
          ConvTranspose2D(1 => 1, kernel: [1, 25], activation: .tanh); Dropout(keep: 0.7)
          ConvTranspose2D(1 => 1, kernel: [1, 5], activation: .tanh); Dropout(keep: 0.7)
        }
      },
      BenchModel(
        name: "post001-dense", batchSize: 100, sampleShape: [28, 28, 1], loss: mse, learningRate: 0.01
      ) {
        dense([784, 256, 784], .sigmoid, last: .sigmoid)
      },
      BenchModel(
        name: "post001-dense2", batchSize: 100, sampleShape: [28, 28, 1], loss: mse, learningRate: 0.01
      ) {
        dense([784, 256, 128, 256, 784], .sigmoid, last: .sigmoid)
      },
      BenchModel(
        name: "post002-dense", batchSize: 128, sampleShape: [28, 28, 1], loss: mse, learningRate: 0.001
      ) {
        dense([784, 196, 49, 196, 784], .relu, last: .sigmoid)
      },
      BenchModel(
        name: "post003-deconv", batchSize: 60, sampleShape: [28, 28, 1], loss: mse, learningRate: 0.01
      ) {
        Sequential {
          Conv2D(1 => 16, kernel: 5, stride: 2, activation: .relu)
          Conv2D(16 => 32, kernel: 5, stride: 2, activation: .relu)
          ConvTranspose2D(32 => 16, kernel: 5, stride: 2, activation: .relu)
          ConvTranspose2D(16 => 1, kernel: 5, stride: 2, activation: .relu)
        }
      },
      BenchModel(
        name: "post003-unpool-zero", batchSize: 60, sampleShape: [28, 28, 1], loss: mse, learningRate: 0.01
      ) {
        pooled { MaxUnpool2D(zeroFill: 2) }
      },
      BenchModel(
        name: "post003-unpool-nearest", batchSize: 60, sampleShape: [28, 28, 1], loss: mse, learningRate: 0.01
      ) {
        pooled { Upsample(factor: 2) }
      },
      BenchModel(
        name: "post004-dense", batchSize: 200, sampleShape: [28, 28, 1], loss: logitLoss, learningRate: 0.001
      ) {
        dense([784, 32, 784], .relu, last: .identity)
      },
      BenchModel(
        name: "post004-conv", batchSize: 200, sampleShape: [28, 28, 1], loss: logitLoss, learningRate: 0.001
      ) {
        upsampling(16, 8, 8)
      },
      BenchModel(
        name: "post004-denoise", batchSize: 200, sampleShape: [28, 28, 1], loss: logitLoss,
        learningRate: 0.001
      ) {
        upsampling(32, 32, 16)
      },
    ]
  }
}

private func logitLoss(_ logits: Tensor, _ labels: Tensor) -> Tensor {
  sigmoidCrossEntropy(logits: logits, labels: labels)
}

private func dense(_ sizes: [Int], _ hidden: ActivationFunction, last: ActivationFunction) -> Sequential {
  Sequential {
    Flatten()
    for i in 0..<(sizes.count - 1) {
      Dense(sizes[i] => sizes[i + 1], activation: i == sizes.count - 2 ? last : hidden)
    }
    Reshape([28, 28, 1])
  }
}

private func pooled(_ grow: () -> any Layer) -> Sequential {
  Sequential {
    Conv2D(1 => 16, kernel: 5, activation: .relu); MaxPool2D(size: 2)
    Conv2D(16 => 32, kernel: 5, activation: .relu); MaxPool2D(size: 2)
    ConvTranspose2D(32 => 16, kernel: 5, activation: .sigmoid); grow()
    ConvTranspose2D(16 => 1, kernel: 5, activation: .sigmoid); grow()
  }
}

private func upsampling(_ a: Int, _ b: Int, _ c: Int) -> Sequential {
  Sequential {
    Conv2D(1 => a, kernel: 3, activation: .relu); MaxPool2D(size: 2)
    Conv2D(a => b, kernel: 3, activation: .relu); MaxPool2D(size: 2)
    Conv2D(b => c, kernel: 3, activation: .relu); MaxPool2D(size: 2)
    Upsample(size: [7, 7]); Conv2D(c => c, kernel: 3, activation: .relu)
    Upsample(size: [14, 14]); Conv2D(c => b, kernel: 3, activation: .relu)
    Upsample(size: [28, 28]); Conv2D(b => a, kernel: 3, activation: .relu)
    Conv2D(a => 1, kernel: 3)
  }
}

extension Layer {
  /// Multiply-adds of one forward pass of one sample through the GEMM
  /// layers (dense, convolutions), from the shapes the layers state.
  func multiplyAccumulates(sampleShape: [Int]) throws -> Int {
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
