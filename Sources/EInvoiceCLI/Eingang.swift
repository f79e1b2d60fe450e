public import ArgumentParser

/// The `eingang` command: receives electronic invoices and decides, as the official validator would, which go to
/// booking and which go back.
public struct Eingang: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "eingang",
        abstract: "Receive XRechnung / EN 16931 invoices and decide them exactly as the official validator would.",
        subcommands: [
            ValidateCommand.self, ExtractCommand.self, RunCommand.self, ServeCommand.self, QueueCommand.self,
            RejectionsCommand.self, ReprocessCommand.self, MigrateCommand.self, StoreAdminCommand.self,
            UsersCommand.self,
        ]
    )

    public init() {}
}
