import EInvoiceReports
import EInvoiceStore
import Foundation
import HTTPTypes
import Hummingbird

extension Workspace {
    static let pageSize = 50

    /// The clerks' pages and actions (behind ``SessionAuthenticator``).
    func addPages(to pages: RouterGroup<WebContext>) {
        pages.post("logout") { request, _ -> Response in
            if let token = request.cookies[CookieName.session]?.value {
                try await self.store.endSession(tokenHash: TokenHash.of(token))
            }
            var response = Response.redirect(to: "/login", type: .normal)
            response.setCookie(self.cookie(CookieName.session, "", maxAge: 0))
            return response
        }
        pages.get("/") { request, context in try await self.overview(request, context) }
        pages.get("rejections") { request, context in try await self.rejectionList(request, context) }
        pages.get("rejections/:id") { request, context in try await self.rejectionPage(request, context) }
        pages.get("rejections/:id/report") { _, context -> Response in
            guard let entry = try await self.scopedRejection(context),
                let bytes = FileAccess.read(
                    FileAccess.report(
                        dataDirectory: self.configuration.dataDirectory,
                        receipt: entry.receiptID,
                        name: "invoice-report.html"
                    )
                )
            else { throw HTTPError(.notFound) }
            // The stored report: its own style, no script; framed only by this site.
            return Response(
                status: .ok,
                headers: [
                    .contentType: "text/html; charset=utf-8",
                    .contentSecurityPolicy:
                        "sandbox; default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'self'",
                    HTTPField.Name("X-Frame-Options")!: "SAMEORIGIN",
                    .cacheControl: "no-store",
                ],
                body: .init(byteBuffer: ByteBuffer(bytes: bytes))
            )
        }
        pages.get("rejections/:id/original") { _, context -> Response in
            guard let entry = try await self.scopedRejection(context), let sha256 = entry.sha256,
                let path = FileAccess.archivedOriginal(dataDirectory: self.configuration.dataDirectory, sha256: sha256),
                let bytes = FileAccess.read(path)
            else { throw HTTPError(.notFound) }
            return Self.original(bytes, name: "rejection-\(entry.id).xml")
        }
        pages.post("rejections/:id/return") { request, context in
            try await self.decide(request, context, .returned, action: "rejection.returned", field: "reason")
        }
        pages.post("rejections/:id/resolve") { request, context in
            try await self.decide(request, context, .resolved, action: "rejection.resolved", field: "comment")
        }
        pages.post("rejections/:id/reprocess") { _, context -> Response in
            guard let entry = try await self.scopedRejection(context), let user = context.user else {
                throw HTTPError(.notFound)
            }
            guard let reprocessing = self.reprocessing else {
                throw HTTPError(.serviceUnavailable, message: "this server has no rules loaded\n")
            }
            let actor = "user:" + user.name
            let outcome = try await reprocessing.reprocess(receipt: entry.receiptID, actor: actor)
            _ = try await self.store.appendAudit(
                AuditDraft(
                    at: Date(),
                    actor: actor,
                    action: "invoice.reprocessed",
                    receiptID: entry.receiptID,
                    rejectionID: entry.id,
                    tenant: entry.tenant,
                    detail: outcome
                )
            )
            return Response.redirect(to: "/rejections/\(entry.id)", type: .normal)
        }
        pages.get("bookings") { request, context in try await self.bookingList(request, context) }
        addDuplicatePages(to: pages)
        pages.get("audit") { request, context in try await self.auditPage(request, context) }
    }

    func scopedRejection(_ context: WebContext) async throws -> RejectionEntry? {
        guard let id = context.parameters.get("id", as: Int64.self), let entry = try await store.rejection(id),
            context.scope.contains(entry.tenant)
        else { return nil }
        return entry
    }

