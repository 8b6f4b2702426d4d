// libFuzzer entry for fuzz/body-reader/run (not part of the package build).
import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
public func test(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let data = Data(bytes: start, count: count)
    if let fast = FastJSONReader.value(data, maxDepth: 32) {
        let slow = try? JSONDecoder().decode(JSONValue.self, from: data)
        if slow != fast { fatalError("disagree on \(String(decoding: data, as: UTF8.self)): \(fast) vs \(String(describing: slow))") }
    }
    return 0
}
