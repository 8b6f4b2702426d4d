/// The Levenshtein edit distance between two strings, counted in characters
/// (insertions, deletions and substitutions each cost 1).
public func levenshteinDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
        current[0] = i
        for j in 1...b.count {
            let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
            current[j] = min(substitution, previous[j] + 1, current[j - 1] + 1)
        }
        swap(&previous, &current)
    }
    return previous[b.count]
}

/// The candidate closest to `name` within `maxDistance` edits, or `nil`.
/// Ties go to the alphabetically first candidate, so the answer is deterministic.
/// A candidate equal to `name` is never returned.
public func closestMatch(for name: String, among candidates: some Sequence<String>, maxDistance: Int = 2) -> String? {
    var best: (distance: Int, candidate: String)?
    for candidate in candidates where candidate != name {
        let d = levenshteinDistance(name, candidate)
        guard d <= maxDistance else { continue }
        if let b = best, (b.distance, b.candidate) <= (d, candidate) { continue }
        best = (d, candidate)
    }
    return best?.candidate
}

/// `did you mean "id-number"?` when a candidate is within edit distance 2 of
/// `name` (1 for names of up to three characters, so `时限` suggests nothing
/// rather than `id`; a quarter of the name for long ones, so
/// `foreign-investment` finds `foreign-invested`), else `nil`. Append it to
/// a message after `; `.
public func suggestion(for name: String, among candidates: some Sequence<String>) -> String? {
    let limit = name.count <= 3 ? 1 : max(2, name.count / 4)
    return closestMatch(for: name, among: candidates, maxDistance: limit).map { "did you mean \"\($0)\"?" }
}
