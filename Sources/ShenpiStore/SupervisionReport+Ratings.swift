import Foundation
import GRDB
import ShenpiCalendar
import ShenpiEngine

/// 好差评 and 回访 in the supervision report: the ratings of the period, each
/// 差评 with its follow-up and the callback about it, the earlier 差评 still
/// open, and what the calls of the day's sample found.
extension SupervisionBuilder {
    mutating func ratings(_ report: inout SupervisionReport, departments: inout [String: Breakdown], workflows: inout [String: Breakdown],
                          departmentOf: [String: String], calendarOf: [String: String]) throws {
        // 好差评 given in the period (by the date of the rating); 差评 given
        // before it and still open at `at`.
        let ratings = try Row.fetchAll(db, sql: """
            SELECT r.case_id, r.level, r.comment, r.at, c.workflow FROM rating r JOIN "case" c ON c.id = r.case_id
            WHERE r.at <= ? ORDER BY r.at, r.case_id
            """, arguments: [at.secondsSinceEpoch])
        // A case left out of the pass (its snapshot or log does not decode) is left out here too.
        let unreadable = Set(report.unreadable)
        for row in ratings {
            guard !unreadable.contains(row[0] as String) else { continue }
            let ratedAt = Instant(secondsSinceEpoch: row[3])
            let level: Int = row[1]
            guard (1...5).contains(level) else { continue }
            let inPeriod = options.contains(ratedAt.date)
            if inPeriod {
                report.ratings.count += 1
                report.ratings.byLevel[level - 1] += 1
            }
            guard level <= 2 else {
                if inPeriod { report.ratings.satisfied += 1 }
                continue
            }
            let id: String = row[0], workflow: String = row[4]
            let department = departmentOf[id] ?? ""
            var rated = RatedCase(
                caseID: id, parent: parents[id], workflow: workflow, department: department, level: level, comment: row[2], ratedAt: ratedAt,
                followUpDue: end(of: options.followUpWithin, after: ratedAt, calendar: self.calendar(calendarOf[id] ?? "cn") ?? self.calendar("cn")))
            // Its follow-up and the callback about it, by `at`, from its log
            // (a 差评's case is one of few): the latest follow-up, and only the
            // callbacks after it (one before it is the day's sample's).
            let log: [CaseEvent]
            do { log = try events(id) } catch CaseEngineError.damagedLog { continue }  // named in `unreadable`
            // Only what came after the rating: a dissatisfied callback's
            // follow-up before it answered another complaint.
            var afterRating = false
            for event in log {
                if case .rated = event.fact { afterRating = true }
                guard afterRating else { continue }
                switch event.fact {
                case .followedUp(let u):
                    (rated.followUp, rated.followedUpAt, rated.followedUpBy, rated.followUpComment) = (u.result, event.at, event.actor, u.comment)
                    (rated.callback, rated.calledBackAt, rated.calledBackBy, rated.callbackComment) = (nil, nil, nil, nil)
                    if rated.firstFollowedUpAt == nil { rated.firstFollowedUpAt = event.at }
                    rated.followUpCount += 1
                case .calledBack(let c) where rated.followUp != nil:
                    (rated.callback, rated.calledBackAt, rated.calledBackBy, rated.callbackComment) = (c.result, event.at, event.actor, c.comment)
                default: continue
                }
            }
            // Rated before the period and still open at `at`: the period's list would miss it.
            if let from = options.from, ratedAt.date < from, rated.isOpen { report.earlierOpenFollowUps.append(rated) }
            // Rated before the period and closed in it: this period's work, else in no report.
            if let from = options.from, ratedAt.date < from, !rated.isOpen, let done = rated.followedUpAt, options.contains(done.date) {
                report.earlierClosedFollowUps.append(rated)
            }
            guard inPeriod else { continue }
            report.ratings.negative += 1
            if !rated.isOpen { report.ratings.followedUp += 1 }
            let late = rated.followUpLate(at: at) ? 1 : 0
            report.ratings.followUpOverdue += late
            report.negativeRatings.append(rated)
            departments[department, default: Breakdown(key: department)].negative += 1
            workflows[workflow, default: Breakdown(key: workflow)].negative += 1
            departments[department, default: Breakdown(key: department)].followUpOverdue += late
            workflows[workflow, default: Breakdown(key: workflow)].followUpOverdue += late
        }
        report.earlierOpenFollowUps.sort { ($0.followUpDue ?? at, $0.caseID) < ($1.followUpDue ?? at, $1.caseID) }
        report.earlierClosedFollowUps.sort { ($0.followedUpAt ?? at, $0.caseID) < ($1.followedUpAt ?? at, $1.caseID) }
    }

    /// The latest attempt and the number of attempts of each sampled case, by
    /// `at`: the sample's round, before any 差评 follow-up (whose own callback
    /// the 差评 shows), or the round after it when nobody called before it
    /// (`dayRound`).
    func callbackResults(_ callback: inout CallbackSample) throws {
        // What the calls found, by `at`: a handful of cases, read from their logs.
        for i in callback.sample.indices {
            do { try readDayRound(into: &callback.sample[i]) } catch CaseEngineError.damagedLog { continue }  // named in `unreadable`
        }
    }

}
