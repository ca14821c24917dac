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

  /// Room for every segment, allocated once: a class's stored `var` is
  /// checked for exclusive access at run time on every use, and `address`
  /// runs per lookup.
  private let segments = UnsafeMutablePointer<UnsafeMutableRawPointer>.allocate(
    capacity: ByteArena.maxSegments)
  private var segmentCount = 0
  /// Bytes used in the last segment.
  private var used = ByteArena.segmentSize

  deinit {
    for index in 0..<segmentCount { stability_table_free(segments[index], Self.segmentSize) }
    segments.deallocate()
  }

  /// The bytes of the segments allocated so far.
  var size: Int { segmentCount * Self.segmentSize }

  /// Reserves `size` zeroed bytes, 8-byte aligned, and returns their
  /// position; nil when `size` exceeds a segment, the arena is full or
  /// memory ran out. Every entry takes at least 8 bytes, so no position
  /// points past the end of a full segment.
  func allocate(_ size: Int) -> UInt32? {
    let size = max(8, (size + 7) & ~7)
    guard size <= Self.segmentSize else { return nil }
    if used + size > Self.segmentSize {
      guard segmentCount < Self.maxSegments,
        let segment = stability_table_alloc(Self.segmentSize)
      else { return nil }
      (segments + segmentCount).initialize(to: segment)
      segmentCount += 1
      used = 0
    }
    // Segments come zeroed, and nothing is reused.
    let position = UInt32((segmentCount - 1) << Self.offsetBits | used)
    used += size
    return position
  }

  /// Where `position` is.
  func address(_ position: UInt32) -> UnsafeMutableRawPointer {
    segments[Int(position >> UInt32(Self.offsetBits))]
      + Int(position & UInt32(Self.segmentSize - 1))
  }
}
