import StabilityCore

/// The key cells (fingerprint, attributes) of one row, encoded for
/// `SeriesMemo`: per cell a tag — 0 NULL; 1 text under 256 bytes, a 1-byte
/// length and the bytes; 4 longer text, a 4-byte length and the bytes; 2
/// integer or 3 real, 8 bytes — in one buffer that is rebuilt for
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

  /// Appends a text cell: tag 1 and a 1-byte length (short text: most keys,
  /// kept small as the memo holds one per series), or tag 4 and a 4-byte
  /// length; then the bytes.
  package func append(text: UnsafeBufferPointer<UInt8>) {
    let lengthSize = text.count < 256 ? 1 : 4
    reserve(1 + lengthSize + text.count)
    if lengthSize == 1 {
      storage.storeBytes(of: 1, toByteOffset: count, as: UInt8.self)
      storage.storeBytes(of: UInt8(text.count), toByteOffset: count + 1, as: UInt8.self)
    } else {
      storage.storeBytes(of: 4, toByteOffset: count, as: UInt8.self)
      storage.storeBytes(
        of: UInt32(truncatingIfNeeded: text.count).littleEndian, toByteOffset: count + 1,
        as: UInt32.self)
    }
    if let base = text.baseAddress {
      (storage + count + 1 + lengthSize).copyMemory(from: base, byteCount: text.count)
    }
    count += 1 + lengthSize + text.count
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
      case 1, 4:
        let (start, length) =
          bytes[offset] == 1
          ? (offset + 2, Int(bytes[offset + 1]))
          : (
            offset + 5,
            Int(
              UInt32(
                littleEndian: bytes.loadUnaligned(fromByteOffset: offset + 1, as: UInt32.self)))
          )
        let text = UnsafeRawBufferPointer(rebasing: bytes[start..<(start + length)])
        // ASCII (nearly every key) is valid as it is.
        guard text.allSatisfy({ $0 < 0x80 }) || String(validating: text, as: UTF8.self) != nil
        else { return false }
        offset = start + length
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
