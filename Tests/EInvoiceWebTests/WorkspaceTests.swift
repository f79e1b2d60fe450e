import EInvoicePipeline
import EInvoiceStore
import EInvoiceStoreSQLite
import EInvoiceTestSupport
import EInvoiceValidation
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import EInvoiceWeb

/// The clerks' pages and their security, through Hummingbird's router test client (and one live server).
@Suite struct WorkspaceTests {
    @Test(arguments: [TestingSetup.router, .live])
    func healthAndMetricsAnswerWithoutLogin(_ setup: TestingSetup) async throws {
        let fixture = try await WebFixture()
        try await fixture.application().test(setup) { client in
            let health = try await client.execute(uri: "/health", method: .get)
            #expect(health.status == .ok)
            #expect(String(buffer: health.body) == "ready\n")
            let metrics = try await client.execute(uri: "/metrics", method: .get)
            #expect(metrics.status == .ok)
            #expect(String(buffer: metrics.body).contains("eingang_http_requests_total"))
        }
    }

    @Test func healthReportsAMissingInbox() async throws {
        let fixture = try await WebFixture()
        try FileManager.default.removeItem(atPath: fixture.directory.path("inbox"))
        try await fixture.application().test(.router) { client in
            let health = try await client.execute(uri: "/health", method: .get)
            #expect(health.status == .serviceUnavailable)
            #expect(String(buffer: health.body).contains("inbox"))
        }
    }

    @Test func withoutASessionPagesRedirectToTheLoginOrAnswer401() async throws {
        let fixture = try await WebFixture()
        try await fixture.application().test(.router) { client in
            for path in ["/", "/rejections", "/rejections/1", "/bookings", "/audit"] {
                let response = try await client.execute(uri: path, method: .get)
                #expect(response.status == .found, "\(path)")
                #expect(response.headers[.location]?.hasPrefix("/login?next=") == true)
            }
            let post = try await client.execute(uri: "/rejections/1/resolve", method: .post)
            #expect(post.status == .unauthorized)
            // An API token is no credential for the pages.
            let bearer = try await client.execute(
                uri: "/rejections",
                method: .get,
                headers: [.authorization: "Bearer \(fixture.token)"]
            )
            #expect(bearer.status == .unauthorized)
        }
    }

