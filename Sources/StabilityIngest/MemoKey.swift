import StabilityCore

/// The key cells (fingerprint, attributes) of one row, encoded for
/// `SeriesMemo`: per cell a tag — 0 NULL; 1 text, a 4-byte length and the
/// bytes; 2 integer or 3 real, 8 bytes — in one buffer that is rebuilt for
/// every row and never shrinks (plain copies, no generic array appends on
/// the per-row path). Owned by one interpreter.
package final class MemoKey {
  // Unchecked: a class's stored `var`s are otherwise checked for exclusive
  // access at run time on every use, and these are used per cell. One
  // interpreter owns the key and never reenters it.
  @exclusivity(unchecked) private var storage: UnsafeMutableRawPointer
  @exclusivity(unchecked) private var capacity: Int
  /// Bytes of the current key.
  @exclusivity(unchecked) private var count = 0

  package init(capacity: Int = 256) {
    storage = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 8)
    self.capacity = capacity
  }

  deinit { storage.deallocate() }

  /// The current key's bytes (valid until the next change).
  package var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: storage, count: count) }

  /// Starts the next row's key.
  package func removeAll() { count = 0 }

  /// Appends a text cell: tag 1, 4-byte length, bytes.
  package func append(text: UnsafeBufferPointer<UInt8>) {
    reserve(5 + text.count)
    storage.storeBytes(of: 1, toByteOffset: count, as: UInt8.self)
    storage.storeBytes(
      of: UInt32(truncatingIfNeeded: text.count).littleEndian, toByteOffset: count + 1,
      as: UInt32.self)
    if let base = text.baseAddress {
      (storage + count + 5).copyMemory(from: base, byteCount: text.count)
    }
    count += 5 + text.count
  }

  /// Appends a NULL cell: tag 0.
  func appendNull() {
    reserve(1)
    storage.storeBytes(of: 0, toByteOffset: count, as: UInt8.self)
    count += 1
  }

  /// Appends a number cell: tag 2 (integer) or 3 (real) and its 8 bytes;
  /// anything else as NULL.
  func append(number: SourceValue) {
    let (tag, bits): (UInt8, UInt64)
    switch number {
    case .integer(let value): (tag, bits) = (2, UInt64(bitPattern: value))
    case .real(let value): (tag, bits) = (3, value.bitPattern)
    case .null, .text: return appendNull()
    }
    reserve(9)
    storage.storeBytes(of: tag, toByteOffset: count, as: UInt8.self)
    storage.storeBytes(of: bits.littleEndian, toByteOffset: count + 1, as: UInt64.self)
    count += 9
  }

  /// Whether the key names its series one to one: only text (valid UTF-8,
  /// so its string keeps the same bytes) and NULL cells. A number cell is
  /// not: 316 and "316" are one series.
  var isCanonical: Bool {
    let bytes = self.bytes
    var offset = 0
    while offset < bytes.count {
      switch bytes[offset] {
      case 0: offset += 1
      case 1:
        let length = Int(
          UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset + 1, as: UInt32.self)))
        let text = UnsafeRawBufferPointer(rebasing: bytes[(offset + 5)..<(offset + 5 + length)])
        // ASCII (nearly every key) is valid as it is.
        guard text.allSatisfy({ $0 < 0x80 }) || String(validating: text, as: UTF8.self) != nil
        else { return false }
        offset += 5 + length
      default: return false
      }
    }
    return true
  }

  private func reserve(_ extra: Int) {
    guard count + extra > capacity else { return }
    let grown = max(capacity * 2, count + extra)
    let larger = UnsafeMutableRawPointer.allocate(byteCount: grown, alignment: 8)
    larger.copyMemory(from: storage, byteCount: count)
    storage.deallocate()
    (storage, capacity) = (larger, grown)
  }
}
