// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "Shenpi",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "shenpi", targets: ["shenpi"]),
        .library(name: "ShenpiRules", targets: ["ShenpiRules"]),
        .library(name: "ShenpiCalendar", targets: ["ShenpiCalendar"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        // The daemon only (ShenpiServer); no default traits: swift-configuration is not needed.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        // Already in Hummingbird's graph; named for the channel handler that words its 400s.
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
    ],
    targets: [
        // The system libyaml (Debian: libyaml-dev).
        .systemLibrary(
            name: "LibYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"])]
        ),
        // Stage 1: bytes → located YAML tree, plus the diagnostic type every stage shares.
        .target(name: "ShenpiSyntax", dependencies: ["LibYAML"]),
        // The typed expression language of conditions: parser, type checker, evaluator.
        // Its own target so the engine can evaluate conditions without the YAML layer.
        .target(name: "ShenpiExpression", dependencies: ["ShenpiCalendar"]),
        // Stage 2: located tree → workflow model. Uses the calendar for dates.
        .target(name: "ShenpiLanguage", dependencies: ["ShenpiSyntax", "ShenpiCalendar", "ShenpiExpression"]),
        // The compiled state machine: immutable tables the engine executes, with a
        // content fingerprint. Knows nothing of YAML.
        .target(
            name: "ShenpiMachine",
            dependencies: ["ShenpiExpression", "ShenpiCalendar", .product(name: "Crypto", package: "swift-crypto")]
        ),
        // Stage 3: rules over the model, the lint driver and its output formats.
        .target(name: "ShenpiRules", dependencies: ["ShenpiLanguage", "ShenpiCalendar", "ShenpiMachine"]),
        // Diagrams and public service guides rendered from checked flows.
        .target(name: "ShenpiRender", dependencies: ["ShenpiRules"]),
        // Working-day calendars and legal clocks; knows nothing of YAML flows.
        .target(name: "ShenpiCalendar", resources: [.copy("Data")]),
        // Synthetic catalogs for benchmarks and scale tests.
        .target(name: "ShenpiBench", dependencies: ["ShenpiRules", "ShenpiCalendar"]),
        .executableTarget(
            name: "shenpi",
            dependencies: [
                "ShenpiRender",
                "ShenpiRules",
                "ShenpiBench",
                "ShenpiMachine",
                "ShenpiCalendar",
                "ShenpiEngine",
                "ShenpiStore",
                "ShenpiScenario",
                "ShenpiServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // The pure case engine: step(machine, state, command, now) → (state, events, effects).
        .target(name: "ShenpiEngine", dependencies: ["ShenpiMachine", "ShenpiCalendar", "ShenpiExpression"]),
        // The durable store (SQLite through GRDB) and the engine façade by case id.
        .target(
            name: "ShenpiStore",
            dependencies: [
                "ShenpiEngine", "ShenpiMachine", "ShenpiCalendar",
                .product(name: "GRDB", package: "GRDB.swift"), .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // Scenario files for authors: a flow, a virtual clock, commands and expectations (`shenpi test`).
        // It runs cases on the store's engine (in memory), so a call step opens a sub-case as in the daemon.
        .target(
            name: "ShenpiScenario",
            dependencies: ["ShenpiEngine", "ShenpiStore", "ShenpiRules", "ShenpiSyntax", "ShenpiLanguage", "ShenpiCalendar", "ShenpiMachine"]
        ),
        // The HTTP API as a plain function of a request (routing, auth, JSON, idempotency):
        // no server framework, so it is tested in-process and builds fast.
        .target(
            name: "ShenpiAPI",
            dependencies: [
                "ShenpiStore", "ShenpiRules", "ShenpiRender", "ShenpiEngine", "ShenpiMachine", "ShenpiCalendar", "ShenpiExpression",
                .product(name: "Logging", package: "swift-log"), .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            resources: [.copy("Resources/openapi.yaml")]
        ),
        // The daemon: Hummingbird in front of ShenpiAPI, timer loop, outbox sender, signals, metrics.
        .target(
            name: "ShenpiServer",
            dependencies: [
                "ShenpiAPI",
                .product(name: "Hummingbird", package: "hummingbird"), .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Logging", package: "swift-log"), .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
            ]
        ),
        .target(name: "ShenpiTestSupport", dependencies: ["ShenpiRules", "ShenpiSyntax", "ShenpiCalendar"]),
        .testTarget(name: "ShenpiSyntaxTests", dependencies: ["ShenpiSyntax", "ShenpiTestSupport"]),
        .testTarget(name: "ShenpiLanguageTests", dependencies: ["ShenpiLanguage", "ShenpiCalendar", "ShenpiTestSupport"]),
        .testTarget(name: "ShenpiRulesTests", dependencies: ["ShenpiRules", "ShenpiBench", "ShenpiTestSupport"]),
        .testTarget(name: "ShenpiMachineTests", dependencies: ["ShenpiMachine", "ShenpiRules", "ShenpiBench", "ShenpiTestSupport"]),
        .testTarget(name: "ShenpiRenderTests", dependencies: ["ShenpiRender", "ShenpiTestSupport"]),
        .testTarget(name: "ShenpiCLITests", dependencies: ["shenpi", "ShenpiTestSupport"]),
        .testTarget(name: "ShenpiCalendarTests", dependencies: ["ShenpiCalendar", "ShenpiTestSupport"]),
        .testTarget(name: "ShenpiStoreTests", dependencies: ["ShenpiStore", "ShenpiRules", "ShenpiScenario", "ShenpiTestSupport"]),
        .testTarget(name: "ShenpiScenarioTests", dependencies: ["ShenpiScenario", "ShenpiTestSupport"]),
        .testTarget(
            name: "ShenpiAPITests",
            dependencies: ["ShenpiAPI", "ShenpiTestSupport", .product(name: "GRDB", package: "GRDB.swift"), .product(name: "Logging", package: "swift-log")]),
        .testTarget(
            name: "ShenpiServerTests",
            dependencies: [
                "ShenpiServer", "ShenpiAPI", "shenpi", "ShenpiTestSupport", .product(name: "Logging", package: "swift-log"),
                .product(name: "Hummingbird", package: "hummingbird"), .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .testTarget(name: "ShenpiEngineTests", dependencies: ["ShenpiEngine", "ShenpiRules", "ShenpiTestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)

// `SHENPI_FUZZ=1` adds the libFuzzer entry of fuzz/lint/run as a static library:
// an executable would break a plain `swift build` (libFuzzer brings its own
// `main`), so the script links the library itself with `swiftc -sanitize=fuzzer`.
if Context.environment["SHENPI_FUZZ"] == "1" {
    package.products.append(.library(name: "ShenpiLintFuzz", type: .static, targets: ["ShenpiLintFuzz"]))
    package.targets.append(.target(
        name: "ShenpiLintFuzz",
        dependencies: ["ShenpiRules", "ShenpiCalendar", "ShenpiExpression"],
        path: "fuzz/lint",
        exclude: ["run", "expr.dict", "yaml.dict", "cal.dict"]
    ))
}
