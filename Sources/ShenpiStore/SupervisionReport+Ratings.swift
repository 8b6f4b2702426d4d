import Foundation
import GRDB
import ShenpiCalendar
import ShenpiEngine

/// 好差评 and 回访 in the supervision report: the ratings of the period, each
/// 差评 with its follow-up and callback, the 差评 still open past their
/// limit, and what the calls of the day's sample found.
extension SupervisionBuilder {
    mutating func ratings(_ report: inout SupervisionReport, departments: inout [String: Breakdown], workflows: inout [String: Breakdown],
                          departmentOf: [String: String], calendarOf: [String: String]) throws {
        // 好差评 given in the period (by the date of the rating); 差评 of any
        // time whose follow-up is overdue at `at`.
        let ratings = try Row.fetchAll(db, sql: """
            SELECT r.case_id, r.level, r.comment, r.at, c.workflow, r.follow_up, r.followed_up_at, r.followed_up_by, c.snapshot
            FROM rating r JOIN "case" c ON c.id = r.case_id
            WHERE r.at <= ? ORDER BY r.at, r.case_id
            """, arguments: [at.secondsSinceEpoch])
        for row in ratings {
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
            // A follow-up recorded after `at` is not known at `at`.
            let followedUpAt = (row[6] as Int?).map(Instant.init(secondsSinceEpoch:)).flatMap { $0 <= at ? $0 : nil }
            var rated = RatedCase(
                caseID: id, parent: parents[id], workflow: workflow, department: department, level: level, comment: row[2], ratedAt: ratedAt,
                followUpDue: end(of: options.followUpWithin, after: ratedAt, calendar: self.calendar(calendarOf[id] ?? "cn") ?? self.calendar("cn")),
                followUp: followedUpAt == nil ? nil : (row[5] as String?).flatMap(FollowUpResult.init(rawValue:)),
                followedUpAt: followedUpAt, followedUpBy: followedUpAt == nil ? nil : row[7],
                followUpComment: followedUpAt == nil ? nil : Self.followUpComment(row[8]))
            // Its callback, if any (回访 after the follow-up): a 差评's case is one of few.
            for event in try events(id) {
                guard case .calledBack(let c) = event.fact else { continue }
                (rated.callback, rated.calledBackAt, rated.calledBackBy) = (c.result, event.at, event.actor)
            }
            // Rated in the period or before it, still open past its limit.
            if rated.followUp == nil, let due = rated.followUpDue, at > due, options.to.map({ ratedAt.date <= $0 }) ?? true {
                report.overdueFollowUps.append(rated)
            }
            guard inPeriod else { continue }
            report.ratings.negative += 1
            if rated.followUp != nil { report.ratings.followedUp += 1 }
            let late = rated.followUpLate(at: at) ? 1 : 0
            report.ratings.followUpOverdue += late
            report.negativeRatings.append(rated)
            departments[department, default: Breakdown(key: department)].negative += 1
            workflows[workflow, default: Breakdown(key: workflow)].negative += 1
            departments[department, default: Breakdown(key: department)].followUpOverdue += late
            workflows[workflow, default: Breakdown(key: workflow)].followUpOverdue += late
        }
        report.overdueFollowUps.sort { ($0.followUpDue ?? at, $0.caseID) < ($1.followUpDue ?? at, $1.caseID) }
    }

    /// The latest attempt and the number of attempts of each sampled case, by `at`.
    func callbackResults(_ callback: inout CallbackSample) throws {
        // What the calls found, by `at`: a handful of cases, read from their logs.
        for i in callback.sample.indices {
            for event in try events(callback.sample[i].caseID) {
                guard case .calledBack(let c) = event.fact else { continue }
                callback.sample[i].callback = c.result
                callback.sample[i].calledBackAt = event.at
                callback.sample[i].calledBackBy = event.actor
                callback.sample[i].callbackComment = c.comment
                callback.sample[i].attempts += 1
            }
        }
    }

    /// The follow-up's words, from the case's snapshot (the rating row keeps
    /// only what the figures need); `nil` when it does not decode.
    static func followUpComment(_ snapshot: Data?) -> String? {
        guard let snapshot, let state = try? EventChain.snapshot(of: "", snapshot) else { return nil }
        return state.followUp?.comment
    }
}
