// swift-tools-version: 6.1
import PackageDescription

// A package of its own (NIO, swift-log), so `swift build` / `swift test` of eingang never build the benchmarks.
let package = Package(
    name: "EingangBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "eingang", path: "../")
    ],
    targets: [
        .executableTarget(
            name: "eingang-benchmarks",
            dependencies: [
                .product(name: "EInvoiceValidation", package: "eingang"),
                .product(name: "EInvoiceBusinessTerms", package: "eingang"),
                .product(name: "EInvoiceXML", package: "eingang"),
                .product(name: "EInvoiceReports", package: "eingang"),
                .product(name: "EInvoiceStore", package: "eingang"),
                .product(name: "EInvoiceStoreSQLite", package: "eingang"),
                .product(name: "EInvoicePipeline", package: "eingang"),
                .product(name: "EInvoicePDF", package: "eingang"),
                .product(name: "EInvoiceTestPDF", package: "eingang"),
            ],
            path: "Sources/EingangBenchmarks"
        )
    ]
)
