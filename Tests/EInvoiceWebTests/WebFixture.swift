import EInvoiceStore
import EInvoiceStoreSQLite
import EInvoiceTestSupport
import EInvoiceWeb
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// A workspace over a real SQLite store in a temporary directory, with an inbox, a data directory, users of each
/// role, API tokens, and invoices of two tenants (one with markup in its seller's name).
struct WebFixture {
    let directory: TemporaryDirectory
    let store: any InvoiceStore
    let workspace: Workspace
    /// An API token of tenant `a` with every scope, and one that may only read bookings.
    let token: String
    let readOnlyToken: String
    /// Rejections: tenant a (markup in the seller's name, reports and original stored), tenant a, tenant b.
    let rejections: [Int64]
    let bookings: [Int64]
    /// Suspected duplicates held against the bookings: tenant a (markup in the seller's name, original stored),
    /// tenant a, tenant b.
    let duplicates: [Int64]
    let original = Array("<Invoice>original bytes</Invoice>".utf8)

    static let password = "richtig-langes-passwort"
    static let hostile = "<script>alert(1)</script>"

    /// - Parameter reprocessing: what "reprocess" does, made from the store and the data directory.
    /// - Parameters:
    ///   - store: the store; nil: SQLite in the fixture's data directory.
    ///   - reprocessing: what "reprocess" does, made from the store and the data directory.
    init(
        store: (any InvoiceStore)? = nil,
        reprocessing: (@Sendable (any InvoiceStore, String) throws -> any InvoiceReprocessing)? = nil
    ) async throws {
        directory = try TemporaryDirectory(prefix: "eingang-web")
        try FileManager.default.createDirectory(atPath: directory.path("inbox"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: directory.path("data"), withIntermediateDirectories: true)
        self.store = try store ?? SQLiteStore(path: directory.path("data/eingang.sqlite"))
        let store = self.store
        let now = Date()
        let hash = try PasswordHash.make(Self.password, parameters: .testing)
        _ = try await store.addUser(UserDraft(name: "erika", role: .clerk, tenants: ["a"], passwordHash: hash), at: now)
        _ = try await store.addUser(UserDraft(name: "root", role: .admin, tenants: ["*"], passwordHash: hash), at: now)
        let erp = try #require(
            try await store.addUser(UserDraft(name: "erp", role: .api, tenants: ["a"], passwordHash: nil), at: now)
        )
        token = SecretToken.generate()
        readOnlyToken = SecretToken.generate()
        _ = try await store.addAPIToken(
            APITokenDraft(
                userID: erp.id,
                name: "erp",
                tokenHash: SecretToken.hash(token),
                scopes: APIScope.allCases,
                tenants: ["*"]
            ),
            at: now
        )
        _ = try await store.addAPIToken(
            APITokenDraft(
                userID: erp.id,
                name: "reader",
                tokenHash: SecretToken.hash(readOnlyToken),
                scopes: [.bookingsRead],
                tenants: ["*"]
            ),
            at: now
        )

        let daemon = try await store.registerDaemon(DaemonRegistration(host: "test", processID: 1))
        let names = ["r1.xml", "r2.xml", "r3.xml", "b1.xml", "b2.xml", "b3.xml", "d1.xml", "d2.xml", "d3.xml"]
        let ids = try await store.recordClaims(
            names.map { ClaimRequest(sourceName: $0, sourceKey: "k-" + $0) },
            by: daemon,
            receivedAt: now
        ).compactMap { $0 }
        try await store.markClaimed(ids)
        // Distinct names (the same bytes twice would settle as a duplicate); receipts 0 and 3 have their original
        // in the archive, and so has the first suspected duplicate (receipt 6).
        for (index, id) in ids.enumerated() {
            let hash = String(repeating: "a", count: 63) + String(index)
            _ = try await store.beginDecision(id, sha256: hash, size: 10)
            if index == 0 || index == 3 || index == 6 {
                let archivePath = directory.path("data/archive/aa")
                try FileManager.default.createDirectory(atPath: archivePath, withIntermediateDirectories: true)
                try Data(original).write(to: URL(fileURLWithPath: archivePath + "/" + hash))
            }
        }

        var rejections: [Int64] = []
        for (index, (tenant, number, seller)) in [
            ("a", "R-1", Self.hostile), ("a", "R-2", "Schmidt AG"), ("b", "R-3", "Fremd GmbH"),
        ].enumerated() {
            let result = try await store.settle(
                ids[index],
                .rejection(
                    RejectionDraft(
                        tenant: tenant,
                        reasonClass: "rules",
                        reason: "1 rule(s) failed",
                        ruleIDs: ["BR-DE-15"],
                        invoiceNumber: number,
                        sellerName: seller,
                        reportDirectory: "reports/\(ids[index])",
                        bundle: "bundle"
                    )
                ),
                at: now
            )
            guard case .rejected(let id) = result else { throw Missing() }
            rejections.append(id)
        }
        self.rejections = rejections
        // The first rejection's stored reports.
        let reports = directory.path("data/reports/\(ids[0])")
        try FileManager.default.createDirectory(atPath: reports, withIntermediateDirectories: true)
        try Data("<!DOCTYPE html><html><body><p>stored report</p></body></html>".utf8)
            .write(to: URL(fileURLWithPath: reports + "/invoice-report.html"))
        let json = #"""
            {"steps": [{"messages": [{"code": "BR-DE-15", "level": "error", "text": "Das Element \"Buyer reference\" (BT-10) muss übermittelt werden."}, {"code": "BR-DE-15", "level": "error", "text": "Das Element \"Buyer reference\" (BT-10) muss übermittelt werden."}, {"code": "W-1", "level": "warning", "text": "nur eine Warnung"}]}]}
            """#
        try Data(json.utf8).write(to: URL(fileURLWithPath: reports + "/invoice-report.json"))

        var bookings: [Int64] = []
        for (index, tenant) in ["a", "a", "b"].enumerated() {
            let result = try await store.settle(
                ids[3 + index],
                .booking(
                    BookingDraft(
                        tenant: tenant,
                        invoiceNumber: "B-\(index)",
                        sellerName: "Lieferant \(index)",
                        sellerKey: "vat:DE\(index)",
                        payableAmount: "119.00",
                        currency: "EUR",
                        issueDate: "2026-11-01",
                        termsJSON: #"{"invoice_number": "B-\#(index)"}"#,
                        bundle: "bundle"
                    )
                ),
                at: now
            )
            guard case .booked(let id) = result else { throw Missing() }
            bookings.append(id)
        }
        self.bookings = bookings
        var duplicates: [Int64] = []
        for (index, (tenant, booked, seller)) in [("a", 0, Self.hostile), ("a", 1, "Lieferant 1"), ("b", 2, "Fremd")]
            .enumerated()
        {
            let result = try await store.settle(
                ids[6 + index],
                .booking(
                    BookingDraft(
                        tenant: tenant,
                        invoiceNumber: "B-\(booked)",
                        sellerName: seller,
                        sellerKey: "vat:DE\(booked)",
                        payableAmount: "120.00",
                        currency: "EUR",
                        issueDate: "2026-11-02",
                        termsJSON: #"{"invoice_number": "B-\#(booked)"}"#,
                        bundle: "bundle"
                    )
                ),
                at: now
            )
            guard case .suspectedDuplicate(let id, _) = result else { throw Missing() }
            duplicates.append(id)
        }
        self.duplicates = duplicates
        workspace = Workspace(
            store: store,
            configuration: WebConfiguration(inbox: directory.path("inbox"), dataDirectory: directory.path("data")),
            reprocessing: try reprocessing?(store, directory.path("data"))
        )
    }

    struct Missing: Error {}

    /// Runs `body` with a fixture on a fresh store of `kind` (PostgreSQL: a new database on the test server).
    static func with(_ kind: StoreKind, _ body: (WebFixture) async throws -> Void) async throws {
        try await withTestStore(kind) { store in try await body(try await WebFixture(store: store)) }
    }

    func application() -> some ApplicationProtocol {
        // Port 0: the live tests get a free port.
        Application(
            router: workspace.router(),
            configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0))
        )
    }

    // MARK: Client helpers

    /// Logs in through the form and returns the session cookie and the session's CSRF token.
    static func logIn(
        _ client: some TestClientProtocol,
        name: String = "erika",
        password: String = WebFixture.password
    ) async throws -> (cookie: String, csrf: String) {
        let form = try await client.execute(uri: "/login", method: .get)
        let loginCSRF = try #require(csrfToken(in: form))
        let loginCookie = try #require(cookie(form, "eingang_login"))
        let response = try await client.execute(
            uri: "/login",
            method: .post,
            headers: [.contentType: "application/x-www-form-urlencoded", .cookie: "eingang_login=\(loginCookie)"],
            body: ByteBuffer(string: "csrf=\(loginCSRF)&name=\(name)&password=\(password)&next=%2F")
        )
        #expect(response.status == .seeOther)
        let session = try #require(cookie(response, "eingang_session"))
        let page = try await client.execute(uri: "/", method: .get, headers: [.cookie: "eingang_session=\(session)"])
        return ("eingang_session=\(session)", try #require(csrfToken(in: page)))
    }

    static func cookie(_ response: TestResponse, _ name: String) -> String? {
        for value in response.headers[values: .setCookie] where value.hasPrefix(name + "=") {
            return String(value.dropFirst(name.count + 1).prefix { $0 != ";" })
        }
        return nil
    }

    static func csrfToken(in response: TestResponse) -> String? {
        let body = String(buffer: response.body)
        guard let range = body.range(of: "name=\"csrf\" value=\"") else { return nil }
        return String(body[range.upperBound...].prefix { $0 != "\"" })
    }

    static func form(_ fields: [(String, String)]) -> ByteBuffer {
        ByteBuffer(
            string: fields.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }
                .joined(separator: "&")
        )
    }
}
