import ShenpiCalendar

/// The colours a case can have, read from its row's columns alone. The
/// legal clock turns red at its due instant and is never yellow before its
/// warning instant (`LegalClock.reading`), and the row holds both while the
/// case runs; a finished case was judged at completion, and its `on_time`
/// says whether it was red then. The columns describe the clock after the
/// case's last event, so an instant before it is left to the snapshot, and
/// so is a minute either side of a threshold. The caller reads the snapshot
/// whenever more than one colour remains; `RandomStoreTests` and
/// `ColumnColourTests` compare both ways.
enum ColumnColour {
    static let margin = 60

    static func possible(finished: Bool, onTime: Bool?, due: Int?, warn: Int?, updatedAt: Int, at t: Instant) -> Set<ClockColour> {
        let all = Set(ClockColour.allCases)
        // The columns are the clock after the last event: an earlier instant is a replay.
        guard t.secondsSinceEpoch >= updatedAt else { return all }
        if finished {
            switch onTime {
            case false?: return [.red]
            case true?: return [.normal, .yellow]
            case nil: return all
            }
        }
        // No clock yet, or a paused one: only the snapshot knows.
        guard let due else { return all }
        let now = t.secondsSinceEpoch
        if now >= due + margin { return [.red] }
        guard now < due - margin else { return all }
        // Never yellow before the warning instant. After it only the clock
        // can say: `warn_at` is the midnight after the threshold day, but
        // the clock turns yellow when the next working day begins (a
        // weekend may come between), a clock resumed on its threshold waits
        // for its next counted day, and a warning in working minutes on a
        // day limit is never yellow at all. A clock without a warning
        // instant may still have a threshold the calendar could not place.
        if let warn, now < warn - margin { return [.normal] }
        return [.normal, .yellow]
    }
}
