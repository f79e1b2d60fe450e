import EInvoiceStore
import EInvoiceTestSupport
import Testing

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The clerks' workspace and the ERP API in the store: users, sessions, API tokens, the clerks' decisions with the
/// audit trail, submissions. Written once, run against SQLite and PostgreSQL.
@Suite struct WorkspaceStoreTests {
    static func rejection(tenant: String, number: String, seller: String, rules: [String]) -> RejectionDraft {
        var draft = Fixtures.rejection()
        draft.tenant = tenant
        draft.invoiceNumber = number
        draft.sellerName = seller
        draft.ruleIDs = rules
        return draft
    }

    @Test(arguments: StoreKind.tested)
    func usersHaveUniqueNamesAndAPasswordChangeEndsTheirSessions(_ kind: StoreKind) async throws {
        try await withTestStore(kind) { store in
            let now = Date()
            let draft = UserDraft(name: "erika", role: .clerk, tenants: ["a", "b"], passwordHash: "hash-1")
            let erika = try #require(try await store.addUser(draft, at: now))
            #expect(try await store.addUser(draft, at: now) == nil, "the name is taken")
            #expect(try await store.user(named: "erika")?.tenants == ["a", "b"])
            #expect(try await store.user(id: erika.id)?.role == .clerk)
            #expect(try await store.user(named: "nobody") == nil)

            let session = Session(
                tokenHash: "t1",
                userID: erika.id,
                csrfToken: "c1",
                createdAt: now,
                expiresAt: now.addingTimeInterval(3600)
            )
            try await store.addSession(session)
            let found = try #require(try await store.session(tokenHash: "t1", at: now))
            #expect(found.0.csrfToken == "c1")
            #expect(found.1.name == "erika")
            #expect(try await store.session(tokenHash: "t1", at: now.addingTimeInterval(3601)) == nil, "expired")
            #expect(try await store.session(tokenHash: "t2", at: now) == nil)

            #expect(try await store.setPasswordHash(user: erika.id, "hash-2", at: now))
            #expect(try await store.user(id: erika.id)?.passwordHash == "hash-2")
            #expect(try await store.session(tokenHash: "t1", at: now) == nil, "a new password ends the sessions")
            #expect(try await !store.setPasswordHash(user: 999, "x", at: now))

            try await store.addSession(session)
            try await store.endSession(tokenHash: "t1")
            #expect(try await store.session(tokenHash: "t1", at: now) == nil)
            #expect(try await store.users().map(\.name) == ["erika"])
        }
    }

