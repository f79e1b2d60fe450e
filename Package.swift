// swift-tools-version: 6.1
import PackageDescription

// Hummingbird's three upcoming features; Swift 6 language mode.
let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "eingang",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "eingang", targets: ["eingang"]),
        .library(name: "EInvoiceValidation", targets: ["EInvoiceValidation"]),
        .library(name: "EInvoiceBusinessTerms", targets: ["EInvoiceBusinessTerms"]),
        .library(name: "EInvoiceXML", targets: ["EInvoiceXML"]),
        .library(name: "EInvoicePDF", targets: ["EInvoicePDF"]),
        // For the benchmarks of PDF extraction: TestPDF writes the hybrid PDFs they time (NIO ships NIOTestUtils).
        .library(name: "EInvoiceTestPDF", targets: ["EInvoiceTestPDF"]),
        .library(name: "EInvoiceReports", targets: ["EInvoiceReports"]),
        // For the benchmarks of the store and of reprocessing.
        .library(name: "EInvoiceStore", targets: ["EInvoiceStore"]),
        .library(name: "EInvoiceStoreSQLite", targets: ["EInvoiceStoreSQLite"]),
        .library(name: "EInvoicePipeline", targets: ["EInvoicePipeline"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        // The clerks' workspace and the ERP API; the default traits (swift-configuration, full Foundation) are not needed.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
        // _CryptoExtras' scrypt for password hashes (3.x: 4.x moved the key derivation functions).
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"4.0.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
    ],
    targets: [
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        .target(name: "EInvoiceXML", dependencies: ["CLibXML2"], swiftSettings: strict),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .target(name: "EInvoicePDF", dependencies: ["CZlib"], swiftSettings: strict),
        .target(name: "XPath2", dependencies: ["EInvoiceXML"], swiftSettings: strict),
        .target(name: "Schematron", dependencies: ["XPath2", "EInvoiceXML"], swiftSettings: strict),
        .target(
            name: "EInvoiceValidation",
            dependencies: [
                "Schematron", "XPath2", "EInvoiceXML", "EInvoicePDF", .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict
        ),
        .target(name: "EInvoiceBusinessTerms", dependencies: ["EInvoiceXML"], swiftSettings: strict),
        .target(
            name: "EInvoiceReports",
            dependencies: ["EInvoiceValidation", "EInvoiceBusinessTerms", "EInvoiceXML"],
            swiftSettings: strict
        ),
        .target(name: "EInvoiceStore", dependencies: [], swiftSettings: strict),
        .target(
            name: "EInvoiceStoreSQLite",
            dependencies: ["EInvoiceStore", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strict
        ),
        .target(
            name: "EInvoiceStorePostgres",
            dependencies: [
                "EInvoiceStore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "EInvoicePipeline",
            dependencies: [
                "EInvoiceValidation",
                "EInvoiceReports",
                "EInvoiceBusinessTerms",
                "EInvoiceStore",
                "EInvoiceStoreSQLite",
                "EInvoiceXML",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "EInvoiceWeb",
            dependencies: [
                "EInvoicePDF",
                "EInvoicePipeline",
                "EInvoiceValidation",
                "EInvoiceXML",
                "EInvoiceReports",
                "EInvoiceBusinessTerms",
                "EInvoiceStore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "EInvoiceCLI",
            dependencies: [
                "EInvoiceValidation",
                "EInvoicePipeline",
                "EInvoiceReports",
                "EInvoiceBusinessTerms",
                "EInvoiceStore",
                "EInvoiceStoreSQLite",
                "EInvoiceStorePostgres",
                "EInvoiceWeb",
                "EInvoiceXML",
                "EInvoicePDF",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(name: "eingang", dependencies: ["EInvoiceCLI"], swiftSettings: strict),
        // Writes the PDFs of the tests and benchmarks (no store, no PostgreSQL, so the benchmarks need neither).
        .target(name: "EInvoiceTestPDF", dependencies: ["CZlib"], swiftSettings: strict),
        .target(
            name: "EInvoiceTestSupport",
            dependencies: [
                "EInvoiceValidation", "EInvoiceStore", "EInvoiceStoreSQLite", "EInvoiceStorePostgres",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "EInvoiceStoreTests",
            dependencies: ["EInvoiceStore", "EInvoiceStoreSQLite", "EInvoiceStorePostgres", "EInvoiceTestSupport"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "EInvoicePDFTests",
            dependencies: ["EInvoiceTestPDF", "EInvoicePDF", "EInvoiceTestSupport"],
            swiftSettings: strict
        ),
        .testTarget(name: "EInvoiceXMLTests", dependencies: ["EInvoiceXML"], swiftSettings: strict),
        .testTarget(name: "XPath2Tests", dependencies: ["XPath2", "EInvoiceXML"], swiftSettings: strict),
        .testTarget(
            name: "SchematronTests",
            dependencies: ["Schematron", "XPath2", "EInvoiceXML"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "EInvoicePipelineTests",
            dependencies: [
                "EInvoiceTestPDF",
                "EInvoicePipeline", "EInvoiceStore", "EInvoiceStoreSQLite", "EInvoiceStorePostgres",
                "EInvoiceValidation",
                "EInvoiceReports", "EInvoiceBusinessTerms", "EInvoiceTestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "EInvoiceCLITests",
            dependencies: [
                "EInvoiceTestPDF",
                "EInvoiceTestSupport", "EInvoiceReports", "EInvoiceStore", "EInvoiceStoreSQLite",
                "EInvoiceStorePostgres",
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "EInvoiceWebTests",
            dependencies: [
                "EInvoiceWeb", "EInvoiceStore", "EInvoiceStoreSQLite", "EInvoiceTestSupport", "EInvoicePipeline",
                "EInvoiceValidation", "EInvoiceTestPDF",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "EInvoiceBusinessTermsTests",
            dependencies: ["EInvoiceBusinessTerms", "EInvoiceXML", "EInvoiceTestSupport"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "EInvoiceReportsTests",
            dependencies: [
                "EInvoiceReports", "EInvoiceValidation", "EInvoiceBusinessTerms", "EInvoiceXML", "EInvoiceTestSupport",
                "CLibXML2",
            ],
            exclude: ["Golden"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "EInvoiceValidationTests",
            dependencies: [
                "EInvoiceTestPDF", "EInvoiceValidation", "EInvoiceTestSupport", "EInvoiceXML", "EInvoicePDF",
            ],
            swiftSettings: strict
        ),
    ]
)
