import EInvoicePipeline
import EInvoiceStore
import EInvoiceStorePostgres
import EInvoiceTestSupport
import Foundation
import Testing

/// Several daemons on one PostgreSQL store, one inbox and one data directory, in one process: every file is taken
/// by exactly one of them.
@Suite(.serialized, .enabled(if: TestDatabase.isEnabled)) struct SharedStoreTests {
    @Test(.timeLimit(.minutes(3))) func daemonsSharingAnInboxTakeEachFileOnce() async throws {
        try await TestDatabase.withDatabase { url in
            let stores = [
                try await PostgresStore.open(url), try await PostgresStore.open(url), try await PostgresStore.open(url),
            ]
            try await withThrowingTaskGroup(of: Void.self) { clients in
                for store in stores { clients.addTask { try await store.run() } }
                defer { clients.cancelAll() }
                let harness = try PipelineHarness(store: stores[0]) { $0.workers = 1 }
                let valid = try PipelineHarness.sample("ubl-invoice-valid.xml")
                var expected: [Outcome: Int] = [:]
                for index in 0..<60 {
                    let bytes = Array(valid.replacingOccurrences(of: "NL-2026-00417", with: "S-\(index)").utf8)
                    try harness.drop(bytes, as: "valid-\(index).xml")
                    expected[.booked, default: 0] += 1
                    if index % 10 == 0 {
                        try harness.drop(bytes, as: "sub/copy-\(index).xml")
                        expected[.duplicate, default: 0] += 1
                    }
                }
                for index in 0..<10 {
                    try harness.drop(Array("not an invoice \(index)".utf8), as: "garbage-\(index).xml")
                    expected[.rejected, default: 0] += 1
                }
                let pipelines = try stores.map { try harness.pipeline(store: $0) }
                let summaries = try await withThrowingTaskGroup(of: Pipeline.Summary.self) { group in
                    for pipeline in pipelines { group.addTask { try await pipeline.run(once: true) } }
                    return try await group.reduce(into: [Pipeline.Summary]()) { $0.append($1) }
                }
                #expect(summaries.allSatisfy { $0.unfinished == 0 })
                let receipts = try await harness.receipts()
                #expect(receipts.count == expected.values.reduce(0, +), "one receipt per file")
                #expect(Set(receipts.map(\.sourceName)).count == receipts.count)
                #expect(receipts.allSatisfy { $0.state == .settled })
                #expect(try await harness.store.outcomeCounts() == expected)
                let rejections = try await harness.store.rejections(after: 0, limit: 1000)
                #expect(!rejections.contains { $0.reasonClass == "vanished" })
                #expect(harness.files(in: "inbox").isEmpty)
                #expect(harness.files(in: "data/work").isEmpty)
                // The three did share the work (a summary counts what each settled).
                #expect(summaries.map(\.total).reduce(0, +) == receipts.count)
            }
        }
    }
}
