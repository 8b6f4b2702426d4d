import ShenpiCalendar
import ShenpiLanguage
import ShenpiMachine
import ShenpiSyntax

/// A check over one flow. Each rule lives in its own file under `Rules/`,
/// with a doc comment saying what it catches and why; `RuleCatalog` lists
/// them by hand.
public protocol Rule: Sendable {
    /// Stable id (also listed in `RuleCatalog.descriptions`).
    var id: String { get }
    func check(_ context: RuleContext) -> [Diagnostic]
}

/// Everything a rule may look at: the flow, an index over it, and the catalog around it.
public struct RuleContext: Sendable {
    public let flow: Workflow
    public let index: FlowIndex
    public let catalog: Catalog
    public let calendars: CalendarCatalog
    /// The flow compiled, when its model is complete enough (see `MachineCompiler`).
    public let compiled: CompiledFlow?
    public let soundness: Soundness?

    public init(flow: Workflow, catalog: Catalog, calendars: CalendarCatalog) {
        self.flow = flow
        self.index = FlowIndex(flow)
        self.catalog = catalog
        self.calendars = calendars
        // Nested blocks are already an error (nested-parallel) and are not compiled.
        let nested = index.steps.contains { e in
            if case .parallel = e.step.kind { return e.scope.branch != nil }
            return false
        }
        self.compiled = nested ? nil : MachineCompiler.compile(flow, index: index, fingerprint: false)
        self.soundness = compiled.map { Soundness($0.machine) }
    }

    /// Minutes in one working day of the flow's calendar, when it has office hours.
    public var minutesPerWorkday: Int? {
        flow.calendar.flatMap { calendars.minutesPerWorkday[$0.value] }
    }

    public func diagnostic(_ rule: String, _ severity: Severity, _ message: String, at range: SourceRange, notes: [DiagnosticNote] = []) -> Diagnostic {
        Diagnostic(file: flow.file, range: range, severity: severity, rule: rule, message: message, notes: notes)
    }
}

/// What a flow can see of the other files of its catalog.
public struct Catalog: Sendable {
    public struct FlowSummary: Sendable {
        public var file: String
        public var id: String
        public var outcomes: [String]
        public var range: SourceRange
        /// What a call of this flow counts in the caller's deadline budget: its
        /// promised limit, or the legal one when there is no promise.
        public var limit: Duration? = nil
        /// Its fields' types (nil: not given), and which are required: what
        /// a call must hand to the sub-case it opens.
        public var fields: [String: ValueType?] = [:]
        public var requiredFields: Set<String> = []
        /// The bounds of its bounded fields (`minimum`, `maximum`).
        public var bounds: [String: FieldBounds] = [:]
        /// It has an outcome of kind `withdrawn`: its sub-case can be ended
        /// when the call that opened it is cancelled.
        public var withdrawable = false
        /// Its title and its outcomes' titles, for a diagram that calls it.
        public var title: String? = nil
        public var outcomeTitles: [String: String] = [:]

        public init(file: String, id: String, outcomes: [String], range: SourceRange, limit: Duration? = nil,
                    fields: [String: ValueType?] = [:], requiredFields: Set<String> = [], withdrawable: Bool = false) {
            self.file = file
            self.id = id
            self.outcomes = outcomes
            self.range = range
            self.limit = limit
            self.fields = fields
            self.requiredFields = requiredFields
            self.withdrawable = withdrawable
        }
    }

    public var registry: Registry?
    /// The registry file, when it exists but is not a registry (broken YAML, a flow…).
    public var unusableRegistry: String?
    /// Flows by id; a duplicated id keeps every file that defines it.
    public var flows: [String: [FlowSummary]]

    public init(registry: Registry? = nil, flows: [String: [FlowSummary]] = [:]) {
        self.registry = registry
        self.flows = flows
    }
}

/// The calendars a flow may name, and which can count hours.
public struct CalendarCatalog: Sendable {
    public var ids: [String]
    public var withOfficeHours: Set<String>
    public var minutesPerWorkday: [String: Int]
    /// The calendars themselves, for what only their days can tell.
    public var calendars: [String: WorkingCalendar] = [:]
    /// Calendar files left out for an error (`calendar-data`), by name
    /// (`citizen-center.cal`): a flow naming the calendar one of them
    /// defines gets that error, not a second one of its own.
    public var brokenFiles: Set<String> = []

    public init(ids: [String], withOfficeHours: Set<String>, minutesPerWorkday: [String: Int] = [:]) {
        self.ids = ids
        self.withOfficeHours = withOfficeHours
        self.minutesPerWorkday = minutesPerWorkday
    }

    public init(_ registry: CalendarRegistry) {
        var minutes: [String: Int] = [:]
        for (id, cal) in registry.calendars { if let h = cal.officeHours { minutes[id] = h.minutesPerDay } }
        self.init(ids: registry.ids, withOfficeHours: registry.idsWithOfficeHours, minutesPerWorkday: minutes)
        calendars = registry.calendars
    }
}

/// A number field's bounds, as a call compares them (`call-fields`).
public struct FieldBounds: Sendable, Hashable {
    public var minimum: Double?
    public var maximum: Double?

    public init(minimum: Double?, maximum: Double?) {
        self.minimum = minimum
        self.maximum = maximum
    }
}
