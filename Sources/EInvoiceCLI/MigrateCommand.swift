import ArgumentParser
import Foundation

/// `eingang migrate`: brings the store's schema up to date (what `eingang run` also does when it starts).
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Apply the store's schema migrations and list them.",
        discussion: """
            Daemons migrate when they start (several at once migrate once: PostgreSQL's migrations run under an \
            advisory lock); this command does it ahead of them, e.g. before the first daemon of a new installation \
            or after an update.
            """
    )

    @OptionGroup var store: StoreOptions

    func run() async throws {
        let (location, opened) = try await StoreCommand.run {
            let location = try StoreLocation(try store.configuration())
            return (location, try await location.open())
        }
        let all = try await StoreCommand.run { try await opened.migrations() }
        print("store \(location)")
        if let appliedNow = opened.appliedNow {
            print(appliedNow.isEmpty ? "nothing to migrate" : "applied now: " + appliedNow.joined(separator: "; "))
        }
        print("migrations: " + all.joined(separator: "; "))
    }
}
