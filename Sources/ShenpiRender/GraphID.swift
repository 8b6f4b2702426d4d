/// Node and group ids that Mermaid and DOT both take without quoting:
/// ASCII letters, digits and `_`, with a prefix per kind so that no id is a
/// keyword of either language (`end`, `graph`, `subgraph`, `class`, …) and
/// steps and outcomes cannot collide.
public enum GraphID {
    public static let start = "start"

    public static func step(_ id: String) -> String { "step_" + safe(id) }
    public static func outcome(_ id: String) -> String { "outcome_" + safe(id) }
    /// The node where a parallel block's branches meet.
    public static func join(_ blockID: String) -> String { "join_" + safe(blockID) }
    public static func block(_ id: String) -> String { "block_" + safe(id) }
    public static func branch(_ id: String) -> String { "branch_" + safe(id) }

    /// `market-review` → `market_review`, `id_card` → `id__card`: one-to-one
    /// for the language's ids (words joined by single `-` or `_`). Any other
    /// character becomes `_uXXXX_` (its scalar value in hex), so even a
    /// malformed id cannot break the output.
    public static func safe(_ id: String) -> String {
        var out = ""
        for scalar in id.unicodeScalars {
            switch scalar {
            case "a"..."z", "A"..."Z", "0"..."9": out.unicodeScalars.append(scalar)
            case "-": out += "_"
            case "_": out += "__"
            default: out += "_u" + String(scalar.value, radix: 16, uppercase: true) + "_"
            }
        }
        return out
    }
}
