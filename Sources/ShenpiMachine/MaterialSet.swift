/// A set of material indexes as bits: missing = required minus submitted is
/// one pass over a few words, whatever the number of materials.
public struct MaterialSet: Sendable, Hashable, Codable, Sequence {
    public private(set) var words: [UInt64]

    public init() { words = [] }

    /// The set whose bit words are exactly `words`, as stored (decoding).
    public init(words: [UInt64]) { self.words = words }

    public init(_ indexes: some Sequence<Int>) {
        words = []
        for i in indexes { insert(i) }
    }

    /// The same for an array, sized once (the generic one is not
    /// specialized across modules, so each element went through a witness).
    public init(_ indexes: [Int]) {
        var top = -1
        for i in indexes {
            precondition(i >= 0, "material indexes are not negative")
            top = Swift.max(top, i)
        }
        guard top >= 0 else {
            words = []
            return
        }
        // Set in a local word or buffer: through `words` every bit checked
        // the array's uniqueness and bounds.
        if top < 64 {
            var word: UInt64 = 0
            for i in indexes { word |= 1 << UInt64(i) }
            words = [word]
            return
        }
        var words = [UInt64](repeating: 0, count: top / 64 + 1)
        words.withUnsafeMutableBufferPointer { buffer in
            for i in indexes { buffer[i / 64] |= 1 << UInt64(i % 64) }
        }
        self.words = words
    }

    public mutating func insert(_ i: Int) {
        precondition(i >= 0, "material indexes are not negative")
        let w = i / 64
        if w >= words.count { words.append(contentsOf: repeatElement(0, count: w - words.count + 1)) }
        words[w] |= 1 << UInt64(i % 64)
    }

    public func contains(_ i: Int) -> Bool {
        let w = i / 64
        return i >= 0 && w < words.count && words[w] & (1 << UInt64(i % 64)) != 0
    }

    public var isEmpty: Bool { words.allSatisfy { $0 == 0 } }

    public func union(_ o: MaterialSet) -> MaterialSet {
        MaterialSet(trimming: (0..<Swift.max(words.count, o.words.count)).map { word($0) | o.word($0) })
    }

    public func subtracting(_ o: MaterialSet) -> MaterialSet {
        MaterialSet(trimming: (0..<words.count).map { word($0) & ~o.word($0) })
    }

    public func intersection(_ o: MaterialSet) -> MaterialSet {
        MaterialSet(trimming: (0..<Swift.min(words.count, o.words.count)).map { word($0) & o.word($0) })
    }

    /// Every element is in `o`: `subtracting(o).isEmpty` without building the set.
    public func isSubset(of o: MaterialSet) -> Bool {
        words.indices.allSatisfy { words[$0] & ~o.word($0) == 0 }
    }

    private func word(_ i: Int) -> UInt64 { i < words.count ? words[i] : 0 }

    /// No trailing zero words, so equal sets encode equally. Trimmed while
    /// the array is still unique, so removing words never copies it.
    private init(trimming words: [UInt64]) {
        var words = words
        while words.last == 0 { words.removeLast() }
        self.words = words
    }

    public func makeIterator() -> IndexingIterator<[Int]> {
        var out: [Int] = []
        for (w, bits) in words.enumerated() where bits != 0 {
            for b in 0..<64 where bits & (1 << UInt64(b)) != 0 { out.append(w * 64 + b) }
        }
        return out.makeIterator()
    }
}
