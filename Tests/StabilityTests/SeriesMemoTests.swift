import Testing

@testable import StabilityCore
@testable import StabilityIngest

@Suite struct SeriesMemoTests {
  /// A key of text cells (nil: NULL) and an optional number cell, encoded
  /// in a buffer that starts small (so appends grow it).
  static func key(_ cells: [[UInt8]?], number: SourceValue? = nil) -> MemoKey {
    let key = MemoKey(capacity: 4)
    for cell in cells {
      if let cell {
        cell.withUnsafeBufferPointer { key.append(text: $0) }
      } else {
        key.appendNull()
      }
    }
    if let number { key.append(number: number) }
    return key
  }

  /// The bytes of `key(cells)`.
  static func encoded(_ cells: [[UInt8]?]) -> [UInt8] {
    let key = key(cells)
    return withExtendedLifetime(key) { Array(key.bytes) }
  }

  /// Encoded keys of `count` series: fingerprint text, then a version or NULL.
  static func keys(_ count: Int) -> [[UInt8]] {
    (0..<count).map { index in
      encoded([Array("fp-\(index)".utf8), index % 3 == 0 ? nil : Array("3.\(index % 7)".utf8)])
    }
  }

  @Test func everyKeyKeepsItsTargetAcrossGrowthAndFlushes() {
    // 100,000 keys: the slot table grows from 1,024 to 262,144 slots and the
    // arena spans two segments; a flush every 25,000 keys.
    let keys = Self.keys(100_000)
    var memo = SeriesMemo()
    var batchStart = 0
    var written: SeriesNumbers?
    for (index, key) in keys.enumerated() {
      key.withUnsafeBytes { memo.record($0, batchSeries: index - batchStart) }
      if (index + 1) % 25_000 == 0 {
        // The batch before the one just handed over got numbers 1,000,000 + its index.
        memo.flushed(firstNumber: written.map { _ in 1_000_000 + batchStart - 25_000 })
        written = SeriesNumbers()
        batchStart = index + 1
      }
    }
    for (index, key) in keys.enumerated() {
      let found = key.withUnsafeBytes { memo.find($0) }
      let batch = index / 25_000
      let expected: SeriesMemo.Target =
        batch <= 2 ? .numbered(1_000_000 + index) : .writing(index - 75_000)
      #expect(found?.target == expected, "key \(index)")
    }
    let unknown = Self.encoded([Array("fp-100000".utf8)])
    #expect(unknown.withUnsafeBytes { memo.find($0) } == nil)
  }

  @Test func aPruneDropsOnlyNumberedKeysNoRowFoundAgain() {
    // Pruned at every flush: batch 0 (keys 0..<10) is numbered from 100 by
    // the second flush; rows found keys 0 and 3 again. Batch 1 (10..<20) is
    // being written and stays; batch 2 (20..<30) is the current one.
    let keys = Self.keys(30)
    var memo = SeriesMemo(pruneAt: 1)
    for (index, key) in keys[0..<10].enumerated() {
      key.withUnsafeBytes { memo.record($0, batchSeries: index) }
    }
    memo.flushed(firstNumber: nil)
    for index in [0, 3] {
      let found = keys[index].withUnsafeBytes { memo.find($0) }
      memo.setLastBucket(found!.entry, hour: 3600, generation: 1, bucket: index)
    }
    for (index, key) in keys[10..<20].enumerated() {
      key.withUnsafeBytes { memo.record($0, batchSeries: index) }
    }
    memo.flushed(firstNumber: 100)
    for (index, key) in keys[20..<30].enumerated() {
      key.withUnsafeBytes { memo.record($0, batchSeries: index) }
    }
    #expect(memo.count == 2 + 10 + 10)
    func target(_ index: Int) -> SeriesMemo.Target? {
      keys[index].withUnsafeBytes { memo.find($0) }?.target
    }
    #expect(target(0) == .numbered(100))
    #expect(target(3) == .numbered(103))
    #expect(target(1) == nil)
    #expect(target(9) == nil)
    #expect(target(12) == .writing(2))
    #expect(target(25) == .batch(5))
    // A found key keeps its last bucket.
    let kept = keys[3].withUnsafeBytes { memo.find($0) }!
    #expect(memo.lastBucket(kept.entry, hour: 3600, generation: 1) == 3)
    // The next flush numbers the written batch as before.
    memo.flushed(firstNumber: 200)
    #expect(target(12) == .numbered(202))
    #expect(target(25) == .writing(5))
  }

  @Test func aLongTextCellIsAKeyOfItsOwn() {
    var memo = SeriesMemo()
    let long = Self.key([[UInt8](repeating: 0x61, count: 300)])
    let shorter = Self.encoded([[UInt8](repeating: 0x61, count: 255)])
    #expect(long.isCanonical)
    memo.record(long.bytes, batchSeries: 0)
    #expect(memo.find(long.bytes)?.target == .batch(0))
    #expect(shorter.withUnsafeBytes { memo.find($0) } == nil)
  }

  @Test func aKeyIsItsBytesNotAPrefixOrANull() {
    var memo = SeriesMemo()
    let text = Self.encoded([Array("a".utf8)])
    let empty = Self.encoded([[]])
    let null = Self.encoded([nil])
    text.withUnsafeBytes { memo.record($0, batchSeries: 0) }
    empty.withUnsafeBytes { memo.record($0, batchSeries: 1) }
    #expect(text.withUnsafeBytes { memo.find($0) }?.target == .batch(0))
    #expect(empty.withUnsafeBytes { memo.find($0) }?.target == .batch(1))
    #expect(null.withUnsafeBytes { memo.find($0) } == nil)
  }

  @Test func aKeyIsCanonicalOnlyWithUTF8TextAndNulls() {
    #expect(Self.key([Array("fp".utf8), nil, Array("é".utf8)]).isCanonical)
    #expect(!Self.key([Array("fp".utf8), [0x66, 0xFF]]).isCanonical)
    // A lead byte at the end of one cell and a continuation byte opening the next.
    #expect(!Self.key([[0x61, 0xC3], [0xA9]]).isCanonical)
    #expect(!Self.key([Array("fp".utf8)], number: .integer(316)).isCanonical)
    #expect(Self.key([Array("fp".utf8)], number: .null).isCanonical)
  }
}
