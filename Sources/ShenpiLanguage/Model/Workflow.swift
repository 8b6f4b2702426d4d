import ShenpiSyntax

/// 即办件 (handled on the spot) or 承诺件 (promised-time item).
public enum ItemKind: String, Sendable, Hashable, CaseIterable {
    case immediate
    case promised
}

/// The case-level limits: legal (法定时限), promised (承诺时限), the yellow
/// warning, and how far the case limit may be extended.
public struct Limits: Sendable, Hashable {
    /// `nil` when not given, unreadable, or `none` (`noLegal`).
    public var legal: Located<Duration>?
    /// Where `legal: none` says the item has no statutory limit (a public
    /// service item): the promise is then the only limit.
    public var noLegal: SourceRange?
    public var promised: Located<Duration>?
    /// `promised` written but unreadable (its error reported): no rule then
    /// falls back to the legal limit and reports errors that are not there.
    public var promisedUnreadable = false
    public var warnBefore: Located<Duration>?
    /// `extension:`; `nil` when the flow does not say.
    public var extensionCeiling: ExtensionCeiling?

    public init(legal: Located<Duration>? = nil, promised: Located<Duration>? = nil, warnBefore: Located<Duration>? = nil,
                extensionCeiling: ExtensionCeiling? = nil) {
        self.legal = legal
        self.promised = promised
        self.warnBefore = warnBefore
        self.extensionCeiling = extensionCeiling
    }

    /// The limit a step must fit in: the promise where there is one, else the legal limit.
    public var effective: Located<Duration>? { promisedUnreadable ? nil : promised ?? legal }
}

/// `limits.extension` (Art. 42: the head of the agency may approve 10 more
/// days): in all at most `max`, approved by `by`, at most `times` times; or
/// `none`, no extension at all.
public struct ExtensionCeiling: Sendable, Hashable {
    /// The whole `extension:` value.
    public var range: SourceRange
    /// `true` for `extension: none`; the other members are then `nil`. A
    /// value that could not be read (its error reported) is neither `none`
    /// nor has `max` and `by`: the compiler refuses it.
    public var isNone: Bool
    public var max: Located<Duration>?
    public var by: Located<String>?
    public var times: Located<Int>?
    /// Something was written that could not be read (its error reported):
    /// the value, or one of its keys.
    public var unread: Bool

    public init(range: SourceRange, isNone: Bool = false, max: Located<Duration>? = nil, by: Located<String>? = nil,
                times: Located<Int>? = nil, unread: Bool = false) {
        self.range = range
        self.isNone = isNone
        self.max = max
        self.by = by
        self.times = times
        self.unread = unread
    }

    /// `none`, or `max` and `by` (and `times` when written) all read: a
    /// ceiling the compiler can take. Anything else is never compiled as no ceiling.
    public var isReadable: Bool { isNone || (!unread && max != nil && by != nil) }
}

/// One flow file, as written: every reference still a name, every name located.
/// Optional members are `nil` when the file omitted them or they were malformed
/// (the decoder has reported that already).
public struct Workflow: Sendable, Hashable {
    public var file: String
    public var id: Located<String>?
    public var version: Located<Int>?
    public var title: Located<String>?
    public var department: Located<String>?
    public var kind: Located<ItemKind>?
    public var calendar: Located<String>?
    public var limits: Limits
    public var limitsRange: SourceRange?
    public var guide: Guide
    public var fields: [Field]
    public var materials: [Material]
    public var templates: [Template]
    /// `decision-titles`: how the public reads a decision's name on the
    /// diagram (`accept` → 受理); a name without one shows as written. A
    /// name no step decides is `undefined-reference`'s to report.
    public var decisionTitles: [ValueTitle] = []
    public var steps: [Step]
    public var outcomes: [Outcome]
    /// Roles told at once of a 差评 (a rating of 2 or 1) on a case of this
    /// flow, to follow it up (`negative-rating-to`).
    public var negativeRatingTo: [Located<String>] = []
    /// Fees charged on a case (收费), each computed from the application.
    public var fees: [FeeRule] = []
    /// Some fee could not be read (a wrong type, a broken item): which fee
    /// ids exist is not known, so `{fee.<id>}` is not judged.
    public var feesIncomplete = false
    /// The whole file's root range, for diagnostics about the file as a whole.
    public var range: SourceRange
    /// Ids of steps written in the file that did not decode (reported already):
    /// a reference to one is not another error.
    public var unreadableStepIDs: Set<String> = []
    /// Some step's `checks` could not be read in full (a wrong type, a broken
    /// step): which materials are checked is not known, so rules that judge
    /// unchecked materials stay silent rather than blame every material.
    public var checksIncomplete = false
    /// Some task step's `decisions` could not be read (missing, misspelt, of
    /// the wrong type; reported already): the flow is not compiled, and rules
    /// that judge decisions or where they lead stay silent rather than call
    /// every later step unreachable.
    public var decisionsIncomplete = false
    /// Some notification could not be read (reported already): which
    /// templates are sent is not known, so none is called unused.
    public var noticesIncomplete = false

    public init(file: String, range: SourceRange) {
        self.file = file
        self.range = range
        self.limits = Limits()
        self.guide = Guide()
        self.fields = []
        self.materials = []
        self.templates = []
        self.steps = []
        self.outcomes = []
    }
}

/// A fee charged on a case (`fees:`): its amount is an expression over the
/// application's fields (`if(use == 'residential', 80, 550)`), worked out for
/// each case; `guide.fee` stays the public guide's text.
public struct FeeRule: Sendable, Hashable {
    public var id: Located<String>
    public var title: Located<String>?
    public var amount: LocatedExpression?
    public var basis: Located<String>?
    public var range: SourceRange

    public init(id: Located<String>, title: Located<String>?, amount: LocatedExpression?, basis: Located<String>?, range: SourceRange) {
        self.id = id
        self.title = title
        self.amount = amount
        self.basis = basis
        self.range = range
    }
}

/// A message template: `accepted: 您的{item}申请已受理…`.
public struct Template: Sendable, Hashable {
    public var id: Located<String>
    public var text: Scalar

    public init(id: Located<String>, text: Scalar) {
        self.id = id
        self.text = text
    }
}

/// Who receives a notification and what it says.
public struct Notice: Sendable, Hashable {
    public enum Recipient: Sendable, Hashable {
        case applicant
        case role(String)
    }
    public enum Content: Sendable, Hashable {
        case template(Located<String>)
        case message(Scalar)
    }

    public var to: Located<Recipient>
    public var content: Content
    public var range: SourceRange

    public init(to: Located<Recipient>, content: Content, range: SourceRange) {
        self.to = to
        self.content = content
        self.range = range
    }
}

/// How a case can end.
public struct Outcome: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case granted
        case refused
        case notAccepted = "not-accepted"
        case withdrawn

        /// Ends the case against the applicant: inside a parallel branch it cancels the others.
        public var isRefusal: Bool { self == .refused || self == .notAccepted }
    }

    public var id: Located<String>
    public var title: Located<String>?
    public var kind: Located<Kind>?
    public var notify: [Notice]

    public init(id: Located<String>, title: Located<String>? = nil, kind: Located<Kind>? = nil, notify: [Notice] = []) {
        self.id = id
        self.title = title
        self.kind = kind
        self.notify = notify
    }
}
