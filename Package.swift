// swift-tools-version:6.0
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
                .product(name: "GRDB", package: "GRDB.swift"), .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // Scenario files for authors: a flow, a virtual clock, commands and expectations (`shenpi test`).
        .target(name: "ShenpiScenario", dependencies: ["ShenpiEngine", "ShenpiRules", "ShenpiSyntax", "ShenpiLanguage", "ShenpiCalendar", "ShenpiMachine"]),
        .target(name: "ShenpiTestSupport", dependencies: ["ShenpiRules", "ShenpiCalendar"]),
        .testTarget(name: "ShenpiSyntaxTests", dependencies: ["ShenpiSyntax", "ShenpiTestSupport"]),
        .testTarget(name: "ShenpiLanguageTests", dependencies: ["ShenpiLanguage", "ShenpiCalendar", "ShenpiTestSupport"]),
        .testTarget(name: "ShenpiRulesTests", dependencies: ["ShenpiRules", "ShenpiBench", "ShenpiTestSupport"]),
        .testTarget(name: "ShenpiMachineTests", dependencies: ["ShenpiMachine", "ShenpiRules", "ShenpiBench", "ShenpiTestSupport"]),
        .testTarget(name: "ShenpiRenderTests", dependencies: ["ShenpiRender", "ShenpiTestSupport"]),
        .testTarget(name: "ShenpiCLITests", dependencies: ["shenpi", "ShenpiTestSupport"]),
        .testTarget(name: "ShenpiCalendarTests", dependencies: ["ShenpiCalendar", "ShenpiTestSupport"]),
        .testTarget(name: "ShenpiStoreTests", dependencies: ["ShenpiStore", "ShenpiRules", "ShenpiScenario", "ShenpiTestSupport"]),
        .testTarget(name: "ShenpiScenarioTests", dependencies: ["ShenpiScenario", "ShenpiTestSupport"]),
        .testTarget(name: "ShenpiEngineTests", dependencies: ["ShenpiEngine", "ShenpiRules", "ShenpiTestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
