import ShenpiMachine

/// A supplement, before acceptance, that hands in only materials the file
/// holds already, while none of them is awaited and no step waits for the
/// applicant: a re-scan at the window. The engine took it as
/// a change — a new case version and a new receipt time (`receivedAt`),
/// which moves the day a deemed acceptance counts from. The hosts (the API,
/// the scenario runner) refuse it before the engine sees it; stored cases
/// that hold one still replay (`shenpi audit verify`), so the engine keeps
/// accepting it. A document found defective is asked for again by the
/// officer's request (`defective`), which makes it awaited, and so new.
public struct SupplementNothingNewRule: Sendable, Hashable {
    public var materials: [String]

    /// The daemon's error code (422), the one a request for supplement gets refused with.
    public static let code = SupplementRequestRule.code

    public static func refusal(of command: Command, on machine: Machine, state: () throws -> CaseState) rethrows -> SupplementNothingNewRule? {
        guard case .supplement(let ids, _) = command, !ids.isEmpty else { return nil }
        let found = ids.map { id in machine.materials.firstIndex { $0.id == id } }
        guard !found.contains(nil) else { return nil }  // the engine names them
        let indexes = found.compactMap { $0 }
        let state = try state()
        // Only before acceptance does the receipt count for anything (a deemed
        // acceptance counts from it); after it, revised drawings or a renewed
        // ID card handed in again are a real supplement, and before the
        // window receives an online application its receipt is set then.
        guard state.status == .active, state.acceptedAt == nil else { return nil }
        // A step waiting for the applicant (a request that named no material,
        // "申请书未签字") is answered by the same document handed in again.
        guard !state.tokens.contains(where: \.awaitingApplicant) else { return nil }
        let awaited = Set(state.awaitingSupplement)
        guard indexes.allSatisfy({ state.submitted.contains($0) }), !ids.contains(where: awaited.contains) else { return nil }
        return SupplementNothingNewRule(materials: ids)
    }

    public var message: String {
        "every material named is in the file already (\(materials.joined(separator: ", "))) and none is awaited: nothing to supplement "
            + "before acceptance; a document found defective is asked for again by the window's request for supplement naming it defective"
    }
}
