/// A growable array kept in segments of 65,536 elements: growing adds a
/// segment instead of copying everything, so memory never briefly holds two
/// copies of a large array (a year's import numbers millions of series),
/// and no capacity is left over beyond the last segment.
struct SegmentedArray<Element> {
  private static var shift: Int { 16 }
  private static var segmentSize: Int { 1 << shift }

  private var segments: [[Element]] = []
  /// The number of elements.
  private(set) var count = 0

  /// The element at `index` (0..<count).
  subscript(index: Int) -> Element {
    get { segments[index >> Self.shift][index & (Self.segmentSize - 1)] }
    set { segments[index >> Self.shift][index & (Self.segmentSize - 1)] = newValue }
  }

  /// Adds `element` at the end.
  mutating func append(_ element: Element) {
    if count & (Self.segmentSize - 1) == 0 {
      segments.append([])
      segments[segments.count - 1].reserveCapacity(Self.segmentSize)
    }
    segments[segments.count - 1].append(element)
    count += 1
  }

  /// Adds `elements` at the end, in order.
  mutating func append(contentsOf elements: some Sequence<Element>) {
    for element in elements { append(element) }
  }
}
