import NIOSSL
package import PostgresNIO

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the PostgreSQL store is: `postgres://user:password@host:port/database` (TCP) or
/// `postgres:///database?host=/socket/directory` (a Unix socket). Query parameters as libpq names them: `host`,
/// `port`, `user`, `password`, `sslmode` (`disable`, `prefer`, `require`), `application_name`. Without a host the
/// socket in `/var/run/postgresql` is used; without a user, the name of the user running eingang.
///
/// The URL is a secret (it may hold a password): `description` shows it redacted, without user and password.
public struct PostgresURL: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    public enum TLSMode: String, Sendable, Hashable {
        case disable
        case prefer
        case require
    }

    public var user: String
    public var password: String?
    /// A TCP host; nil for a Unix socket.
    public var host: String?
    public var port: Int
    /// The directory of the server's Unix socket (`.s.PGSQL.<port>` in it), when `host` is nil.
    public var socketDirectory: String
    public var database: String
    public var tls: TLSMode
    public var applicationName: String

    /// Reads a `postgres://` or `postgresql://` URL.
    public init(parsing text: String) throws(PostgresStoreError) {
        func invalid(_ why: String) -> PostgresStoreError {
            PostgresStoreError(.invalidURL, "\(why) in the database URL (postgres://user@host:port/database)")
        }
        var rest: Substring
        if text.hasPrefix("postgres://") {
            rest = text.dropFirst("postgres://".count)
        } else if text.hasPrefix("postgresql://") {
            rest = text.dropFirst("postgresql://".count)
        } else {
            throw invalid("no postgres:// scheme")
        }
        var query: Substring = ""
        if let mark = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: mark)...]
            rest = rest[..<mark]
        }
        var path: Substring = ""
        if let slash = rest.firstIndex(of: "/") {
            path = rest[rest.index(after: slash)...]
            rest = rest[..<slash]
        }
        var user: String?
        var password: String?
        if let at = rest.lastIndex(of: "@") {
            let userInfo = rest[..<at]
            rest = rest[rest.index(after: at)...]
            if let colon = userInfo.firstIndex(of: ":") {
                user = try Self.decode(userInfo[..<colon], invalid)
                password = try Self.decode(userInfo[userInfo.index(after: colon)...], invalid)
            } else {
                user = try Self.decode(userInfo, invalid)
            }
        }
        var host: String?
        var port: Int?
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else { throw invalid("an unclosed [") }
            host = String(rest[rest.index(after: rest.startIndex)..<close])
            rest = rest[rest.index(after: close)...]
            if rest.hasPrefix(":") {
                guard let number = Int(rest.dropFirst()) else { throw invalid("a port that is not a number") }
                port = number
            } else if !rest.isEmpty {
                throw invalid("text after the host")
            }
        } else if let colon = rest.lastIndex(of: ":") {
            host = try Self.decode(rest[..<colon], invalid)
            guard let number = Int(rest[rest.index(after: colon)...]) else {
                throw invalid("a port that is not a number")
            }
            port = number
        } else if !rest.isEmpty {
            host = try Self.decode(rest, invalid)
        }
        var database = path.isEmpty ? nil : try Self.decode(path, invalid)
        var tls = TLSMode.prefer
        var applicationName = "eingang"
        for pair in query.split(separator: "&") where !pair.isEmpty {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(parts[0])
            let value = try Self.decode(parts.count > 1 ? parts[1] : "", invalid)
            switch name {
            case "host": host = value
            case "port":
                guard let number = Int(value) else { throw invalid("a port that is not a number") }
                port = number
            case "user": user = value
            case "password": password = value
            case "dbname": database = value
            case "application_name": applicationName = value
            case "sslmode":
                switch value {
                case "disable", "allow": tls = .disable
                case "prefer": tls = .prefer
                case "require", "verify-ca", "verify-full": tls = .require
                default: throw invalid("an unknown sslmode '\(value)'")
                }
            default:
                throw invalid("an unknown parameter '\(name)'")
            }
        }
        if let port, !(1...65535).contains(port) { throw invalid("a port out of range") }
        self.user = user.flatMap { $0.isEmpty ? nil : $0 } ?? Self.currentUser
        self.password = password
        self.port = port ?? 5432
        if let given = host, given.hasPrefix("/") {
            self.host = nil
            self.socketDirectory = given
        } else {
            self.host = host.flatMap { $0.isEmpty ? nil : $0 }
            self.socketDirectory = "/var/run/postgresql"
        }
        self.database = database ?? self.user
        self.tls = tls
        self.applicationName = applicationName
    }

    /// The URL without user and password: safe to log and print.
    public var description: String {
        let port = self.port == 5432 ? "" : ":\(self.port)"
        if let host {
            let shown = host.contains(":") ? "[\(host)]" : host
            return "postgres://***@\(shown)\(port)/\(database)"
        }
        return "postgres://***@/\(database)?host=\(socketDirectory)" + (port.isEmpty ? "" : "&port=\(self.port)")
    }

    public var debugDescription: String { description }

    /// Mirrors (`dump`, `String(reflecting:)`) show the redacted URL only.
    public var customMirror: Mirror { Mirror(self, children: ["url": description]) }

    /// The whole URL, password included: for handing it to another process, never for logs.
    public var unredacted: String {
        var text = "postgres://" + Self.encode(user)
        if let password { text += ":" + Self.encode(password) }
        text += "@"
        if let host { text += (host.contains(":") ? "[\(host)]" : Self.encode(host)) + ":\(port)" }
        text += "/" + Self.encode(database)
        var parameters: [String] = []
        if host == nil { parameters += ["host=" + Self.encode(socketDirectory), "port=\(port)"] }
        if tls != .prefer { parameters.append("sslmode=\(tls.rawValue)") }
        if applicationName != "eingang" { parameters.append("application_name=" + Self.encode(applicationName)) }
        return parameters.isEmpty ? text : text + "?" + parameters.joined(separator: "&")
    }

    /// The same server with another database.
    public func withDatabase(_ name: String) -> PostgresURL {
        var copy = self
        copy.database = name
        return copy
    }

    /// The client's configuration.
    package func clientConfiguration() throws -> PostgresClient.Configuration {
        var configuration: PostgresClient.Configuration
        if let host {
            let tls: PostgresClient.Configuration.TLS
            switch self.tls {
            case .disable: tls = .disable
            case .prefer: tls = .prefer(.makeClientConfiguration())
            case .require: tls = .require(.makeClientConfiguration())
            }
            configuration = .init(
                host: host,
                port: port,
                username: user,
                password: password,
                database: database,
                tls: tls
            )
        } else {
            configuration = .init(
                unixSocketPath: socketDirectory + "/.s.PGSQL.\(port)",
                username: user,
                password: password,
                database: database
            )
        }
        configuration.options.additionalStartupParameters = [("application_name", applicationName)]
        return configuration
    }

    /// The configuration of a single connection (opening the store: migrations, and errors at once rather than after
    /// the pool's retries).
    func connectionConfiguration() throws -> PostgresConnection.Configuration {
        var configuration: PostgresConnection.Configuration
        if let host {
            let tls: PostgresConnection.Configuration.TLS
            switch self.tls {
            case .disable: tls = .disable
            case .prefer: tls = .prefer(try NIOSSLContext(configuration: .makeClientConfiguration()))
            case .require: tls = .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
            }
            configuration = .init(
                host: host,
                port: port,
                username: user,
                password: password,
                database: database,
                tls: tls
            )
        } else {
            configuration = .init(
                unixSocketPath: socketDirectory + "/.s.PGSQL.\(port)",
                username: user,
                password: password,
                database: database
            )
        }
        configuration.options.additionalStartupParameters = [("application_name", applicationName)]
        return configuration
    }

    static var currentUser: String {
        if let entry = getpwuid(geteuid()), let name = entry.pointee.pw_name { return String(cString: name) }
        return "postgres"
    }

    private static func decode(
        _ text: Substring,
        _ invalid: (String) -> PostgresStoreError
    ) throws(PostgresStoreError)
        -> String
    {
        var bytes: [UInt8] = []
        var utf8 = Array(text.utf8)[...]
        while let byte = utf8.popFirst() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard utf8.count >= 2, let value = UInt8(String(decoding: utf8.prefix(2), as: UTF8.self), radix: 16)
            else { throw invalid("a bad %-escape") }
            bytes.append(value)
            utf8 = utf8.dropFirst(2)
        }
        guard let decoded = String(validating: bytes, as: UTF8.self) else { throw invalid("text that is not UTF-8") }
        return decoded
    }

    private static func encode(_ text: String) -> String {
        var encoded = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"), UInt8(ascii: "/"):
                encoded.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                encoded += "%" + (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true)
            }
        }
        return encoded
    }
}
