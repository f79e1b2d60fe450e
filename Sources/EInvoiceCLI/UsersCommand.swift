import ArgumentParser
import EInvoiceStore
import EInvoiceWeb
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `eingang users`: the accounts of the clerks' workspace and the ERP API.
struct UsersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "users",
        abstract: "Add users, set their passwords and manage API tokens.",
        subcommands: [Add.self, Passwd.self, List.self, Tokens.self]
    )

    /// A tenant id as Pipeline.yml names tenants, or `*` for all.
    static func checkedTenants(_ tenants: [String]) throws -> [String] {
        let tenants = tenants.isEmpty ? [UserDraft.allTenants] : tenants
        for tenant in tenants where tenant != UserDraft.allTenants {
            guard !tenant.isEmpty, tenant.utf8.allSatisfy(Self.isTenantCharacter) else {
                throw ValidationError(
                    "a tenant id consists of letters, digits, '.', '_' and '-': \(tenant.debugDescription)"
                )
            }
        }
        return tenants
    }

    static func isTenantCharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"):
            true
        default: false
        }
    }

    static func checkedName(_ name: String) throws -> String {
        guard !name.isEmpty, name.count <= 64,
            name.utf8.allSatisfy({ isTenantCharacter($0) || $0 == UInt8(ascii: "@") })
        else {
            throw ValidationError("a user name consists of letters, digits, '.', '_', '-' and '@' (at most 64)")
        }
        return name
    }

    /// The minimum length of a password.
    static let minimumPasswordLength = 12

    /// Reads a password: from standard input (one line) when it is not a terminal, else asked for twice without echo.
    static func readPassword() throws -> String {
        let password: String
        if isatty(STDIN_FILENO) == 0 {
            guard let line = Swift.readLine(strippingNewline: true) else {
                throw CommandFailure("no password on standard input")
            }
            password = line
        } else {
            password = try prompt("Password: ")
            guard try prompt("Repeat: ") == password else { throw CommandFailure("the passwords differ") }
        }
        guard password.count >= minimumPasswordLength else {
            throw CommandFailure("a password has at least \(minimumPasswordLength) characters")
        }
        return password
    }

    static func prompt(_ text: String) throws -> String {
        FileHandle.standardError.write(Data(text.utf8))
        var saved = termios()
        tcgetattr(STDIN_FILENO, &saved)
        var silent = saved
        silent.c_lflag &= ~tcflag_t(ECHO)
        tcsetattr(STDIN_FILENO, TCSANOW, &silent)
        defer {
            tcsetattr(STDIN_FILENO, TCSANOW, &saved)
            FileHandle.standardError.write(Data("\n".utf8))
        }
        guard let line = Swift.readLine(strippingNewline: true) else { throw CommandFailure("no password given") }
        return line
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a user. Clerks and admins are asked for a password (or read it from standard input)."
        )

        @OptionGroup var store: StoreOptions

        @Argument(help: "The user's login name.")
        var name: String

        @Option(help: "clerk, admin or api (an ERP or other system: API tokens only, no password).")
        var role: RoleArgument = .clerk

        @Option(name: .customLong("tenant"), help: "A tenant the user sees (repeatable; default: * for all).")
        var tenants: [String] = []

        func run() async throws {
            let name = try UsersCommand.checkedName(name)
            let tenants = try UsersCommand.checkedTenants(tenants)
            let hash = role == .api ? nil : try PasswordHash.make(try UsersCommand.readPassword())
            let draft = UserDraft(name: name, role: role.role, tenants: tenants, passwordHash: hash)
            let user = try await StoreCommand.run {
                try await StoreOptions.withStore(store.configuration()) { try await $0.addUser(draft, at: Date()) }
            }
            guard let user else { throw CommandFailure("a user named \(name.debugDescription) exists") }
            print("\(user.id)\t\(user.name)\t\(user.role.rawValue)\t\(user.tenants.joined(separator: ","))")
        }
    }

    struct Passwd: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Set a user's password (and end the user's sessions)."
        )

        @OptionGroup var store: StoreOptions

        @Argument(help: "The user's login name.")
        var name: String

        func run() async throws {
            let configuration = try store.configuration()
            let user = try await StoreCommand.run {
                try await StoreOptions.withStore(configuration) { try await $0.user(named: name) }
            }
            guard let user else { throw CommandFailure("no user named \(name.debugDescription)") }
            guard user.role != .api else { throw CommandFailure("an api user has tokens, not a password") }
            let hash = try PasswordHash.make(try UsersCommand.readPassword())
            _ = try await StoreCommand.run {
                try await StoreOptions.withStore(configuration) {
                    try await $0.setPasswordHash(user: user.id, hash, at: Date())
                }
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the users.")

        @OptionGroup var store: StoreOptions

        func run() async throws {
            let users = try await StoreCommand.run {
                try await StoreOptions.withStore(store.configuration()) { try await $0.users() }
            }
            for user in users {
                print("\(user.id)\t\(user.name)\t\(user.role.rawValue)\t\(user.tenants.joined(separator: ","))")
            }
        }
    }

    struct Tokens: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "tokens",
            abstract: "Add, list and revoke the API tokens of an api user.",
            subcommands: [AddToken.self, ListTokens.self, Revoke.self]
        )
    }

    struct AddToken: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Make an API token; it is printed once and only its hash is kept."
        )

        @OptionGroup var store: StoreOptions

        @Argument(help: "The api user's name.")
        var user: String

        @Option(help: "A label for the token (e.g. the ERP's name).")
        var label: String = "erp"

        @Option(
            name: .customLong("scope"),
            help: "bookings:read, bookings:ack, rejections:read or invoices:submit (repeatable; default: all)."
        )
        var scopes: [ScopeArgument] = []

        @Option(
            name: .customLong("tenant"),
            help: "A tenant the token sees, among its user's (repeatable; default: * for all of the user's)."
        )
        var tenants: [String] = []

        func run() async throws {
            let configuration = try store.configuration()
            let tenants = try UsersCommand.checkedTenants(tenants)
            let token = SecretToken.generate()
            let made = try await StoreCommand.run {
                try await StoreOptions.withStore(configuration) { store -> APIToken? in
                    guard let owner = try await store.user(named: user), owner.role == .api else { return nil }
                    return try await store.addAPIToken(
                        APITokenDraft(
                            userID: owner.id,
                            name: label,
                            tokenHash: SecretToken.hash(token),
                            scopes: scopes.isEmpty ? APIScope.allCases : scopes.compactMap(\.scope),
                            tenants: tenants
                        ),
                        at: Date()
                    )
                }
            }
            guard let made else { throw CommandFailure("no api user named \(user.debugDescription)") }
            FileHandle.standardError.write(Data("token \(made.id) (shown once; keep it secret):\n".utf8))
            print(token)
        }
    }

    struct ListTokens: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List a user's API tokens.")

        @OptionGroup var store: StoreOptions

        @Argument(help: "The api user's name.")
        var user: String

        func run() async throws {
            let tokens = try await StoreCommand.run {
                try await StoreOptions.withStore(store.configuration()) { store -> [APIToken]? in
                    guard let owner = try await store.user(named: user) else { return nil }
                    return try await store.apiTokens(user: owner.id)
                }
            }
            guard let tokens else { throw CommandFailure("no user named \(user.debugDescription)") }
            for token in tokens {
                let state = token.revokedAt == nil ? "active" : "revoked"
                print(
                    "\(token.id)\t\(token.name)\t\(state)\t\(token.scopes.map(\.rawValue).joined(separator: ","))"
                        + "\t\(token.tenants.joined(separator: ","))"
                )
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke an API token (repeating it changes nothing).")

        @OptionGroup var store: StoreOptions

        @Argument(help: "The token's id.")
        var id: Int64

        func run() async throws {
            let found = try await StoreCommand.run {
                try await StoreOptions.withStore(store.configuration()) { try await $0.revokeAPIToken(id, at: Date()) }
            }
            guard found else { throw StoreCommand.notFound("API token", id) }
        }
    }
}

/// A role as the command line names it.
enum RoleArgument: String, ExpressibleByArgument, CaseIterable {
    case clerk, admin, api

    var role: UserRole { UserRole(rawValue: rawValue) ?? .clerk }
}

/// An API scope as the command line names it.
enum ScopeArgument: String, ExpressibleByArgument, CaseIterable {
    case bookingsRead = "bookings:read"
    case bookingsAck = "bookings:ack"
    case rejectionsRead = "rejections:read"
    case invoicesSubmit = "invoices:submit"

    var scope: APIScope? { APIScope(rawValue: rawValue) }
}
