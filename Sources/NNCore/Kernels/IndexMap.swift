/// Where each element goes in a pool, unpool or resize. Values only move
/// within their sample, so a map is either one index per element of the
/// whole batch (a pool's argmax) or one sample's map, the same for every
/// sample (a fixed resize), which stays small whatever the batch size.
struct IndexMap {
  /// Non-negative and below the element count of the side they index (a
  /// sample's, or the batch's for batch-wide maps): every pointer offset
  /// below relies on it. `MaxPool2D` and the resizes build them so.
  var indices: [Int32]
  var isPerSample: Bool

  /// Indices into the whole batch.
  static func batch(_ indices: [Int32]) -> IndexMap { IndexMap(indices: indices, isPerSample: false) }
  /// Indices into one sample, for every sample.
  static func eachSample(_ indices: [Int32]) -> IndexMap { IndexMap(indices: indices, isPerSample: true) }
}

extension Tensor {
  /// A zero tensor of `shape` with each element of `self` added where `map`
  /// sends it: how a pool sends gradients back and how unpooling places
  /// values.
  func scattered(to map: IndexMap, shape: [Int]) -> Tensor {
    Tensor(shape: shape) { out in
      withUnsafeBufferPointer { values in
        // `forEachSample` hands out the listed side as mutable for the
        // gather below, which writes it; here `body` only reads `source`,
        // so the cast never writes `self`'s storage.
        map.forEachSample(shape[0], listing: UnsafeMutableBufferPointer(mutating: values), indexing: out) {
          indices, source, target in
          for i in 0..<source.count { target[Int(indices[i])] += source[i] }
        }
      }
    }
  }

  /// The elements of `self` that `map` picks, shaped `shape`: the adjoint
  /// of `scattered`.
  func gathered(from map: IndexMap, shape: [Int]) -> Tensor {
    Tensor(shape: shape, zeroed: false) { out in
      withUnsafeBufferPointer { values in
        // As in `scattered`: the indexed side is only read (`source[...]`),
        // so the mutable cast never writes `self`'s storage.
        map.forEachSample(shape[0], listing: out, indexing: UnsafeMutableBufferPointer(mutating: values)) {
          indices, target, source in
          for i in 0..<target.count { target[i] = source[Int(indices[i])] }
        }
      }
    }
  }
}

extension IndexMap {
  /// Calls `body(indices, listed, indexed)` for each of `samples`, one share
  /// of them per core: `listed` is the sample's part of the batch that has
  /// one element per index, `indices` its indices, and `indexed` where they
  /// count from (the sample's part of the other batch, or that whole batch
  /// for batch-wide indices). Values only move within a sample, so shares
  /// never write the same element.
  fileprivate func forEachSample(
    _ samples: Int, listing listed: UnsafeMutableBufferPointer<Float>,
    indexing indexed: UnsafeMutableBufferPointer<Float>,
    _ body: (UnsafePointer<Int32>, UnsafeMutableBufferPointer<Float>, UnsafeMutablePointer<Float>) -> Void
  ) {
    guard samples > 0, !listed.isEmpty, !indexed.isEmpty else { return }
    let (listedPerSample, indexedPerSample) = (listed.count / samples, indexed.count / samples)
    indices.withUnsafeBufferPointer { indices in
      let minimum = Swift.max(1, elementsPerChunk / Swift.max(listedPerSample, 1))
      _ = parallelChunks(samples, minimumPerChunk: minimum) { _, share in
        for b in share {
          let list = UnsafeMutableBufferPointer(
            rebasing: listed[(b * listedPerSample)..<((b + 1) * listedPerSample)])
          let map = isPerSample ? indices.baseAddress! : indices.baseAddress! + b * listedPerSample
          let base = isPerSample ? indexed.baseAddress! + b * indexedPerSample : indexed.baseAddress!
          body(map, list, base)
        }
      }
    }
  }
}
