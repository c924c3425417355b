/// Whole vectors read from and written to element buffers at any offset,
/// for loops the compiler does not vectorise on its own (aliasing it cannot
/// rule out, selects, square roots).
extension UnsafePointer {
  @inline(__always)
  func vector<V: SIMD>(at offset: Int, as _: V.Type = V.self) -> V where V.Scalar == Pointee {
    UnsafeRawPointer(self + offset).loadUnaligned(as: V.self)
  }
}

extension UnsafeMutablePointer {
  @inline(__always)
  func vector<V: SIMD>(at offset: Int, as _: V.Type = V.self) -> V where V.Scalar == Pointee {
    UnsafeRawPointer(self + offset).loadUnaligned(as: V.self)
  }

  @inline(__always)
  func store<V: SIMD>(_ vector: V, at offset: Int) where V.Scalar == Pointee {
    UnsafeMutableRawPointer(self + offset).storeBytes(of: vector, as: V.self)
  }
}
