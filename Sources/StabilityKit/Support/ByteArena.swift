import CSupport

/// Append-only memory in 4 MiB segments, addressed by a 32-bit position
/// (segment number, offset). What is stored never moves: growing allocates
/// a segment instead of copying everything (so memory never briefly holds
/// two copies of a large table). Segments are table memory
/// (`stability_table_alloc`: huge pages where offered), since entries are
/// read at random. Used by one thread at a time.
final class ByteArena {
  private static let offsetBits = 22
  static let segmentSize = 1 << offsetBits
  private static let maxSegments = 1023

  private var segments: [UnsafeMutableRawPointer] = []
  /// Bytes used in the last segment.
  private var used = ByteArena.segmentSize

  deinit { segments.forEach { stability_table_free($0, Self.segmentSize) } }

  /// Reserves `size` zeroed bytes, 8-byte aligned, and returns their
  /// position; nil when `size` exceeds a segment, the arena is full or
  /// memory ran out.
  func allocate(_ size: Int) -> UInt32? {
    let size = (size + 7) & ~7
    guard size <= Self.segmentSize else { return nil }
    if used + size > Self.segmentSize {
      guard segments.count < Self.maxSegments else { return nil }
      guard let segment = stability_table_alloc(Self.segmentSize) else { return nil }
      segments.append(segment)
      used = 0
    }
    // Segments come zeroed, and nothing is reused.
    let position = UInt32((segments.count - 1) << Self.offsetBits | used)
    used += size
    return position
  }

  /// Where `position` is.
  func address(_ position: UInt32) -> UnsafeMutableRawPointer {
    segments[Int(position >> UInt32(Self.offsetBits))]
      + Int(position & UInt32(Self.segmentSize - 1))
  }
}
