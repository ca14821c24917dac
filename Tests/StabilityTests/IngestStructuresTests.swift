import StabilityTestSupport
import Testing

@testable import StabilityCore
@testable import StabilityIngest

/// The ingest target's memory structures on their own: edge sizes, growth,
/// collisions and keys that differ in one byte.
@Suite struct IngestStructuresTests {
  @Test func arenaPositionsAreAlignedZeroedAndNeverMove() throws {
    let arena = ByteArena()
    var positions: [UInt32] = []
    // 6 000 entries of ~1 500 bytes fill two 4 MiB segments and start a third.
    for index in 0..<6000 {
      let position = try #require(arena.allocate(1500 - index % 8))
      let address = arena.address(position)
      #expect(Int(bitPattern: address) % 8 == 0)
      #expect(address.load(as: UInt64.self) == 0)
      address.storeBytes(of: UInt64(index), as: UInt64.self)
      positions.append(position)
    }
    #expect(positions[5999] >> 22 == 2)
    for (index, position) in positions.enumerated() {
      #expect(arena.address(position).load(as: UInt64.self) == UInt64(index))
    }
  }

  @Test func arenaTakesAWholeSegmentButNoMore() throws {
    let arena = ByteArena()
    #expect(arena.allocate(ByteArena.segmentSize + 1) == nil)
    let small = try #require(arena.allocate(8))
    // A whole segment does not fit after `small`: it starts the next one.
    let whole = try #require(arena.allocate(ByteArena.segmentSize))
    #expect(small >> 22 == 0)
    #expect(whole >> 22 == 1)
    #expect(whole & 0x3F_FFFF == 0)
    // Even an empty entry takes room: it cannot sit past a full segment.
    let after = try #require(arena.allocate(0))
    #expect(after >> 22 == 2)
  }