    @Test func loginSetsAStrictHttpOnlySecureCookieAndLogoutEndsTheSession() async throws {
        let fixture = try await WebFixture()
        try await fixture.application().test(.router) { client in
            let form = try await client.execute(uri: "/login", method: .get)
            #expect(form.status == .ok)
            let body = String(buffer: form.body)
            #expect(body.contains("<label for=\"password\">Passwort</label>"))
            let csrf = try #require(WebFixture.csrfToken(in: form))
            let loginCookie = try #require(WebFixture.cookie(form, "eingang_login"))
            let headers: HTTPFields = [
                .contentType: "application/x-www-form-urlencoded", .cookie: "eingang_login=\(loginCookie)",
            ]
            // Without the form's CSRF token: refused.
            let forged = try await client.execute(
                uri: "/login",
                method: .post,
                headers: headers,
                body: ByteBuffer(string: "name=erika&password=\(WebFixture.password)")
            )
            #expect(forged.status == .forbidden)
            let wrong = try await client.execute(
                uri: "/login",
                method: .post,
                headers: headers,
                body: ByteBuffer(string: "csrf=\(csrf)&name=erika&password=falsch")
            )
            #expect(wrong.status == .unauthorized)
            #expect(WebFixture.cookie(wrong, "eingang_session") == nil)
            let right = try await client.execute(
                uri: "/login",
                method: .post,
                headers: headers,
                body: ByteBuffer(string: "csrf=\(csrf)&name=erika&password=\(WebFixture.password)&next=%2Fbookings")
            )
            #expect(right.status == .seeOther)
            #expect(right.headers[.location] == "/bookings")
            let setCookie = try #require(
                right.headers[values: .setCookie].first { $0.hasPrefix("eingang_session=") }
            )
            #expect(setCookie.contains("HttpOnly"))
            #expect(setCookie.contains("Secure"))
            #expect(setCookie.contains("SameSite=Strict"))
            let session = try #require(WebFixture.cookie(right, "eingang_session"))
            let page = try await client.execute(
                uri: "/",
                method: .get,
                headers: [.cookie: "eingang_session=\(session)"]
            )
            #expect(page.status == .ok)
            let sessionCSRF = try #require(WebFixture.csrfToken(in: page))
            let logout = try await client.execute(
                uri: "/logout",
                method: .post,
                headers: [.cookie: "eingang_session=\(session)", .contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "csrf=\(sessionCSRF)")
            )
            #expect(logout.status == .seeOther)
            let after = try await client.execute(
                uri: "/",
                method: .get,
                headers: [.cookie: "eingang_session=\(session)"]
            )
            #expect(after.status == .found, "the session has ended")
        }
    }

    @Test func anAPIUserCannotLogInAndAnOpenRedirectIsRefused() async throws {
        let fixture = try await WebFixture()
        #expect(Workspace.localTarget("//evil.example/") == "/")
        #expect(Workspace.localTarget("https://evil.example/") == "/")
        #expect(Workspace.localTarget("/rejections?status=open") == "/rejections?status=open")
        try await fixture.application().test(.router) { client in
            let form = try await client.execute(uri: "/login", method: .get)
            let csrf = try #require(WebFixture.csrfToken(in: form))
            let loginCookie = try #require(WebFixture.cookie(form, "eingang_login"))
            let response = try await client.execute(
                uri: "/login",
                method: .post,
                headers: [.contentType: "application/x-www-form-urlencoded", .cookie: "eingang_login=\(loginCookie)"],
                body: ByteBuffer(string: "csrf=\(csrf)&name=erp&password=\(WebFixture.password)")
            )
            #expect(response.status == .unauthorized)
        }
    }

    @Test func repeatedFailedLoginsAreThrottled() async throws {
        let fixture = try await WebFixture()
        try await fixture.application().test(.router) { client in
            let form = try await client.execute(uri: "/login", method: .get)
            let csrf = try #require(WebFixture.csrfToken(in: form))
            let loginCookie = try #require(WebFixture.cookie(form, "eingang_login"))
            let headers: HTTPFields = [
                .contentType: "application/x-www-form-urlencoded", .cookie: "eingang_login=\(loginCookie)",
            ]
            for _ in 0..<5 {
                let wrong = try await client.execute(
                    uri: "/login",
                    method: .post,
                    headers: headers,
                    body: ByteBuffer(string: "csrf=\(csrf)&name=erika&password=falsch")
                )
                #expect(wrong.status == .unauthorized)
            }
            // Now even the right password waits.
            let blocked = try await client.execute(
                uri: "/login",
                method: .post,
                headers: headers,
                body: ByteBuffer(string: "csrf=\(csrf)&name=erika&password=\(WebFixture.password)")
            )
            #expect(blocked.status == .tooManyRequests)
            #expect(blocked.headers[.retryAfter] != nil)
        }
    }

    @Test(arguments: StoreKind.tested)
    func everyPageRendersInGermanAndEnglishWithInvoiceValuesEscaped(_ kind: StoreKind) async throws {
        try await WebFixture.with(kind) { fixture in
            try await fixture.application().test(.router) { client in
                let (cookie, _) = try await WebFixture.logIn(client)
                let paths = [
                    "/", "/rejections", "/rejections?status=open&sender=script&rule=BR-DE-15&number=R-&from=2020-01-01",
                    "/rejections/\(fixture.rejections[0])", "/bookings", "/bookings?status=new", "/audit",
                    "/duplicates", "/duplicates?status=all", "/duplicates/\(fixture.duplicates[0])",
                ]
                for path in paths {
                    let page = try await client.execute(uri: path, method: .get, headers: [.cookie: cookie])
                    #expect(page.status == .ok, "\(path)")
                    let body = String(buffer: page.body)
                    #expect(body.hasPrefix("<!DOCTYPE html>\n<html lang=\"de\">"), "\(path)")
                    #expect(!body.contains("<script"), "\(path): markup from an invoice stays text")
                    #expect(page.headers[.contentSecurityPolicy]?.contains("default-src 'none'") == true)
                }
                let list = try await client.execute(uri: "/rejections", method: .get, headers: [.cookie: cookie])
                let body = String(buffer: list.body)
                #expect(body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
                #expect(body.contains("R-2"))
                #expect(!body.contains("R-3"), "tenant b's rejection is not erika's")
                let filtered = try await client.execute(
                    uri: "/rejections?number=R-2",
                    method: .get,
                    headers: [.cookie: cookie]
                )
                #expect(!String(buffer: filtered.body).contains("R-1<"))

                let switched = try await client.execute(uri: "/language?to=en&back=/rejections", method: .get)
                #expect(switched.headers[.location] == "/rejections")
                let language = try #require(WebFixture.cookie(switched, "eingang_lang"))
                let english = try await client.execute(
                    uri: "/rejections",
                    method: .get,
                    headers: [.cookie: cookie + "; eingang_lang=\(language)"]
                )
                #expect(String(buffer: english.body).contains("<html lang=\"en\">"))
                #expect(String(buffer: english.body).contains("Rejections"))
            }
        }
    }

    @Test(arguments: StoreKind.tested)
    func oneRejectionShowsItsReportOriginalMessageAndHistory(_ kind: StoreKind) async throws {
        try await WebFixture.with(kind) { fixture in
            try await fixture.application().test(.router) { client in
                let (cookie, _) = try await WebFixture.logIn(client)
                let id = fixture.rejections[0]
                let page = try await client.execute(uri: "/rejections/\(id)", method: .get, headers: [.cookie: cookie])
                let body = String(buffer: page.body)
                #expect(body.contains("<iframe sandbox=\"\" src=\"/rejections/\(id)/report\""))
                // The frame is no Tab stop (no focus indicator inside it); the link below opens the report.
                #expect(body.contains("tabindex=\"-1\"></iframe>"))
                #expect(body.contains("Ihre Rechnung Nr. R-1 konnten wir leider nicht annehmen"))
                #expect(
                    body.contains(
                        "- [BR-DE-15] Das Element &quot;Buyer reference&quot; (BT-10) muss übermittelt werden."
                    )
                )
                #expect(!body.contains("nur eine Warnung"), "warnings are not asked to be corrected")
                #expect(body.components(separatedBy: "[BR-DE-15]").count == 2, "each finding once")
                let report = try await client.execute(
                    uri: "/rejections/\(id)/report",
                    method: .get,
                    headers: [.cookie: cookie]
                )
                #expect(String(buffer: report.body).contains("stored report"))
                #expect(report.headers[.contentSecurityPolicy]?.hasPrefix("sandbox") == true)
                let original = try await client.execute(
                    uri: "/rejections/\(id)/original",
                    method: .get,
                    headers: [.cookie: cookie]
                )
                #expect(Array(buffer: original.body) == fixture.original)
                #expect(original.headers[.contentDisposition]?.hasPrefix("attachment") == true)
                // Another tenant's rejection, and ids that are no ids.
                for path in ["/rejections/\(fixture.rejections[2])", "/rejections/abc", "/rejections/..%2F..%2Fetc"] {
                    let other = try await client.execute(uri: path, method: .get, headers: [.cookie: cookie])
                    #expect(other.status == .notFound, "\(path)")
                }
            }
        }
    }

    @Test(arguments: StoreKind.tested)
    func clerksReturnAndResolveWithAReasonIntoTheAuditTrail(_ kind: StoreKind) async throws {
        try await WebFixture.with(kind) { fixture in
            try await fixture.application().test(.router) { client in
                let (cookie, csrf) = try await WebFixture.logIn(client)
                let id = fixture.rejections[1]
                let headers: HTTPFields = [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"]
                let forged = try await client.execute(
                    uri: "/rejections/\(id)/return",
                    method: .post,
                    headers: headers,
                    body: WebFixture.form([("csrf", "wrong"), ("reason", "x")])
                )
                #expect(forged.status == .forbidden)
                let missing = try await client.execute(
                    uri: "/rejections/\(id)/return",
                    method: .post,
                    headers: headers,
                    body: WebFixture.form([("reason", "x")])
                )
                #expect(missing.status == .forbidden)
                #expect(try await fixture.store.rejection(id)?.status == .open)

                let returned = try await client.execute(
                    uri: "/rejections/\(id)/return",
                    method: .post,
                    headers: headers,
                    body: WebFixture.form([("csrf", csrf), ("reason", "Bitte BT-10 <Leitweg-ID> angeben")])
                )
                #expect(returned.status == .seeOther)
                #expect(try await fixture.store.rejection(id)?.status == .returned)
                let noComment = try await client.execute(
                    uri: "/rejections/\(id)/resolve",
                    method: .post,
                    headers: headers,
                    body: WebFixture.form([("csrf", csrf), ("comment", "  ")])
                )
                #expect(noComment.status == .badRequest)
                let resolved = try await client.execute(
                    uri: "/rejections/\(id)/resolve",
                    method: .post,
                    headers: headers,
                    body: WebFixture.form([("csrf", csrf), ("comment", "korrigierte Rechnung eingegangen")])
                )
                #expect(resolved.status == .seeOther)
                #expect(try await fixture.store.rejection(id)?.status == .resolved)
                let other = try await client.execute(
                    uri: "/rejections/\(fixture.rejections[2])/resolve",
                    method: .post,
                    headers: headers,
                    body: WebFixture.form([("csrf", csrf), ("comment", "nicht meins")])
                )
                #expect(other.status == .notFound, "another tenant's rejection")

                let trail = try await fixture.store.auditEntries(matching: AuditQuery(scope: .all))
                #expect(trail.map(\.action) == ["rejection.resolved", "rejection.returned"])
                #expect(trail.allSatisfy { $0.actor == "user:erika" })
                #expect(trail.last?.detail == "Bitte BT-10 <Leitweg-ID> angeben")
                let log = try await client.execute(uri: "/audit", method: .get, headers: [.cookie: cookie])
                let body = String(buffer: log.body)
                #expect(body.contains("Bitte BT-10 &lt;Leitweg-ID&gt; angeben"))
                #expect(body.contains("rejection.resolved"))
            }
        }
    }

    @Test(arguments: StoreKind.tested)
    func clerksReleaseOrRejectSuspectedDuplicatesWithAReason(_ kind: StoreKind) async throws {
        try await WebFixture.with(kind) { fixture in
            try await fixture.application().test(.router) { client in
                let (cookie, csrf) = try await WebFixture.logIn(client)
                let list = try await client.execute(uri: "/duplicates", method: .get, headers: [.cookie: cookie])
                let listed = String(buffer: list.body)
                #expect(listed.contains("/duplicates/\(fixture.duplicates[0])"))
                #expect(listed.contains("/duplicates/\(fixture.duplicates[1])"))
                #expect(!listed.contains("/duplicates/\(fixture.duplicates[2])"), "tenant b's is not erika's")
                #expect(listed.contains("&lt;script&gt;"))
                let overview = String(
                    buffer: try await client.execute(uri: "/", method: .get, headers: [.cookie: cookie]).body
                )
                #expect(overview.contains("Verdacht auf Doppelrechnung"))

                let id = fixture.duplicates[0]
                let page = try await client.execute(uri: "/duplicates/\(id)", method: .get, headers: [.cookie: cookie])
                let body = String(buffer: page.body)
                #expect(body.contains("120.00 EUR"), "this invoice's amount")
                #expect(body.contains("119.00 EUR"), "the booked invoice's amount beside it")
                #expect(body.contains("/duplicates/\(id)/release"))
                let original = try await client.execute(
                    uri: "/duplicates/\(id)/original",
                    method: .get,
                    headers: [.cookie: cookie]
                )
                #expect(original.status == .ok)
                #expect(Array(buffer: original.body) == fixture.original)

                let headers: HTTPFields = [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"]
                let forged = try await client.execute(
                    uri: "/duplicates/\(id)/release",
                    method: .post,
                    headers: headers,
                    body: WebFixture.form([("csrf", "wrong"), ("comment", "x")])
                )
                #expect(forged.status == .forbidden)
                let noComment = try await client.execute(
                    uri: "/duplicates/\(id)/release",
                    method: .post,
                    headers: headers,
                    body: WebFixture.form([("csrf", csrf), ("comment", " ")])
                )
                #expect(noComment.status == .badRequest)
                #expect(try await fixture.store.heldDuplicate(id)?.decision == .open)

                let released = try await client.execute(
                    uri: "/duplicates/\(id)/release",
                    method: .post,
                    headers: headers,
                    body: WebFixture.form([("csrf", csrf), ("comment", "Zweite Teillieferung, eigene Rechnung")])
                )
                #expect(released.status == .seeOther)
                let held = try #require(try await fixture.store.heldDuplicate(id))
                #expect(held.decision == .released)
                let releasedID = try #require(held.releasedBookingID)
                let booking = try #require(try await fixture.store.booking(releasedID))
                #expect(booking.releasedFrom == id)
                #expect(booking.invoiceNumber == "B-0")
                let api = try await client.execute(
                    uri: "/api/v1/bookings/\(booking.id)",
                    method: .get,
                    headers: [.authorization: "Bearer \(fixture.token)"]
                )
                #expect(try ERPAPITests.json(api)["released_from"] as? Int == Int(id), "the ERP sees the release")
                let twice = try await client.execute(
                    uri: "/duplicates/\(id)/reject",
                    method: .post,
                    headers: headers,
                    body: WebFixture.form([("csrf", csrf), ("comment", "doch doppelt")])
                )
                #expect(twice.status == .conflict, "decided already")
                let decided = String(
                    buffer: try await client.execute(uri: "/duplicates/\(id)", method: .get, headers: [.cookie: cookie])
                        .body
                )
                #expect(!decided.contains("/duplicates/\(id)/release"), "no actions on a decided one")

                let rejected = try await client.execute(
                    uri: "/duplicates/\(fixture.duplicates[1])/reject",
                    method: .post,
                    headers: headers,
                    body: WebFixture.form([("csrf", csrf), ("comment", "gleiche Rechnung erneut gesendet")])
                )
                #expect(rejected.status == .seeOther)
                #expect(try await fixture.store.heldDuplicate(fixture.duplicates[1])?.decision == .rejected)
                let other = try await client.execute(
                    uri: "/duplicates/\(fixture.duplicates[2])/release",
                    method: .post,
                    headers: headers,
                    body: WebFixture.form([("csrf", csrf), ("comment", "nicht meins")])
                )
                #expect(other.status == .notFound, "another tenant's suspected duplicate")
                #expect(try await fixture.store.heldDuplicate(fixture.duplicates[2])?.decision == .open)

                let trail = try await fixture.store.auditEntries(matching: AuditQuery(scope: .all))
                #expect(trail.map(\.action) == ["duplicate.rejected", "duplicate.released"])
                #expect(trail.allSatisfy { $0.actor == "user:erika" })
                #expect(trail.last?.bookingID == booking.id)
                let open = try await client.execute(uri: "/duplicates", method: .get, headers: [.cookie: cookie])
                #expect(String(buffer: open.body).contains("0 Verdachtsfälle"))
            }
        }
    }

    @Test func reprocessingBooksARejectionThatTheCurrentRulesAccept() async throws {
        let fixture = try await WebFixture { store, data in
            var configuration = PipelineConfiguration()
            configuration.dataDirectory = data
            let (validator, bundle) = try StandardValidator.shared.get()
            return PipelineReprocessing(
                configuration: configuration,
                validator: validator,
                bundleHash: bundle.bundleHash,
                store: store,
                extractTerms: BookingTerms.extract
            )
        }
        // A valid invoice rejected under older rules: archived, settled as a rejection.
        let store = fixture.store
        let sample = try PackagePaths.samplesDirectory() + "/ubl-invoice-valid.xml"
        let (sha256, size) = try Archive(directory: fixture.directory.path("data/archive")).store(fileAt: sample)
        let daemon = try await store.registerDaemon(DaemonRegistration(host: "test", processID: 3))
        let receipt = try #require(
            try await store.recordClaims(
                [ClaimRequest(sourceName: "old.xml", sourceKey: "k-old")],
                by: daemon,
                receivedAt: Date()
            )[0]
        )
        try await store.markClaimed([receipt])
        _ = try await store.beginDecision(receipt, sha256: sha256, size: size)
        guard
            case .rejected(let id) = try await store.settle(
                receipt,
                .rejection(
                    RejectionDraft(tenant: "a", reasonClass: "rules", reason: "old rules", ruleIDs: ["BR-OLD-1"])
                ),
                at: Date()
            )
        else {
            Issue.record("not rejected")
            return
        }
        try await fixture.application().test(.router) { client in
            let (cookie, csrf) = try await WebFixture.logIn(client)
            // The invoice visualised from its original.
            let page = try await client.execute(uri: "/rejections/\(id)", method: .get, headers: [.cookie: cookie])
            let body = String(buffer: page.body)
            #expect(body.contains("<h2 id=\"invoice\">Die Rechnung</h2>"))
            #expect(body.contains("<h3>Verkäufer</h3>"))
            #expect(body.contains("<h3>Positionen</h3>"))
            #expect(body.contains("Zahlbetrag (BT-115)"))
            let response = try await client.execute(
                uri: "/rejections/\(id)/reprocess",
                method: .post,
                headers: [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"],
                body: WebFixture.form([("csrf", csrf)])
            )
            #expect(response.status == .seeOther)
            #expect(try await store.rejection(id)?.status == .resolved, "booked now: its rejection is resolved")
            let booked = try await store.bookings(after: 0, limit: 10, scope: .all).filter { $0.receiptID == receipt }
            #expect(booked.count == 1)
            let trail = try await store.auditEntries(matching: AuditQuery(scope: .all, receiptID: receipt))
            #expect(trail.map(\.action) == ["invoice.reprocessed", "reprocess.booked"])
            #expect(trail.allSatisfy { $0.actor == "user:erika" })
            #expect(trail.first?.detail?.hasPrefix("newly_accepted") == true)
            // Again: nothing more is booked.
            _ = try await client.execute(
                uri: "/rejections/\(id)/reprocess",
                method: .post,
                headers: [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"],
                body: WebFixture.form([("csrf", csrf)])
            )
            #expect(
                try await store.bookings(after: 0, limit: 10, scope: .all).filter { $0.receiptID == receipt }.count == 1
            )
        }
    }
}
