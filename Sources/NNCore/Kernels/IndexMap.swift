/// Where each element goes in a pool, unpool or resize. Values only move
/// within their sample, so a map is either one index per element of the
/// whole batch (a pool's argmax) or one sample's map, the same for every
/// sample (a fixed resize), which stays small whatever the batch size.
struct IndexMap {
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
    let samples = shape[0]
    let (from, to) = (count / Swift.max(samples, 1), shape.dropFirst().reduce(1, *))
    return Tensor(shape: shape) { out in
      withUnsafeBufferPointer { values in
        map.indices.withUnsafeBufferPointer { indices in
          forEachSample(samples, elements: from) { b in
            let (source, target) = (values.baseAddress! + b * from, out.baseAddress! + b * to)
            let targets = map.isPerSample ? indices.baseAddress! : indices.baseAddress! + b * from
            let base = map.isPerSample ? target : out.baseAddress!
            for i in 0..<from { base[Int(targets[i])] += source[i] }
          }
        }
      }
    }
  }

  /// The elements of `self` that `map` picks, shaped `shape`: the adjoint
  /// of `scattered`.
  func gathered(from map: IndexMap, shape: [Int]) -> Tensor {
    let samples = shape[0]
    let (from, to) = (count / Swift.max(samples, 1), shape.dropFirst().reduce(1, *))
    return Tensor(shape: shape, zeroed: false) { out in
      withUnsafeBufferPointer { values in
        map.indices.withUnsafeBufferPointer { indices in
          forEachSample(samples, elements: to) { b in
            let (source, target) = (values.baseAddress! + b * from, out.baseAddress! + b * to)
            let sources = map.isPerSample ? indices.baseAddress! : indices.baseAddress! + b * to
            let base = map.isPerSample ? source : values.baseAddress!
            for i in 0..<to { target[i] = base[Int(sources[i])] }
          }
        }
      }
    }
  }
}

/// Runs `body(sample)` for every sample, one share of them per core; a
/// sample has `elements` elements to visit. Pools, unpools and resizes only
/// move values within a sample, so shares never write the same element.
private func forEachSample(_ samples: Int, elements: Int, _ body: (Int) -> Void) {
  let minimum = max(1, elementsPerChunk / max(elements, 1))
  parallelChunks(samples, minimumPerChunk: minimum) { _, share in
    for sample in share { body(sample) }
  }
}