    @Test(arguments: StoreKind.tested)
    func anAPIUserHasTokensButNoSessions(_ kind: StoreKind) async throws {
        try await withTestStore(kind) { store in
            let now = Date()
            let erp = try #require(
                try await store.addUser(UserDraft(name: "erp", role: .api, tenants: ["a"], passwordHash: nil), at: now)
            )
            try await store.addSession(
                Session(tokenHash: "s", userID: erp.id, csrfToken: "c", createdAt: now, expiresAt: .distantFuture)
            )
            #expect(try await store.session(tokenHash: "s", at: now) == nil, "an API user never logs in")
            let token = try await store.addAPIToken(
                APITokenDraft(userID: erp.id, name: "SAP", tokenHash: "h1", scopes: [.bookingsRead], tenants: ["*"]),
                at: now
            )
            let found = try #require(try await store.apiToken(hash: "h1"))
            #expect(found.0.id == token.id)
            #expect(found.0.scopes == [.bookingsRead])
            #expect(found.0.scope(of: found.1) == .only(["a"]), "a token sees no more than its user")
            #expect(try await store.apiToken(hash: "other") == nil)
            #expect(try await store.revokeAPIToken(token.id, at: now))
            #expect(try await store.revokeAPIToken(token.id, at: now), "idempotent")
            #expect(try await !store.revokeAPIToken(999, at: now))
            #expect(try await store.apiToken(hash: "h1") == nil, "revoked")
            #expect(try await store.apiTokens(user: erp.id).map { $0.revokedAt != nil } == [true])
        }
    }

    @Test(arguments: StoreKind.tested)
    func clerksListRejectionsByTenantStatusSenderRuleAndNumber(_ kind: StoreKind) async throws {
        try await withTestStore(kind) { store in
            let daemon = try await store.registerDaemon(Fixtures.host)
            let ids = try await Fixtures.archived(store, ["1.xml", "2.xml", "3.xml", "4.xml"], by: daemon)
            let drafts = [
                Self.rejection(tenant: "a", number: "R-100", seller: "Müller GmbH", rules: ["BR-DE-1"]),
                Self.rejection(tenant: "a", number: "R-200", seller: "Schmidt AG", rules: ["BR-CO-15", "BR-DE-15"]),
                Self.rejection(tenant: "b", number: "R-300", seller: "Müller GmbH", rules: ["BR-DE-1"]),
                Self.rejection(tenant: "a", number: "X-1", seller: "<script>", rules: ["BR-DE-15"]),
            ]
            var rejectionIDs: [Int64] = []
            for (id, draft) in zip(ids, drafts) {
                guard case .rejected(let rejection) = try await store.settle(id, .rejection(draft), at: Date()) else {
                    Issue.record("not rejected")
                    return
                }
                rejectionIDs.append(rejection)
            }
            let a = TenantScope.only(["a"])
            let cursor = try await store.rejections(after: rejectionIDs[0], limit: 10, scope: a)
            #expect(cursor.compactMap(\.invoiceNumber) == ["R-200", "X-1"], "in id order, tenant a only")
            func numbers(_ query: RejectionQuery) async throws -> [String] {
                try await store.rejections(matching: query).entries.compactMap(\.invoiceNumber)
            }
            #expect(try await numbers(RejectionQuery(scope: a)) == ["X-1", "R-200", "R-100"], "newest first")
            #expect(try await store.rejections(matching: RejectionQuery(scope: .all)).total == 4)
            #expect(try await store.rejections(matching: RejectionQuery(scope: .only([]))).total == 0)
            #expect(try await numbers(RejectionQuery(scope: a, sender: "müller")) == ["R-100"])
            #expect(try await numbers(RejectionQuery(scope: .all, ruleID: "BR-DE-1")) == ["R-300", "R-100"])
            #expect(try await numbers(RejectionQuery(scope: a, invoiceNumber: "r-")) == ["R-200", "R-100"])
            let page = try await store.rejections(matching: RejectionQuery(scope: a, offset: 1, limit: 1))
            #expect(page.entries.map(\.invoiceNumber) == ["R-200"])
            #expect(page.total == 3)
            #expect(try await numbers(RejectionQuery(scope: a, until: Date(timeIntervalSince1970: 0))).isEmpty)

            // A clerk returns one to its sender: status and audit entry in one transaction.
            let returned = try await store.setRejectionStatus(
                rejectionIDs[1],
                .returned,
                audit: AuditDraft(at: Date(), actor: "user:erika", action: "rejection.returned", detail: "BT-10 fehlt")
            )
            #expect(returned?.status == .returned)
            #expect(try await numbers(RejectionQuery(scope: a, status: .returned)) == ["R-200"])
            #expect(try await numbers(RejectionQuery(scope: a, status: .open)) == ["X-1", "R-100"])
            let resolved = try await store.setRejectionStatus(
                rejectionIDs[2],
                .resolved,
                audit: AuditDraft(at: Date(), actor: "user:max", action: "rejection.resolved", detail: "telefonisch")
            )
            #expect(resolved?.status == .resolved)
            #expect(
                try await store.setRejectionStatus(
                    999,
                    .resolved,
                    audit: AuditDraft(at: Date(), actor: "user:max", action: "rejection.resolved")
                ) == nil
            )

            let trail = try await store.auditEntries(matching: AuditQuery(scope: a))
            #expect(trail.map(\.action) == ["rejection.returned"], "tenant b's entry is not tenant a's")
            #expect(trail.first?.detail == "BT-10 fehlt")
            #expect(trail.first?.receiptID == ids[1])
            #expect(trail.first?.tenant == "a")
            let all = try await store.auditEntries(matching: AuditQuery(scope: .all))
            #expect(all.map(\.action) == ["rejection.resolved", "rejection.returned"], "newest first")
            #expect(try await store.auditEntries(matching: AuditQuery(scope: .all, receiptID: ids[2])).count == 1)
            #expect(try await store.auditEntries(matching: AuditQuery(scope: .all, before: all[0].id)).count == 1)
            let appended = try await store.appendAudit(
                AuditDraft(
                    at: Date(),
                    actor: "user:erika",
                    action: "invoice.reprocessed",
                    receiptID: ids[0],
                    tenant: "a"
                )
            )
            let newest = try await store.auditEntries(matching: AuditQuery(scope: a)).first
            #expect(newest?.id == appended.id)
            #expect(newest?.action == "invoice.reprocessed")
            #expect(newest?.actor == "user:erika")
        }
    }

    @Test(arguments: StoreKind.tested)
    func theERPCursorKeepsToItsTenants(_ kind: StoreKind) async throws {
        try await withTestStore(kind) { store in
            let daemon = try await store.registerDaemon(Fixtures.host)
            let ids = try await Fixtures.archived(store, ["1.xml", "2.xml", "3.xml"], by: daemon)
            for (index, id) in ids.enumerated() {
                _ = try await store.settle(
                    id,
                    .booking(Fixtures.booking("B-\(index)", tenant: index == 1 ? "b" : "a")),
                    at: Date()
                )
            }
            let a = try await store.bookings(after: 0, limit: 10, scope: .only(["a"]))
            #expect(a.map(\.invoiceNumber) == ["B-0", "B-2"])
            let next = try await store.bookings(after: a[0].id, limit: 10, scope: .only(["a"]))
            #expect(next.map(\.invoiceNumber) == ["B-2"])
            #expect(try await store.bookings(after: 0, limit: 10, scope: .all).count == 3)
            try await store.markBookingsTaken(a.map(\.id))
            try await store.markBookingsTaken(a.map(\.id))
            #expect(try await store.booking(a[1].id)?.status == .taken)
            _ = try await store.acknowledgeBooking(a[0].id, at: Date())
            try await store.markBookingsTaken([a[0].id])
            #expect(try await store.booking(a[0].id)?.status == .acknowledged, "taking never undoes an ack")
            let acknowledged = try await store.bookings(matching: BookingQuery(scope: .all, status: .acknowledged))
            #expect(acknowledged.entries.map(\.invoiceNumber) == ["B-0"])
            #expect(acknowledged.total == 1)
            #expect(try await store.bookings(matching: BookingQuery(scope: .only(["b"]))).total == 1)
        }
    }

    @Test(arguments: StoreKind.tested)
    func aSubmissionFindsItsReceiptByInboxPath(_ kind: StoreKind) async throws {
        try await withTestStore(kind) { store in
            let now = Date()
            let user = try #require(
                try await store.addUser(UserDraft(name: "erp", role: .api, tenants: ["*"], passwordHash: nil), at: now)
            )
            let token = try await store.addAPIToken(
                APITokenDraft(userID: user.id, name: "erp", tokenHash: "h", scopes: APIScope.allCases, tenants: ["*"]),
                at: now
            )
            let submission = Submission(
                id: "0f8e",
                tokenID: token.id,
                tenant: "a",
                sourceName: "http/0f8e.xml",
                submittedAt: Date(timeIntervalSince1970: 1_800_000_000)
            )
            try await store.addSubmission(submission)
            #expect(try await store.submission(id: "0f8e") == submission)
            #expect(try await store.submission(id: "other") == nil)
            #expect(try await store.receipt(sourceName: "http/0f8e.xml") == nil, "not taken yet")
            let daemon = try await store.registerDaemon(Fixtures.host)
            let claimed = try await store.recordClaims(
                [ClaimRequest(sourceName: "http/0f8e.xml", sourceKey: "k")],
                by: daemon,
                receivedAt: now
            )
            #expect(try await store.receipt(sourceName: "http/0f8e.xml")?.id == claimed[0])
        }
    }
}
