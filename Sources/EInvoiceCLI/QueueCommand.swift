import ArgumentParser
import EInvoicePipeline
import EInvoiceStore
import Foundation

/// `eingang queue`: the booking queue, for operators.
struct QueueCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "queue",
        abstract: "List, show and acknowledge booking entries.",
        subcommands: [List.self, Show.self, Ack.self]
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List booking entries in the order they were booked.")

        @OptionGroup var store: StoreOptions
        @OptionGroup var output: OutputOptions

        @Option(help: "List entries after this id.")
        var after: Int64 = 0

        @Option(help: "At most this many entries.")
        var limit = 1000

        func run() async throws {
            let entries = try await StoreCommand.run {
                try await StoreOptions.withStore(store.configuration()) {
                    try await $0.bookings(after: after, limit: limit)
                }
            }
            for entry in entries { output.print(StoreCommand.listed(entry), text: StoreCommand.line(entry)) }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one booking entry with its business terms.")

        @OptionGroup var store: StoreOptions
        @OptionGroup var output: OutputOptions

        @Argument(help: "The booking id.")
        var id: Int64

        func run() async throws {
            let entry = try await StoreCommand.run {
                try await StoreOptions.withStore(store.configuration()) { try await $0.booking(id) }
            }
            guard let entry else { throw StoreCommand.notFound("booking", id) }
            output.print(StoreCommand.shown(entry), text: StoreCommand.block(entry))
        }
    }

    struct Ack: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Mark a booking entry acknowledged by the ERP (repeating it changes nothing)."
        )

        @OptionGroup var store: StoreOptions
        @OptionGroup var output: OutputOptions

        @Argument(help: "The booking id.")
        var id: Int64

        func run() async throws {
            let entry = try await StoreCommand.run {
                try await StoreOptions.withStore(store.configuration()) {
                    try await $0.acknowledgeBooking(id, at: Date())
                }
            }
            guard let entry else { throw StoreCommand.notFound("booking", id) }
            output.print(StoreCommand.listed(entry), text: StoreCommand.line(entry))
        }
    }
}

/// `eingang rejections`: what was rejected and why.
struct RejectionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rejections",
        abstract: "List and show rejections.",
        subcommands: [List.self, Show.self]
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List rejections in the order they were made.")

        @OptionGroup var store: StoreOptions
        @OptionGroup var output: OutputOptions

        @Option(help: "List rejections after this id.")
        var after: Int64 = 0

        @Option(help: "At most this many rejections.")
        var limit = 1000

        func run() async throws {
            let entries = try await StoreCommand.run {
                try await StoreOptions.withStore(store.configuration()) {
                    try await $0.rejections(after: after, limit: limit)
                }
            }
            for entry in entries { output.print(StoreCommand.listed(entry), text: StoreCommand.line(entry)) }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one rejection.")

        @OptionGroup var store: StoreOptions
        @OptionGroup var output: OutputOptions

        @Argument(help: "The rejection id.")
        var id: Int64

        func run() async throws {
            let configuration = try await StoreCommand.run { try store.configuration() }
            let entry = try await StoreCommand.run {
                try await StoreOptions.withStore(configuration) { try await $0.rejection(id) }
            }
            guard let entry else { throw StoreCommand.notFound("rejection", id) }
            output.print(
                StoreCommand.listed(entry, dataDirectory: configuration.dataDirectory),
                text: StoreCommand.block(entry, dataDirectory: configuration.dataDirectory)
            )
        }
    }
}

/// `--json`: one JSON object per line instead of text.
struct OutputOptions: ParsableArguments {
    @Flag(help: "Print one JSON object per line.")
    var json = false

    func print(_ object: [String: Any?], text: String) {
        if json {
            let compact = object.compactMapValues { $0 }
            let data =
                (try? JSONSerialization.data(withJSONObject: compact, options: [.sortedKeys, .withoutEscapingSlashes]))
                ?? Data("{}".utf8)
            Swift.print(String(decoding: data, as: UTF8.self))
        } else {
            Swift.print(text)
        }
    }
}
