extension Array {
  /// Folds each run of adjacent elements that `same` pairs into its first
  /// element with `merge`, in place (for sorted lists with repeated keys).
  mutating func mergeAdjacent(
    where same: (Element, Element) -> Bool, merging merge: (inout Element, Element) -> Void
  ) {
    var kept = 0
    for index in indices {
      if kept > 0, same(self[kept - 1], self[index]) {
        merge(&self[kept - 1], self[index])
      } else {
        self[kept] = self[index]
        kept += 1
      }
    }
    removeLast(count - kept)
  }
}
