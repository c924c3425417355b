import XCTest

@testable import NNCore

/// The three convolution products as plain loops in double precision, each
/// written from its definition (not from the others), with the sum of the
/// terms' magnitudes per element: the scale a float32 result's rounding
/// error is measured against.
struct ReferenceConvolution {
  var geometry: ConvGeometry
  var features: Int

  /// Calls `visit(imageIndex, weightIndex, rowIndex)` for every term of
  /// the convolution: image element times weight adds to a row element.
  func forEachTerm(_ visit: (Int, Int, Int) -> Void) {
    let g = geometry
    for n in 0..<g.batch {
      for oh in 0..<g.outputHeight {
        for ow in 0..<g.outputWidth {
          for i in 0..<g.kernel.height {
            for j in 0..<g.kernel.width {
              let (ih, iw) = (oh * g.stride.height - g.padTop + i, ow * g.stride.width - g.padLeft + j)
              guard ih >= 0, ih < g.inputHeight, iw >= 0, iw < g.inputWidth else { continue }
              for c in 0..<g.channels {
                for f in 0..<features {
                  visit(
                    ((n * g.inputHeight + ih) * g.inputWidth + iw) * g.channels + c,
                    ((i * g.kernel.width + j) * g.channels + c) * features + f,
                    ((n * g.outputHeight + oh) * g.outputWidth + ow) * features + f)
                }
              }
            }
          }
        }
      }
    }
  }

  typealias Exact = (values: [Double], magnitudes: [Double])

  /// rows = conv(image, weights) + bias.
  func gather(_ image: [Float], _ weights: [Float], bias: [Float]? = nil) -> Exact {
    let count = geometry.patchCount * features
    var values = (0..<count).map { Double(bias?[$0 % features] ?? 0) }
    var magnitudes = values.map(abs)
    forEachTerm { x, w, y in
      let term = Double(image[x]) * Double(weights[w])
      values[y] += term
      magnitudes[y] += abs(term)
    }
    return (values, magnitudes)
  }

  /// image[x] = sum over the terms reading x of rows * weights, + bias.
  func scatter(_ rows: [Float], _ weights: [Float], bias: [Float]? = nil) -> Exact {
    let g = geometry
    let count = g.batch * g.inputHeight * g.inputWidth * g.channels
    var values = (0..<count).map { Double(bias?[$0 % g.channels] ?? 0) }
    var magnitudes = values.map(abs)
    forEachTerm { x, w, y in
      let term = Double(rows[y]) * Double(weights[w])
      values[x] += term
      magnitudes[x] += abs(term)
    }
    return (values, magnitudes)
  }

  /// weights[w] = sum over the terms using w of image * rows.
  func correlate(_ image: [Float], _ rows: [Float]) -> Exact {
    var values = [Double](repeating: 0, count: geometry.patchSize * features)
    var magnitudes = values
    forEachTerm { x, w, y in
      let term = Double(image[x]) * Double(rows[y])
      values[w] += term
      magnitudes[w] += abs(term)
    }
    return (values, magnitudes)
  }
}

/// Every element of `actual` within float32 rounding of the exact value:
/// 1e-5 of the sum of its terms' magnitudes (an index error is off by a
/// whole term).
func assertMatches(
  _ actual: Tensor, _ exact: ReferenceConvolution.Exact, _ what: String, file: StaticString = #filePath,
  line: UInt = #line
) {
  let values = actual.scalars
  XCTAssertEqual(values.count, exact.values.count, what, file: file, line: line)
  for (i, value) in values.enumerated() {
    let error = abs(Double(value) - exact.values[i])
    if error > 1e-5 * exact.magnitudes[i] + 1e-30 {
      XCTFail("\(what): element \(i) is \(value), exactly \(exact.values[i])", file: file, line: line)
      return
    }
  }
}

extension ConvGeometry {
  /// A SAME or VALID geometry written in one line.
  init(
    batch: Int, _ height: Int, _ width: Int, _ channels: Int, kernel: Size2D, stride: Size2D, padding: Padding
  ) {
    self.init(
      batch: batch, inputHeight: height, inputWidth: width, channels: channels, kernel: kernel,
      stride: stride, padding: padding)
  }
}
