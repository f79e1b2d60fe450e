import ArgumentParser
import EInvoicePipeline
import EInvoiceStore
import Foundation

/// `eingang store`: moving an installation between stores.
struct StoreAdminCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "Administer the store.",
        subcommands: [Copy.self]
    )

    /// `eingang store copy --from sqlite:PATH --to postgres://…`.
    struct Copy: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Copy every record of one store into another, with its id and status.",
            discussion: """
                Copies receipts, bookings, rejections and held duplicates with their ids, states and statuses; \
                numbering in the target continues after the highest id. A record already in the target (the same \
                id) is kept, so a copy that was interrupted can simply be run again. A target that an eingang run \
                has used is refused, and so is a SQLite source whose daemon is running: stop the daemon first. \
                Receipts that were not settled are taken over by the first daemon on the target.
                """
        )

        @Option(help: "The store to copy from: sqlite:PATH or a postgres:// URL.")
        var from: String

        @Option(help: "The store to copy into: a postgres:// URL or sqlite:PATH (default: $EINGANG_DATABASE_URL).")
        var to: String?

        @Option(help: "Records per transaction.")
        var batch = 500

        func validate() throws {
            if batch < 1 { throw ValidationError("--batch must be at least 1") }
        }

        func run() async throws {
            let summary = try await StoreCommand.run { try await copy() }
            print(summary)
        }

        private func copy() async throws -> String {
            guard let target = to ?? ProcessInfo.processInfo.environment[StoreOptions.databaseURLVariable] else {
                throw CommandFailure("no target: pass --to or set \(StoreOptions.databaseURLVariable)")
            }
            let source = try StoreLocation(url: from)
            let destination = try StoreLocation(url: target)
            // A daemon on the SQLite source must not change it while it is copied (and none may start).
            var lock: DataDirectoryLock?
            if case .sqlite(let path) = source {
                guard FileManager.default.fileExists(atPath: path) else {
                    throw CommandFailure("\(source): no such file")
                }
                let directory = DataDirectory(path: SystemPath.parent(of: path))
                if FileManager.default.fileExists(atPath: directory.path + "/eingang.lock") {
                    guard let acquired = try directory.lock() else {
                        throw CommandFailure("an eingang run is using \(directory.path): stop it first")
                    }
                    lock = acquired
                }
            }
            defer { withExtendedLifetime(lock) {} }
            let from = try await source.open()
            let into = try await destination.open()
            let lines = try await from.withRunning { source in
                try await into.withRunning { target in
                    if try await target.hasRegisteredDaemons() {
                        throw CommandFailure(
                            "\(destination) has been used by eingang run: copy only into a new, empty store"
                        )
                    }
                    var lines: [String] = []
                    for kind in RecordKind.allCases {
                        var after: Int64 = 0
                        var read = 0
                        var inserted = 0
                        while true {
                            let page = try await source.exportRecords(kind, after: after, limit: batch)
                            guard let last = page.lastID else { break }
                            read += page.count
                            inserted += try await target.importRecords(page)
                            after = last
                        }
                        lines.append("\(kind.rawValue) \(read) (\(inserted) new)")
                    }
                    return lines
                }
            }
            return "copied \(source) to \(destination): " + lines.joined(separator: ", ")
        }
    }
}
