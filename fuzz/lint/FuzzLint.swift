// libFuzzer entry for fuzz/lint/run (built only with SHENPI_FUZZ=1; see Package.swift).
// Mode `lint`: the input is one file's bytes, linted as `shenpi lint -` in the
// catalog folder the script prepared, then rendered in every output format.
// Mode `expr`: the input is a condition, parsed, type-checked and, when it
// checks, evaluated. Mode `cal`: the input is one calendar data file, parsed,
// loaded over the bundled calendars (a file with a bundled id replaces it, as
// `loading` does) and, when it loads, asked questions (FuzzCalendar.swift).
// A crash, a trap, a hang or a broken invariant stops the run.
import Foundation
import ShenpiCalendar
import ShenpiExpression
import ShenpiLanguage
import ShenpiRules
import ShenpiSyntax

private let environment = ProcessInfo.processInfo.environment
private let mode = environment["SHENPI_FUZZ_MODE"] ?? "lint"
private let linter = Linter(calendars: CalendarRegistry.standard,
    workingDirectory: environment["SHENPI_FUZZ_CATALOG"] ?? FileManager.default.currentDirectoryPath)

/// Foundation's `Bundle.allBundles` (how `ResourceFolder` finds the bundled
/// calendars, once per process) leaks the array `CFBundleGetAllBundles`
/// copies; LeakSanitizer would stop the leak pass at the first input.
nonisolated(unsafe) private let leakSuppressions = strdup("leak:_CFBundleCopyAllBundles\n")

@_cdecl("__lsan_default_suppressions")
public func lsanDefaultSuppressions() -> UnsafePointer<CChar>? { UnsafePointer(leakSuppressions) }

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    let bytes = count == 0 ? [] : Array(UnsafeRawBufferPointer(start: start, count: count))
    switch mode {
    case "expr": fuzzExpression(String(decoding: bytes, as: UTF8.self))
    case "cal": fuzzCalendar(String(decoding: bytes, as: UTF8.self))
    default: fuzzLint(bytes)
    }
    return 0
}

private func fuzzLint(_ bytes: [UInt8]) {
    let result: LintResult
    do {
        result = try linter.lint(paths: ["-"], stdin: bytes)
    } catch {
        fatalError("standard input gave a usage error: \(error)")
    }
    let lines = result.sources["<stdin>"] ?? []
    for d in result.diagnostics where d.file == "<stdin>" {
        // A diagnostic points into the file (a position just past the end is allowed).
        guard d.line >= 1, d.column >= 1, d.line <= lines.count + 1, d.range.end >= d.range.start else {
            fatalError("diagnostic outside the file: \(d.canonicalLine) (\(lines.count) lines)")
        }
    }
    // JSON and SARIF go through JSONSerialization, a fifth of the time: render them for one input in eight.
    for format in OutputFormat.allCases where bytes.count % 8 == 0 || format == .text || format == .github {
        _ = format.render(result, snippets: true, color: true)
    }
    // A flow that lints clean must compile (`shenpi compile` treats the opposite as a bug).
    for checked in result.flows where !checked.hasErrors {
        if MachineCompiler.compile(checked.flow, index: FlowIndex(checked.flow)) == nil {
            fatalError("a lint-clean flow did not compile")
        }
    }
}

/// Fields of every type with a value each, so that typed conditions can be
/// written and evaluated. Built per input, not held in globals: LeakSanitizer
/// cannot see pointers to indirect enum boxes (tag bits in the pointer) and
/// would report them as leaked at exit.
private func expressionFixture() -> (ExpressionEnvironment, EvaluationContext) {
    let fields: [String: (ValueType, Value)] = [
        "name": (.string, .string("张三")), "age": (.integer, .integer(70)), "income": (.number, .number(1234.5)),
        "local": (.boolean, .boolean(true)), "born": (.date, .date(CivilDate(year: 1950, month: 2, day: 28)!)),
        "hukou": (.enumeration(values: ["local", "other"]), .string("local")), "phone": (.phone, .string("13812345678")),
        "id-number": (.residentID, .string("11010519491231002X")), "tags": (.list(.string), .list([.string("a"), .string("b")])),
        "scores": (.list(.integer), .list([.integer(1), .integer(-2)])),
        "dates": (.list(.date), .list([.date(CivilDate(year: 2025, month: 10, day: 1)!)])),
    ]
    return (ExpressionEnvironment(fields: fields.mapValues(\.0), materials: ["id-card", "photo"]),
        EvaluationContext(fields: fields.mapValues(\.1), submittedMaterials: ["id-card"], today: CivilDate(year: 2025, month: 10, day: 16)!))
}

private func fuzzExpression(_ text: String) {
    let scalars = text.unicodeScalars.count
    func checkRange(_ range: Range<Int>) {
        if range.lowerBound < 0 || range.upperBound > scalars { fatalError("error range \(range) outside \(scalars) scalars") }
    }
    switch Expression.parse(text) {
    case .failure(let error):
        checkRange(error.range)
    case .success(let expr):
        let (environment, context) = expressionFixture()
        let errors = checkCondition(expr, environment: environment)
        errors.forEach { checkRange($0.range) }
        _ = expr.description
        // A condition that type-checks may fail at run time, but only by throwing.
        if errors.isEmpty { _ = try? evaluateCondition(expr, context: context) }
    }
}
