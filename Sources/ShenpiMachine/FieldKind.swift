/// A field's type as the engine checks values against it, read once from
/// its name (`FieldSpec.type`) instead of comparing the name on every value.
public enum FieldKind: Sendable, Hashable {
    case string, integer, number, boolean, date
    /// `enum`: one of `FieldSpec.values`.
    case enumeration
    case phone
    case residentID
    /// `list…`.
    case list
    /// Any other name: no value fits.
    case other

    public init(type: String) {
        switch type {
        case "string": self = .string
        case "integer": self = .integer
        case "number": self = .number
        case "boolean": self = .boolean
        case "date": self = .date
        case "enum": self = .enumeration
        case "phone": self = .phone
        case "resident-id": self = .residentID
        default: self = type.hasPrefix("list") ? .list : .other
        }
    }
}

extension MachineTables {
    /// The index of the field with id `name`, comparing the ids in place
    /// (a flow has a few fields: cheaper than hashing `name`).
    /// Ids of another length are passed over unread: the answer is then
    /// `nil` only for a name equal to an id in another encoding (the
    /// callers look such a name up by hash when this finds nothing).
    public func fieldIndex(comparing name: String) -> Int? {
        let length = name.utf8.count
        return fieldIDs.withUnsafeBufferPointer { ids in
            var i = 0
            while i < ids.count {
                if ids[i].utf8.count == length && ids[i] == name { return i }
                i += 1
            }
            return nil
        }
    }

    /// The indexes of the materials with these ids, and the ids that name
    /// none. Compared in place, and first against the material at the same
    /// position (lists usually follow the machine's order).
    public func materialIndexes(_ ids: [String]) -> (indexes: [Int], unknown: [String]) {
        var indexes: [Int] = []
        indexes.reserveCapacity(ids.count)
        var unknown: [String] = []
        materialIDs.withUnsafeBufferPointer { known in
            ids.withUnsafeBufferPointer { given in
                for position in given.indices {
                    if uniqueMaterialIDs, position < known.count, known[position] == given[position] {
                        indexes.append(position)
                    } else if let i = materialIndex[given[position]] {
                        indexes.append(i)
                    } else {
                        unknown.append(given[position])
                    }
                }
            }
        }
        return (indexes, unknown)
    }
}
