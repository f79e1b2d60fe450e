import EInvoiceStore
import Hummingbird

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The cookies of the workspace.
enum CookieName {
    static let session = "eingang_session"
    /// The CSRF token of the login form (double-submit: there is no session yet).
    static let loginCSRF = "eingang_login"
    static let language = "eingang_lang"
}

/// Pages: a clerk's session from its cookie; every POST must carry the session's CSRF token. Without a session a
/// browser is sent to the login page, anything else (an API client) gets 401; an `api` user never has a session.
struct SessionAuthenticator: RouterMiddleware {
    let workspace: Workspace

    func handle(
        _ request: Request,
        context: WebContext,
        next: (Request, WebContext) async throws -> Response
    ) async throws -> Response {
        var context = context
        guard let token = request.cookies[CookieName.session]?.value, !token.isEmpty,
            let (session, user) = try await workspace.store.session(tokenHash: TokenHash.of(token), at: Date()),
            user.role == .clerk || user.role == .admin
        else {
            if request.method == .get, request.headers[.authorization] == nil {
                let target = request.uri.path + (request.uri.query.map { "?" + $0 } ?? "")
                return Response.redirect(to: "/login?next=" + FormData.percentEncoded(target), type: .found)
            }
            throw HTTPError(.unauthorized, message: "log in first\n")
        }
        context.user = user
        context.session = session
        context.scope = user.scope
        var request = request
        if request.method == .post {
            let body = try await request.collectBody(upTo: 1_000_000)
            let form = FormData(String(buffer: body))
            guard let sent = form["csrf"], ConstantTime.equal(sent, session.csrfToken) else {
                throw HTTPError(.forbidden, message: "the form has expired; reload the page\n")
            }
        }
        return try await next(request, context)
    }
}

/// The API: a bearer token of an `api` user, scoped. A session cookie is no credential here.
struct APITokenAuthenticator: RouterMiddleware {
    let workspace: Workspace

    func handle(
        _ request: Request,
        context: WebContext,
        next: (Request, WebContext) async throws -> Response
    ) async throws -> Response {
        var context = context
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer "),
            case let token = String(header.dropFirst("Bearer ".count)), !token.isEmpty,
            let (apiToken, user) = try await workspace.store.apiToken(hash: TokenHash.of(token)),
            user.role == .api
        else {
            return APIError.response(.unauthorized, "unauthorized", "a valid API token is required", bearer: true)
        }
        context.user = user
        context.token = apiToken
        context.scope = apiToken.scope(of: user)
        return try await next(request, context)
    }
}

/// Slows down password guessing: after 5 failed logins of one name within 15 minutes, that name waits, doubling
/// from 30 seconds up to 15 minutes per further failure. A success clears it. In memory, per process.
actor LoginThrottle {
    struct Record {
        var failures: [Date] = []
        var blockedUntil: Date?
    }

    private var records: [String: Record] = [:]
    static let window: TimeInterval = 15 * 60
    static let freeFailures = 5

    /// Seconds to wait before `name` may try again; nil when it may now.
    func wait(for name: String, at now: Date) -> Int? {
        guard let until = records[name.lowercased()]?.blockedUntil, until > now else { return nil }
        return Int(until.timeIntervalSince(now).rounded(.up))
    }

    func failed(_ name: String, at now: Date) {
        let key = name.lowercased()
        var record = records[key] ?? Record()
        record.failures = record.failures.filter { now.timeIntervalSince($0) < Self.window } + [now]
        let excess = record.failures.count - Self.freeFailures
        if excess >= 0 {
            let seconds = min(30.0 * Double(1 << min(excess, 5)), Self.window)
            record.blockedUntil = now.addingTimeInterval(seconds)
        }
        records[key] = record
        if records.count > 10_000 { records = records.filter { $0.value.blockedUntil.map { $0 > now } ?? false } }
    }

    func succeeded(_ name: String) {
        records[name.lowercased()] = nil
    }
}

/// An `application/x-www-form-urlencoded` body or query.
struct FormData {
    private(set) var values: [String: String] = [:]

    init(_ text: String) {
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = Self.decode(parts[0])
            if values[name] == nil { values[name] = parts.count > 1 ? Self.decode(parts[1]) : "" }
        }
    }

    subscript(_ name: String) -> String? { values[name] }

    static func decode(_ text: Substring) -> String {
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8).makeIterator()
        while let byte = iterator.next() {
            switch byte {
            case UInt8(ascii: "+"): bytes.append(UInt8(ascii: " "))
            case UInt8(ascii: "%"):
                if let high = iterator.next(), let low = iterator.next(), let h = hex(high), let l = hex(low) {
                    bytes.append(h << 4 | l)
                }
            default: bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func hex(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// Percent-encodes everything but unreserved characters (for query values).
    static func percentEncoded(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"), UInt8(ascii: "/"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let digits = Array("0123456789ABCDEF".unicodeScalars)
                out.unicodeScalars.append("%")
                out.unicodeScalars.append(digits[Int(byte >> 4)])
                out.unicodeScalars.append(digits[Int(byte & 0x0F)])
            }
        }
        return out
    }
}
