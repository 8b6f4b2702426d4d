// libFuzzer entry for fuzz/body-reader/run (not part of the package build).
import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
public func test(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let data = Data(bytes: start, count: count)
    if let fast = FastJSONReader.value(data, maxDepth: 32) {
        let slow = try? JSONDecoder().decode(JSONValue.self, from: data)
        if !(slow.map { same(fast, $0) } ?? false) {
            fatalError("disagree on \(String(decoding: data, as: UTF8.self)): \(fast) vs \(String(describing: slow))")
        }
    }
    return 0
}

/// Equal, but for the one documented difference: a number whose text is not
/// whole and whose nearest Double is, which JSONDecoder reads as an integer.
func same(_ fast: JSONValue, _ slow: JSONValue) -> Bool {
    switch (fast, slow) {
    case (.double(let x), .int(let i)): return x == Double(i)
    case (.array(let a), .array(let b)): return a.count == b.count && zip(a, b).allSatisfy(same)
    case (.object(let a), .object(let b)): return a.count == b.count && a.allSatisfy { k, v in b[k].map { same(v, $0) } ?? false }
    default: return fast == slow
    }
}