  /// Keys of every length across the hash's 8-byte words, keys that differ
  /// only in their last byte or their length, and the empty key.
  static func keys(_ count: Int) -> [[UInt8]] {
    var keys: [[UInt8]] = [[], [0], [0, 0], Array(repeating: 7, count: 17)]
    for index in 0..<count {
      let length = index % 20
      var key = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 31) }
      key.append(contentsOf: withUnsafeBytes(of: UInt32(index).littleEndian, Array.init))
      keys.append(key)
    }
    return keys
  }

  @Test func byteKeyedTableFindsEveryKeyAcrossGrowth() throws {
    var table = ByteKeyedTable(headerSize: 16)
    let keys = Self.keys(20_000)
    #expect([UInt8]().withUnsafeBytes { table.find($0) } == nil)
    for (index, key) in keys.enumerated() {
      let position = try #require(key.withUnsafeBytes { table.add($0) })
      table.address(position).storeBytes(of: Int64(index), toByteOffset: 8, as: Int64.self)
    }
    for (index, key) in keys.enumerated() {
      let position = try #require(key.withUnsafeBytes { table.find($0) })
      #expect(table.address(position).load(fromByteOffset: 8, as: Int64.self) == Int64(index))
    }
    for missing in [[UInt8](repeating: 7, count: 16), [0, 0, 0], [1]] {
      #expect(missing.withUnsafeBytes { table.find($0) } == nil)
    }
  }

  @Test func byteKeyedTableRefusesKeysOverASegment() {
    var table = ByteKeyedTable(headerSize: 8)
    let huge = [UInt8](repeating: 1, count: ByteArena.segmentSize)
    #expect(huge.withUnsafeBytes { table.add($0) } == nil)
    #expect(huge.withUnsafeBytes { table.find($0) } == nil)
  }

  @Test func flatIndexNumbersKeysDenselyInFirstSeenOrder() {
    var index = FlatIndex<IntPair>()
    // Keys that share their low bits (colliding home slots) and span growth.
    let keys = (0..<5000).map { IntPair(first: Int64($0 % 50) << 32, second: Int64($0 / 50)) }
    for (number, key) in keys.enumerated() { #expect(index.index(key) == number) }
    for (number, key) in keys.enumerated().reversed() { #expect(index.index(key) == number) }
    #expect(index.count == 5000)
    index.removeAll()
    #expect(index.count == 0)
    #expect(index.index(keys[4999]) == 0)
    #expect(index.index(keys[0]) == 1)
  }

  static let crash = ErrorSeriesKey(
    fingerprint: ByteString("crash"), attributes: AttributeSet([("version", "1.0")]))
  static let hang = ErrorSeriesKey(
    fingerprint: ByteString("hang"), attributes: AttributeSet([("version", "1.0")]))

  @Test func importBatchSumsRowsOfOneSeriesAndHour() {
    var batch = ImportBatch()
    let hour = TestTime.nov20
    batch.addErrors(Self.crash, time: hour + 10, count: 2, impacted: 1)
    batch.addErrors(Self.crash, time: hour + 3599, count: 3, impacted: nil)
    batch.addErrors(Self.crash, time: hour + 3600, count: 1, impacted: 1)
    batch.addErrors(Self.hang, time: hour, count: 4, impacted: 4)
    #expect(batch.errorSeries == [Self.crash, Self.hang])
    #expect(batch.bucketCount == 3)
    #expect(batch.rowsAccepted == 4)
    let drained = batch.drainBuckets()
    let tallies = Dictionary(
      uniqueKeysWithValues: drained.errorBuckets.map {
        (
          "\(drained.errorSeries[$0.key.number(firstOfBatch: 0)].fingerprint)@\($0.key.hour - hour)",
          $0.tally
        )
      })
    // 2 + 3 errors in the first hour; impacted 1 + 3 (the row without impacted counts its errors).
    #expect(tallies["crash@0"] == ErrorTally(count: 5, impacted: 4, approximate: true))
    #expect(tallies["crash@3600"] == ErrorTally(count: 1, impacted: 1, approximate: false))
    #expect(tallies["hang@0"] == ErrorTally(count: 4, impacted: 4, approximate: false))
  }

  @Test func drainingEmptiesTheBucketsAndKeepsTheRunsCounts() {
    var batch = ImportBatch()
    batch.addErrors(Self.crash, time: TestTime.nov20, count: 1, impacted: nil)
    batch.rejections.add("empty fingerprint", example: "row 1")
    let generation = batch.generation
    _ = batch.drainBuckets()
    #expect(batch.bucketCount == 0)
    #expect(batch.errorSeries.isEmpty)
    #expect(batch.rowsAccepted == 1)
    #expect(batch.rejections.total == 1)
    #expect(batch.generation != generation)
    // The next batch numbers its series from 0 again.
    #expect(batch.addErrors(Self.hang, time: TestTime.nov20, count: 1, impacted: nil) == 0)
  }

  @Test func seriesAddedAsDistinctAreFoundOnceLookedUpByKey() {
    var batch = ImportBatch()
    #expect(batch.distinctSeriesIndex(Self.crash) == 0)
    #expect(batch.distinctSeriesIndex(Self.hang) == 1)
    #expect(batch.errorSeriesDistinct)
    // A lookup by key indexes what was added without hashing.
    #expect(batch.seriesIndex(Self.hang) == 1)
    #expect(!batch.errorSeriesDistinct)
    // From now on "distinct" series are looked up too: no duplicate.
    #expect(batch.distinctSeriesIndex(Self.crash) == 0)
    #expect(batch.errorSeries.count == 2)
  }

  @Test func bucketsOfNumberedSeriesStayApartFromBatchSeries() {
    var batch = ImportBatch()
    let hour = TestTime.nov20
    let inBatch = batch.errorBucket(.batch(0), hour: hour)
    let numbered = batch.errorBucket(.numbered(0), hour: hour)
    #expect(inBatch != numbered)
    #expect(batch.errorBucket(.batch(0), hour: hour) == inBatch)
    let drained = batch.drainBuckets()
    #expect(drained.errorBuckets.map { $0.key.number(firstOfBatch: 10) } == [10, 0])
  }
}
