import ArgumentParser
import EInvoicePipeline
import EInvoiceStore
import EInvoiceStoreSQLite
import Foundation

/// Options of every command that uses the store: `--config` and `--data-dir`, overriding Pipeline.yml.
struct StoreOptions: ParsableArguments {
    @Option(help: "The configuration file (default: ./Pipeline.yml when present, else built-in defaults).")
    var config: String?

    @Option(name: .customLong("data-dir"), help: "The data directory (database, archive, reports).")
    var dataDirectory: String?

    /// The configuration: `--config`, else `./Pipeline.yml` when there is one, else the defaults; then the
    /// command line's overrides.
    func configuration() throws -> PipelineConfiguration {
        var configuration: PipelineConfiguration
        if let config {
            configuration = try PipelineConfiguration.load(path: config)
        } else if FileManager.default.fileExists(atPath: "Pipeline.yml") {
            configuration = try PipelineConfiguration.load(path: "Pipeline.yml")
        } else {
            configuration = PipelineConfiguration()
        }
        if let dataDirectory { configuration.dataDirectory = dataDirectory }
        return configuration
    }

    /// Opens the store the configuration names.
    static func openStore(_ configuration: PipelineConfiguration) throws -> any InvoiceStore {
        if let url = configuration.databaseURL {
            throw CommandFailure("database.url is set (\(url.prefix(11))…), but this build has only the SQLite store")
        }
        let data = DataDirectory(path: configuration.dataDirectory)
        try data.prepare()
        return try SQLiteStore(path: data.databasePath)
    }
}

/// A command that cannot do its work: the message goes to standard error, the exit status is 2.
struct CommandFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
