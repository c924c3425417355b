/// The three convolution products (see `Convolution.swift`) through oneDNN:
/// `gather` is its forward pass, `scatter` its backward-data pass and
/// `correlate` its backward-weights pass, on the same NHWC images and HWIO
/// weights. Each returns nil when oneDNN cannot compute the shape, and the
/// caller takes the im2col path.
extension ConvGeometry {
  /// `rectified`: max(x, 0) applied in the same pass (a oneDNN post-op).
  func gatherThroughOneDNN(
    _ image: Tensor, _ weights: Tensor, plus bias: Tensor? = nil, rectified: Bool = false, shape: [Int]
  ) -> Tensor? {
    let features = weights.count / patchSize
    guard
      case .success(let primitive) = OneDNN.primitive(
        .gather, self, features: features, bias: bias != nil, rectified: rectified)
    else { return nil }
    return Tensor(shape: shape, zeroed: false) { out in
      image.withUnsafeBufferPointer { image in
        weights.withUnsafeBufferPointer { weights in
          (bias?.scalars ?? []).withUnsafeBufferPointer { bias in
            OneDNN.execute(
              primitive, image: image.baseAddress!, weights: weights.baseAddress!, bias: bias.baseAddress,
              rows: out.baseAddress!)
          }
        }
      }
    }
  }

  /// oneDNN's backward-data pass has no bias; it is added afterwards, in
  /// one sweep over the image.
  func scatterThroughOneDNN(_ rows: Tensor, _ weights: Tensor, plus bias: Tensor? = nil, shape: [Int])
    -> Tensor?
  {
    let features = weights.count / patchSize
    guard case .success(let primitive) = OneDNN.primitive(.scatter, self, features: features) else {
      return nil
    }
    var image = Tensor(shape: shape, zeroed: false) { image in
      rows.withUnsafeBufferPointer { rows in
        weights.withUnsafeBufferPointer { weights in
          OneDNN.execute(
            primitive, image: image.baseAddress!, weights: weights.baseAddress!, rows: rows.baseAddress!)
        }
      }
    }
    if let bias { image.addBiasToEveryPixel(bias) }
    return image
  }

  func correlateThroughOneDNN(_ image: Tensor, _ rows: Tensor, shape: [Int]) -> Tensor? {
    let features = rows.count / patchCount
    guard case .success(let primitive) = OneDNN.primitive(.correlate, self, features: features) else {
      return nil
    }
    return Tensor(shape: shape, zeroed: false) { weights in
      image.withUnsafeBufferPointer { image in
        rows.withUnsafeBufferPointer { rows in
          OneDNN.execute(
            primitive, image: image.baseAddress!, weights: weights.baseAddress!, rows: rows.baseAddress!)
        }
      }
    }
  }
}

extension Tensor {
  /// Adds `bias` (one value per channel, the last axis) to every pixel,
  /// the pixels spread over the cores.
  fileprivate mutating func addBiasToEveryPixel(_ bias: Tensor) {
    let channels = bias.count
    bias.withUnsafeBufferPointer { bias in
      withUnsafeMutableBufferPointer { image in
        let base = image.baseAddress!
        parallelChunks(image.count / channels, minimumPerChunk: Swift.max(1, elementsPerChunk / channels)) {
          _, pixels in
          for pixel in pixels {
            let target = base + pixel * channels
            for c in 0..<channels { target[c] += bias[c] }
          }
        }
      }
    }
  }
}
