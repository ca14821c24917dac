import Testing

@testable import StabilityKit

@Suite struct SeriesMemoTests {
  /// Encoded keys of `count` series: fingerprint text, then a version or NULL.
  static func keys(_ count: Int) -> [[UInt8]] {
    (0..<count).map { index in
      var key: [UInt8] = []
      Array("fp-\(index)".utf8).withUnsafeBufferPointer { SeriesMemo.append(text: $0, to: &key) }
      if index % 3 == 0 {
        SeriesMemo.appendNull(to: &key)
      } else {
        Array("3.\(index % 7)".utf8).withUnsafeBufferPointer {
          SeriesMemo.append(text: $0, to: &key)
        }
      }
      return key
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
    var unknown: [UInt8] = []
    Array("fp-100000".utf8).withUnsafeBufferPointer {
      SeriesMemo.append(text: $0, to: &unknown)
    }
    #expect(unknown.withUnsafeBytes { memo.find($0) } == nil)
  }

  @Test func aKeyIsItsBytesNotAPrefixOrANull() {
    var memo = SeriesMemo()
    var text: [UInt8] = []
    Array("a".utf8).withUnsafeBufferPointer { SeriesMemo.append(text: $0, to: &text) }
    var empty: [UInt8] = []
    [UInt8]().withUnsafeBufferPointer { SeriesMemo.append(text: $0, to: &empty) }
    var null: [UInt8] = []
    SeriesMemo.appendNull(to: &null)
    text.withUnsafeBytes { memo.record($0, batchSeries: 0) }
    empty.withUnsafeBytes { memo.record($0, batchSeries: 1) }
    #expect(text.withUnsafeBytes { memo.find($0) }?.target == .batch(0))
    #expect(empty.withUnsafeBytes { memo.find($0) }?.target == .batch(1))
    #expect(null.withUnsafeBytes { memo.find($0) } == nil)
  }

  @Test func aKeyIsCanonicalOnlyWithUTF8TextAndNulls() {
    func key(_ cells: [[UInt8]?]) -> [UInt8] {
      var key: [UInt8] = []
      for cell in cells {
        if let cell {
          cell.withUnsafeBufferPointer { SeriesMemo.append(text: $0, to: &key) }
        } else {
          SeriesMemo.appendNull(to: &key)
        }
      }
      return key
    }
    #expect(SeriesMemo.isCanonical(key([Array("fp".utf8), nil, Array("é".utf8)])))
    #expect(!SeriesMemo.isCanonical(key([Array("fp".utf8), [0x66, 0xFF]])))
    // A lead byte at the end of one cell and a continuation byte opening the next.
    #expect(!SeriesMemo.isCanonical(key([[0x61, 0xC3], [0xA9]])))
    var number = key([Array("fp".utf8)])
    SeriesMemo.append(number: .integer(316), to: &number)
    #expect(!SeriesMemo.isCanonical(number))
  }
}
