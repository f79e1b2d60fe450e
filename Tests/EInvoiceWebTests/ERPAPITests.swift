import EInvoiceStore
import EInvoiceStoreSQLite
import EInvoiceTestPDF
import EInvoiceTestSupport
import EInvoiceWeb
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// The ERP API through Hummingbird's router test client, and the intake over a live server.
@Suite struct ERPAPITests {
    static func json(_ response: TestResponse) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any])
    }

    @Test(arguments: StoreKind.tested)
    func theBookingCursorListsTheTokensTenantsOnceEachInOrder(_ kind: StoreKind) async throws {
        try await WebFixture.with(kind) { fixture in
            try await fixture.application().test(.router) { client in
                let auth: HTTPFields = [.authorization: "Bearer \(fixture.token)"]
                let first = try Self.json(
                    try await client.execute(uri: "/api/v1/bookings?limit=1", method: .get, headers: auth)
                )
                let firstItems = try #require(first["items"] as? [[String: Any]])
                #expect(firstItems.map { $0["invoice_number"] as? String } == ["B-0"])
                let next = try #require(first["next_after"] as? Int)
                let rest = try Self.json(
                    try await client.execute(
                        uri: "/api/v1/bookings?after=\(next)&limit=10",
                        method: .get,
                        headers: auth
                    )
                )
                let restItems = try #require(rest["items"] as? [[String: Any]])
                #expect(
                    restItems.map { $0["invoice_number"] as? String } == ["B-1"],
                    "tenant b's booking is not listed"
                )
                let end = try #require(rest["next_after"] as? Int)
                let none = try Self.json(
                    try await client.execute(uri: "/api/v1/bookings?after=\(end)", method: .get, headers: auth)
                )
                #expect((none["items"] as? [Any])?.isEmpty == true)
                #expect(none["next_after"] as? Int == end)
            }
        }
    }

    @Test(arguments: StoreKind.tested)
    func oneBookingCarriesItsTermsAndOriginalAndAcknowledgingIsIdempotent(_ kind: StoreKind) async throws {
        try await WebFixture.with(kind) { fixture in
            try await fixture.application().test(.router) { client in
                let auth: HTTPFields = [.authorization: "Bearer \(fixture.token)"]
                let id = fixture.bookings[0]
                let booking = try Self.json(
                    try await client.execute(uri: "/api/v1/bookings/\(id)", method: .get, headers: auth)
                )
                #expect((booking["terms"] as? [String: Any])?["invoice_number"] as? String == "B-0")
                #expect(booking["original"] as? String == Data(fixture.original).base64EncodedString())
                #expect(booking["status"] as? String == "taken", "fetched by the ERP")
                let original = try await client.execute(
                    uri: "/api/v1/bookings/\(id)/original",
                    method: .get,
                    headers: auth
                )
                #expect(Array(buffer: original.body) == fixture.original)
                let ack = try await client.execute(uri: "/api/v1/bookings/\(id)/ack", method: .post, headers: auth)
                #expect(ack.status == .ok)
                let acknowledgedAt = try Self.json(ack)["acknowledged_at"] as? String
                #expect(acknowledgedAt != nil)
                let again = try await client.execute(uri: "/api/v1/bookings/\(id)/ack", method: .post, headers: auth)
                #expect(try Self.json(again)["acknowledged_at"] as? String == acknowledgedAt, "nothing changes")
                let foreign = try await client.execute(
                    uri: "/api/v1/bookings/\(fixture.bookings[2])",
                    method: .get,
                    headers: auth
                )
                #expect(foreign.status == .notFound, "another tenant's booking")
                let unknown = try await client.execute(uri: "/api/v1/bookings/999/ack", method: .post, headers: auth)
                #expect(unknown.status == .notFound)
            }
        }
    }

    @Test(arguments: StoreKind.tested)
    func rejectionsAreListedByCursor(_ kind: StoreKind) async throws {
        try await WebFixture.with(kind) { fixture in
            try await fixture.application().test(.router) { client in
                let auth: HTTPFields = [.authorization: "Bearer \(fixture.token)"]
                let list = try Self.json(
                    try await client.execute(uri: "/api/v1/rejections", method: .get, headers: auth)
                )
                let items = try #require(list["items"] as? [[String: Any]])
                #expect(items.map { $0["invoice_number"] as? String } == ["R-1", "R-2"])
                #expect(items.first?["seller_name"] as? String == WebFixture.hostile, "JSON carries values as they are")
                #expect(items.first?["rule_ids"] as? [String] == ["BR-DE-15"])
            }
        }
    }

    @Test(arguments: StoreKind.tested)
    func tokensAreCheckedAndScopedAndSessionsAreNoCredentialHere(_ kind: StoreKind) async throws {
        try await WebFixture.with(kind) { fixture in
            try await fixture.application().test(.router) { client in
                let none = try await client.execute(uri: "/api/v1/bookings", method: .get)
                #expect(none.status == .unauthorized)
                #expect(none.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true)
                let wrong = try await client.execute(
                    uri: "/api/v1/bookings",
                    method: .get,
                    headers: [.authorization: "Bearer eg_not-a-token"]
                )
                #expect(wrong.status == .unauthorized)
                let (cookie, _) = try await WebFixture.logIn(client)
                let session = try await client.execute(
                    uri: "/api/v1/bookings",
                    method: .get,
                    headers: [.cookie: cookie]
                )
                #expect(session.status == .unauthorized, "a clerk's session cannot use the API")
                let reader: HTTPFields = [.authorization: "Bearer \(fixture.readOnlyToken)"]
                #expect(try await client.execute(uri: "/api/v1/bookings", method: .get, headers: reader).status == .ok)
                let ack = try await client.execute(
                    uri: "/api/v1/bookings/\(fixture.bookings[0])/ack",
                    method: .post,
                    headers: reader
                )
                #expect(ack.status == .forbidden)
                #expect(
                    try await client.execute(uri: "/api/v1/rejections", method: .get, headers: reader).status
                        == .forbidden
                )
                let submit = try await client.execute(
                    uri: "/api/v1/invoices",
                    method: .post,
                    headers: reader,
                    body: ByteBuffer(string: "<Invoice/>")
                )
                #expect(submit.status == .forbidden)
            }
        }
    }

    @Test(arguments: [TestingSetup.router, .live])
    func anInvoicePostedOverHTTPEntersTheInboxAndItsStatusCanBePolled(_ setup: TestingSetup) async throws {
        let fixture = try await WebFixture()
        try await fixture.application().test(setup) { client in
            let auth: HTTPFields = [.authorization: "Bearer \(fixture.token)", .contentType: "application/xml"]
            let empty = try await client.execute(uri: "/api/v1/invoices", method: .post, headers: auth)
            #expect(empty.status == .badRequest)
            let xml = "<Invoice xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:Invoice-2\"/>"
            let response = try await client.execute(
                uri: "/api/v1/invoices",
                method: .post,
                headers: auth,
                body: ByteBuffer(string: xml)
            )
            #expect(response.status == .accepted)
            let object = try Self.json(response)
            let id = try #require(object["id"] as? String)
            #expect(response.headers[.location] == "/api/v1/invoices/\(id)")
            // In the inbox, whole, and nothing else beside it (the temporary file was renamed).
            let inbox = fixture.directory.path("inbox/http")
            #expect(try FileManager.default.contentsOfDirectory(atPath: inbox) == [id + ".xml"])
            #expect(FileManager.default.contents(atPath: inbox + "/" + id + ".xml") == Data(xml.utf8))
            let queued = try Self.json(
                try await client.execute(uri: "/api/v1/invoices/\(id)", method: .get, headers: auth)
            )
            #expect(queued["status"] as? String == "queued")

            // The pipeline takes it and books it.
            let daemon = try await fixture.store.registerDaemon(DaemonRegistration(host: "test", processID: 2))
            let receipt = try #require(
                try await fixture.store.recordClaims(
                    [ClaimRequest(sourceName: "http/\(id).xml", sourceKey: "k")],
                    by: daemon,
                    receivedAt: Date()
                )[0]
            )
            try await fixture.store.markClaimed([receipt])
            let processing = try Self.json(
                try await client.execute(uri: "/api/v1/invoices/\(id)", method: .get, headers: auth)
            )
            #expect(processing["status"] as? String == "processing")
            _ = try await fixture.store.beginDecision(receipt, sha256: String(repeating: "c", count: 64), size: 10)
            let settled = try await fixture.store.settle(
                receipt,
                .booking(
                    BookingDraft(
                        tenant: "a",
                        invoiceNumber: "H-1",
                        sellerName: nil,
                        sellerKey: "vat:X",
                        payableAmount: nil,
                        currency: nil,
                        issueDate: nil,
                        termsJSON: "{}",
                        bundle: "bundle"
                    )
                ),
                at: Date()
            )
            guard case .booked(let bookingID) = settled else {
                Issue.record("not booked")
                return
            }
            let booked = try Self.json(
                try await client.execute(uri: "/api/v1/invoices/\(id)", method: .get, headers: auth)
            )
            #expect(booked["status"] as? String == "booked")
            #expect(booked["booking_id"] as? Int64 == bookingID || booked["booking_id"] as? Int == Int(bookingID))
            // Another token does not see it; a malformed id never reaches the store or the file system.
            let other = try await client.execute(
                uri: "/api/v1/invoices/\(id)",
                method: .get,
                headers: [.authorization: "Bearer \(fixture.readOnlyToken)"]
            )
            #expect(other.status == .forbidden)
            for bad in ["..%2F..%2Fetc%2Fpasswd", "ABC", String(repeating: "g", count: 32)] {
                let response = try await client.execute(uri: "/api/v1/invoices/\(bad)", method: .get, headers: auth)
                #expect(response.status == .notFound, "\(bad)")
            }
        }
    }

    /// A hybrid PDF takes the same way: into the inbox whole, named `.pdf` for the clerks (the pipeline recognises
    /// it by its content, see PDFIntakeTests).
    @Test func aHybridPDFPostedOverHTTPEntersTheInboxAsAPDF() async throws {
        let fixture = try await WebFixture()
        let pdf = TestPDF.hybrid(
            [.init(name: "factur-x.xml", data: try HybridInvoices.xrechnungCII())],
            conformanceLevel: "XRECHNUNG"
        )
        try await fixture.application().test(.router) { client in
            let auth: HTTPFields = [.authorization: "Bearer \(fixture.token)", .contentType: "application/pdf"]
            let response = try await client.execute(
                uri: "/api/v1/invoices",
                method: .post,
                headers: auth,
                body: ByteBuffer(bytes: pdf)
            )
            #expect(response.status == .accepted)
            let id = try #require(try Self.json(response)["id"] as? String)
            let inbox = fixture.directory.path("inbox/http")
            #expect(try FileManager.default.contentsOfDirectory(atPath: inbox) == [id + ".pdf"])
            #expect(FileManager.default.contents(atPath: inbox + "/" + id + ".pdf") == Data(pdf))
        }
    }
}
