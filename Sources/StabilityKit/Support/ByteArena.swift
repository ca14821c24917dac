/// Append-only memory in 4 MiB segments, addressed by a 32-bit position
/// (segment number, offset). What is stored never moves: growing allocates
/// a segment instead of copying everything (so memory never briefly holds
/// two copies of a large table). Used by one thread at a time.
final class ByteArena {
  private static let offsetBits = 22
  static let segmentSize = 1 << offsetBits
  private static let maxSegments = 1023

  private var segments: [UnsafeMutableRawPointer] = []
  /// Bytes used in the last segment.
  private var used = ByteArena.segmentSize

  deinit { segments.forEach { $0.deallocate() } }

  /// Reserves `size` zeroed bytes, 8-byte aligned, and returns their
  /// position; nil when `size` exceeds a segment or the arena is full.
  func allocate(_ size: Int) -> UInt32? {
    let size = (size + 7) & ~7
    guard size <= Self.segmentSize else { return nil }
    if used + size > Self.segmentSize {
      guard segments.count < Self.maxSegments else { return nil }
      let segment = UnsafeMutableRawPointer.allocate(byteCount: Self.segmentSize, alignment: 8)
      segments.append(segment)
      used = 0
    }
    let position = UInt32((segments.count - 1) << Self.offsetBits | used)
    address(position).initializeMemory(as: UInt8.self, repeating: 0, count: size)
    used += size
    return position
  }

  /// Where `position` is.
  func address(_ position: UInt32) -> UnsafeMutableRawPointer {
    segments[Int(position >> UInt32(Self.offsetBits))]
      + Int(position & UInt32(Self.segmentSize - 1))
  }
}
