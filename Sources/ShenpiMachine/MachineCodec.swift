import Crypto
import Foundation

/// The stable serialized form of a machine and its fingerprint.
public enum MachineCodec {
    /// Canonical JSON: sorted keys, no extra whitespace, `/` unescaped.
    public static func encode(_ machine: Machine) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(machine)
    }

    /// Decodes and checks the fingerprint: a machine whose bytes were changed
    /// after compilation is refused.
    public static func decode(_ data: Data) throws -> Machine {
        let machine = try JSONDecoder().decode(Machine.self, from: data)
        guard (Machine.formatVersion...Machine.newestFormat).contains(machine.format),
              machine.format >= 2 || machine.negativeRatingTo == nil, machine.format >= 3 || (machine.fees == nil && !machine.fields.contains(where: \.isBounded)) else {
            throw MachineError.unsupportedFormat(machine.format)
        }
        let expected = try fingerprint(of: machine)
        guard expected == machine.fingerprint else {
            throw MachineError.fingerprintMismatch(stored: machine.fingerprint, computed: expected)
        }
        return machine
    }

    /// SHA-256 over the canonical encoding with the fingerprint field empty.
    public static func fingerprint(of machine: Machine) throws -> String {
        var m = machine
        m.fingerprint = ""
        let digest = SHA256.hash(data: try encode(m))
        return digest.map { String(format: "%02x", $0) }.joined()
    }
}

public enum MachineError: Error, Hashable, CustomStringConvertible {
    case unsupportedFormat(Int)
    case fingerprintMismatch(stored: String, computed: String)

    public var description: String {
        switch self {
        case .unsupportedFormat(let v): return "machine format \(v) is not supported (this build reads formats \(Machine.formatVersion) to \(Machine.newestFormat))"
        case .fingerprintMismatch(let s, let c): return "machine fingerprint \(s.prefix(12))… does not match its contents (\(c.prefix(12))…)"
        }
    }
}
