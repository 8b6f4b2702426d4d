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
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2")
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
        // Stage 2: located tree → workflow model; the expression language. Uses the calendar for dates.
        .target(name: "ShenpiLanguage", dependencies: ["ShenpiSyntax", "ShenpiCalendar"]),
        // Stage 3: rules over the model, the lint driver and its output formats.
        .target(name: "ShenpiRules", dependencies: ["ShenpiLanguage", "ShenpiCalendar"]),
        // Working-day calendars and legal clocks; knows nothing of YAML flows.
        .target(name: "ShenpiCalendar", resources: [.copy("Data")]),
        // Synthetic catalogs for benchmarks and scale tests.
        .target(name: "ShenpiBench", dependencies: ["ShenpiRules"]),
        .executableTarget(
            name: "shenpi",
            dependencies: [
                "ShenpiRules",
                "ShenpiBench",
                "ShenpiCalendar",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .target(name: "ShenpiTestSupport", dependencies: ["ShenpiRules", "ShenpiCalendar"]),
        .testTarget(name: "ShenpiSyntaxTests", dependencies: ["ShenpiSyntax", "ShenpiTestSupport"]),
        .testTarget(name: "ShenpiLanguageTests", dependencies: ["ShenpiLanguage", "ShenpiCalendar", "ShenpiTestSupport"]),
        .testTarget(name: "ShenpiRulesTests", dependencies: ["ShenpiRules", "ShenpiBench", "ShenpiTestSupport"]),
        .testTarget(name: "ShenpiCLITests", dependencies: ["shenpi", "ShenpiTestSupport"]),
        .testTarget(name: "ShenpiCalendarTests", dependencies: ["ShenpiCalendar", "ShenpiTestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
