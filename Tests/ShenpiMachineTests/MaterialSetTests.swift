import ShenpiMachine
import XCTest

/// The array initializer and `isSubset` against the generic and set-building forms.
final class MaterialSetTests: XCTestCase {
    func testArrayInitMatchesSequenceInit() {
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            let indexes = (0..<Int.random(in: 0...6, using: &rng)).map { _ in Int.random(in: 0..<200, using: &rng) }
            let fromArray = MaterialSet(indexes)
            let fromSequence = MaterialSet(indexes.lazy.map { $0 })
            XCTAssertEqual(fromArray, fromSequence)
            XCTAssertEqual(fromArray.words, fromSequence.words)
        }
        XCTAssertEqual(MaterialSet([Int]()).words, [])
    }

    func testIsSubsetIsSubtractingIsEmpty() {
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            let a = MaterialSet((0..<Int.random(in: 0...4, using: &rng)).map { _ in Int.random(in: 0..<140, using: &rng) })
            let b = MaterialSet((0..<Int.random(in: 0...8, using: &rng)).map { _ in Int.random(in: 0..<140, using: &rng) })
            XCTAssertEqual(a.isSubset(of: b), a.subtracting(b).isEmpty)
            XCTAssertTrue(a.isSubset(of: a.union(b)))
            XCTAssertEqual(a.subtracting(b).words.last.map { $0 != 0 } ?? true, true)
        }
    }
}