    /// Marks a rejection returned or resolved; the reason or comment is required and goes into the audit trail.
    func decide(
        _ request: Request,
        _ context: WebContext,
        _ status: RejectionStatus,
        action: String,
        field: String
    ) async throws -> Response {
        guard let entry = try await scopedRejection(context), let user = context.user else {
            throw HTTPError(.notFound)
        }
        var request = request
        let form = FormData(String(buffer: try await request.collectBody(upTo: 1_000_000)))
        let why = (form[field] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !why.isEmpty else {
            throw HTTPError(.badRequest, message: "a \(field) is required\n")
        }
        _ = try await store.setRejectionStatus(
            entry.id,
            status,
            audit: AuditDraft(at: Date(), actor: "user:" + user.name, action: action, detail: why)
        )
        return Response.redirect(to: "/rejections/\(entry.id)", type: .normal)
    }

    // MARK: Overview

    func overview(_ request: Request, _ context: WebContext) async throws -> Response {
        var page = Page(language: language(request))
        page.begin(title: page.t("Übersicht", "Overview"), path: "/", context: context)
        let calendar = Calendar(identifier: .gregorian)
        let now = Date()
        let today = calendar.startOfDay(for: now)
        let week = calendar.dateInterval(of: .weekOfYear, for: now)?.start ?? today
        let scope = context.scope
        let open = try await store.rejections(matching: RejectionQuery(scope: scope, status: .open, limit: 500))
        let periods = [
            try await store.counts(scope: scope, since: today), try await store.counts(scope: scope, since: week),
            try await store.counts(scope: scope, since: nil),
        ]
        page.raw("<section aria-labelledby=\"counts\"><h2 id=\"counts\">")
        page.say("Zahlen", "Counts")
        page.raw("</h2><table class=\"counts\"><thead><tr><th scope=\"col\">")
        page.say("Rechnungen", "Invoices")
        page.raw("</th><th scope=\"col\">")
        page.say("heute", "today")
        page.raw("</th><th scope=\"col\">")
        page.say("diese Woche", "this week")
        page.raw("</th><th scope=\"col\">")
        page.say("insgesamt", "in all")
        page.raw("</th></tr></thead><tbody>")
        let rows: [(String, String?, (WorkspaceCounts) -> Int)] = [
            (page.t("eingegangen und entschieden", "received and decided"), nil, { $0.received }),
            (page.t("gebucht", "booked"), "/bookings", { $0.booked }),
            (page.t("zurückgewiesen", "rejected"), "/rejections", { $0.rejected }),
            (
                page.t("Verdacht auf Doppelrechnung", "suspected duplicates"), "/duplicates?status=all",
                {
                    $0.suspectedDuplicates
                }
            ),
            (page.t("offen: Zurückweisungen", "open: rejections"), "/rejections?status=open", { $0.openRejections }),
            (
                page.t("offen: Doppelrechnungsverdacht", "open: suspected duplicates"), "/duplicates?status=open",
                {
                    $0.openDuplicates
                }
            ),
        ]
        for (label, href, value) in rows {
            page.raw("<tr><th scope=\"row\">")
            if let href { page.link(href, label) } else { page.text(label) }
            page.raw("</th>")
            for counts in periods {
                page.raw("<td>")
                page.number(value(counts))
                page.raw("</td>")
            }
            page.raw("</tr>")
        }
        page.raw("</tbody></table></section>")

        if open.total > 0,
            let oldest = try await store.rejections(
                matching: RejectionQuery(scope: scope, status: .open, offset: open.total - 1, limit: 1)
            ).entries.first
        {
            page.raw("<section aria-labelledby=\"oldest\"><h2 id=\"oldest\">")
            page.say("Älteste offene Zurückweisung", "Oldest open rejection")
            page.raw("</h2><p>")
            page.link(
                "/rejections/\(oldest.id)",
                "\(oldest.invoiceNumber ?? oldest.sourceName) – \(oldest.sellerName ?? "–")"
            )
            page.raw(" (")
            page.text(page.dateText(oldest.rejectedAt))
            page.raw(")</p></section>")
        }
        var rules: [String: Int] = [:]
        var senders: [String: Int] = [:]
        for entry in open.entries {
            for rule in Set(entry.ruleIDs) { rules[rule, default: 0] += 1 }
            if let seller = entry.sellerName { senders[seller, default: 0] += 1 }
        }
        for (id, heading, counts, parameter) in [
            ("rules", page.t("Häufigste Regeln (offene)", "Most frequent rules (open)"), rules, "rule"),
            ("senders", page.t("Häufigste Absender (offene)", "Most frequent senders (open)"), senders, "sender"),
        ] where !counts.isEmpty {
            page.raw("<section><h2 id=\"")
            page.text(id)
            page.raw("\">")
            page.text(heading)
            page.raw("</h2><ol>")
            for (key, count) in counts.sorted(by: { ($0.value, $1.key) > ($1.value, $0.key) }).prefix(5) {
                page.raw("<li>")
                page.link("/rejections?status=open&\(parameter)=" + FormData.percentEncoded(key), key)
                page.raw(" (")
                page.number(count)
                page.raw(")</li>")
            }
            page.raw("</ol></section>")
        }
        page.end()
        return page.response()
    }

    // MARK: Rejections

    func rejectionList(_ request: Request, _ context: WebContext) async throws -> Response {
        let parameters = request.uri.queryParameters
        func value(_ name: String) -> String? {
            parameters.get(name).flatMap { $0.isEmpty ? nil : String($0.prefix(200)) }
        }
        let status = value("status").flatMap(RejectionStatus.init(rawValue:))
        let pageNumber = max(parameters.get("page", as: Int.self) ?? 1, 1)
        let from = value("from").flatMap(Self.day)
        let until = value("to").flatMap(Self.day).map { $0.addingTimeInterval(86_400) }
        let query = RejectionQuery(
            scope: context.scope,
            status: status,
            sender: value("sender"),
            ruleID: value("rule"),
            from: from,
            until: until,
            invoiceNumber: value("number"),
            offset: (pageNumber - 1) * Self.pageSize,
            limit: Self.pageSize
        )
        let result = try await store.rejections(matching: query)
        var page = Page(language: language(request))
        page.begin(title: page.t("Zurückweisungen", "Rejections"), path: "/rejections", context: context)
        page.raw("<form class=\"filters\" method=\"get\" action=\"/rejections\" role=\"search\">")
        page.raw("<p>")
        page.statusSelect(
            [RejectionStatus.open, .returned, .resolved].map { ($0.rawValue, page.statusText($0)) },
            selected: status?.rawValue
        )
        page.raw("</p>")
        for (name, german, english, type) in [
            ("number", "Rechnungsnummer", "Invoice number", "search"), ("sender", "Absender", "Sender", "text"),
            ("rule", "Regel", "Rule", "text"), ("from", "von", "from", "date"), ("to", "bis", "to", "date"),
        ] {
            page.raw("<p><label for=\"")
            page.text(name)
            page.raw("\">")
            page.say(german, english)
            page.raw("</label><input id=\"")
            page.text(name)
            page.raw("\" name=\"")
            page.text(name)
            page.raw("\" type=\"")
            page.text(type)
            page.raw("\" value=\"")
            page.text(value(name) ?? "")
            page.raw("\"></p>")
        }
        page.raw("<p><button type=\"submit\">")
        page.say("Filtern", "Filter")
        page.raw("</button></p></form>")
        page.raw("<p role=\"status\">")
        page.number(result.total)
        page.say(" Zurückweisungen", " rejections")
        page.raw("</p>")
        if !result.entries.isEmpty {
            page.raw("<table><caption class=\"skip\">")
            page.say("Zurückweisungen", "Rejections")
            page.raw("</caption>")
            page.columnHeads([
                ("Rechnung", "Invoice"), ("Absender", "Sender"), ("Mandant", "Tenant"), ("Grund", "Reason"),
                ("Regeln", "Rules"), ("Zurückgewiesen", "Rejected"), ("Status", "Status"),
            ])
            for entry in result.entries {
                page.raw("<tr><td>")
                page.link("/rejections/\(entry.id)", entry.invoiceNumber ?? entry.sourceName)
                page.raw("</td><td>")
                page.text(entry.sellerName ?? "–")
                page.raw("</td><td>")
                page.text(entry.tenant)
                page.raw("</td><td>")
                page.text(entry.reason)
                page.raw("</td><td>")
                page.text(entry.ruleIDs.prefix(5).joined(separator: ", ") + (entry.ruleIDs.count > 5 ? " …" : ""))
                page.raw("</td><td>")
                page.text(page.dateText(entry.rejectedAt))
                page.raw("</td><td>")
                page.text(page.statusText(entry.status))
                page.raw("</td></tr>")
            }
            page.raw("</tbody></table>")
        }
        var base: [String] = []
        for name in ["status", "number", "sender", "rule", "from", "to"] {
            if let value = value(name) { base.append(name + "=" + FormData.percentEncoded(value)) }
        }
        page.pagination(page: pageNumber, total: result.total, size: Self.pageSize) { number in
            "/rejections?" + (base + ["page=\(number)"]).joined(separator: "&")
        }
        page.end()
        return page.response()
    }

    /// `YYYY-MM-DD` as the start of that day (local time).
    static func day(_ text: String) -> Date? {
        let parts = text.split(separator: "-")
        guard parts.count == 3, let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]) else {
            return nil
        }
        return Calendar(identifier: .gregorian).date(from: DateComponents(year: year, month: month, day: day))
    }
}
