import EInvoiceStore
import Foundation
import Hummingbird

/// Suspected duplicates: invoices accepted by the rules but held because a booking with the same tenant, seller and
/// invoice number exists. A clerk compares the two and releases the held one into booking or rejects it.
extension Workspace {
    func addDuplicatePages(to pages: RouterGroup<WebContext>) {
        pages.get("duplicates") { request, context in try await self.duplicateList(request, context) }
        pages.get("duplicates/:id") { request, context in try await self.duplicatePage(request, context) }
        pages.get("duplicates/:id/original") { _, context -> Response in
            guard let held = try await self.scopedDuplicate(context),
                let sha256 = try await self.store.receipt(held.receiptID)?.sha256,
                let path = FileAccess.archivedOriginal(dataDirectory: self.configuration.dataDirectory, sha256: sha256),
                let bytes = FileAccess.read(path)
            else { throw HTTPError(.notFound) }
            return Self.original(bytes, name: "duplicate-\(held.id).xml")
        }
        pages.post("duplicates/:id/release") { request, context in
            try await self.decideDuplicate(request, context, .released, action: "duplicate.released")
        }
        pages.post("duplicates/:id/reject") { request, context in
            try await self.decideDuplicate(request, context, .rejected, action: "duplicate.rejected")
        }
    }

    func scopedDuplicate(_ context: WebContext) async throws -> HeldDuplicate? {
        guard let id = context.parameters.get("id", as: Int64.self), let held = try await store.heldDuplicate(id),
            context.scope.contains(held.tenant)
        else { return nil }
        return held
    }

    /// Releases or rejects a held duplicate; the clerk's reason is required and goes into the audit trail.
    func decideDuplicate(
        _ request: Request,
        _ context: WebContext,
        _ decision: HeldDuplicateStatus,
        action: String
    ) async throws -> Response {
        guard let held = try await scopedDuplicate(context), let user = context.user else {
            throw HTTPError(.notFound)
        }
        var request = request
        let form = FormData(String(buffer: try await request.collectBody(upTo: 1_000_000)))
        let why = (form["comment"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !why.isEmpty else {
            throw HTTPError(.badRequest, message: "a comment is required\n")
        }
        guard held.decision == .open else {
            throw HTTPError(.conflict, message: "this suspected duplicate is decided already\n")
        }
        _ = try await store.decideHeldDuplicate(
            held.id,
            decision,
            audit: AuditDraft(at: Date(), actor: "user:" + user.name, action: action, detail: why)
        )
        return Response.redirect(to: "/duplicates/\(held.id)", type: .normal)
    }

    func duplicateList(_ request: Request, _ context: WebContext) async throws -> Response {
        let parameters = request.uri.queryParameters
        let statusText = parameters.get("status") ?? "open"
        let status = HeldDuplicateStatus(rawValue: statusText)
        let pageNumber = max(parameters.get("page", as: Int.self) ?? 1, 1)
        let result = try await store.heldDuplicates(
            matching: HeldDuplicateQuery(
                scope: context.scope,
                status: status,
                offset: (pageNumber - 1) * Self.pageSize,
                limit: Self.pageSize
            )
        )
        var page = Page(language: language(request))
        page.begin(
            title: page.t("Verdacht auf Doppelrechnung", "Suspected duplicates"),
            path: "/duplicates",
            context: context
        )
        page.raw("<form class=\"filters\" method=\"get\" action=\"/duplicates\"><p>")
        // The list opens on the open ones, so "all" needs a value of its own.
        page.statusSelect(
            HeldDuplicateStatus.allCases.map { ($0.rawValue, page.statusText($0)) },
            selected: status?.rawValue,
            allValue: "all"
        )
        page.raw("</p><p><button type=\"submit\">")
        page.say("Filtern", "Filter")
        page.raw("</button></p></form><p role=\"status\">")
        page.number(result.total)
        page.say(" Verdachtsfälle", " suspected duplicates")
        page.raw("</p>")
        if !result.entries.isEmpty {
            page.raw("<table><caption class=\"skip\">")
            page.say("Verdacht auf Doppelrechnung", "Suspected duplicates")
            page.raw("</caption>")
            page.columnHeads([
                ("Rechnung", "Invoice"), ("Absender", "Sender"), ("Mandant", "Tenant"), ("Betrag", "Amount"),
                ("Rechnungsdatum", "Issue date"), ("Angehalten", "Held"), ("Status", "Status"),
            ])
            for held in result.entries {
                page.raw("<tr><td>")
                page.link("/duplicates/\(held.id)", held.invoiceNumber)
                page.raw("</td><td>")
                page.text(held.sellerName ?? "–")
                page.raw("</td><td>")
                page.text(held.tenant)
                page.raw("</td><td>")
                page.text(Self.amount(held.payableAmount, held.currency))
                page.raw("</td><td>")
                page.text(held.issueDate ?? "–")
                page.raw("</td><td>")
                page.text(page.dateText(held.heldAt))
                page.raw("</td><td>")
                page.text(page.statusText(held.decision))
                page.raw("</td></tr>")
            }
            page.raw("</tbody></table>")
        }
        page.pagination(page: pageNumber, total: result.total, size: Self.pageSize) { number in
            "/duplicates?status=" + FormData.percentEncoded(statusText) + "&page=\(number)"
        }
        page.end()
        return page.response()
    }

    func duplicatePage(_ request: Request, _ context: WebContext) async throws -> Response {
        guard let held = try await scopedDuplicate(context), let session = context.session else {
            throw HTTPError(.notFound)
        }
        let receipt = try await store.receipt(held.receiptID)
        let booking = try await store.booking(held.bookingID)
        var earlier: Receipt?
        if let booking { earlier = try await store.receipt(booking.receiptID) }
        var page = Page(language: language(request))
        let title = page.t("Verdacht auf Doppelrechnung", "Suspected duplicate") + " " + held.invoiceNumber
        page.begin(title: title, path: "/duplicates/\(held.id)", context: context)
        page.raw("<p>")
        page.say(
            "Diese Rechnung hat die Prüfung bestanden. Sie wurde angehalten, weil für denselben Mandanten bereits eine "
                + "Rechnung desselben Absenders mit derselben Rechnungsnummer gebucht ist.",
            "This invoice passed validation. It was held because an invoice of the same sender with the same invoice "
                + "number is booked for the same tenant already."
        )
        page.raw("</p><table><caption>")
        page.say("Vergleich mit der gebuchten Rechnung", "Compared with the booked invoice")
        page.raw("</caption><thead><tr><th scope=\"col\"></th><th scope=\"col\">")
        page.say("Diese Rechnung", "This invoice")
        page.raw("</th><th scope=\"col\">")
        page.say("Gebucht", "Booked")
        page.raw("</th></tr></thead><tbody>")
        let rows: [(String, String?, String?)] = [
            (page.t("Rechnungsnummer", "Invoice number"), held.invoiceNumber, booking?.invoiceNumber),
            (page.t("Absender", "Sender"), held.sellerName, booking?.sellerName),
            (page.t("Mandant", "Tenant"), held.tenant, booking?.tenant),
            (
                page.t("Betrag", "Amount"), Self.amount(held.payableAmount, held.currency),
                booking.map { Self.amount($0.payableAmount, $0.currency) }
            ),
            (page.t("Rechnungsdatum", "Issue date"), held.issueDate, booking?.issueDate),
            (page.t("Datei", "File"), receipt?.sourceName, earlier?.sourceName),
            (
                page.t("Eingegangen", "Received"), receipt.map { page.dateText($0.receivedAt) },
                earlier.map { page.dateText($0.receivedAt) }
            ),
            (
                page.t("Prüfsumme (SHA-256)", "Checksum (SHA-256)"),
                receipt?.sha256.map { String($0.prefix(16)) + "…" },
                earlier?.sha256.map { String($0.prefix(16)) + "…" }
            ),
        ]
        for (label, this, booked) in rows {
            page.raw("<tr><th scope=\"row\">")
            page.text(label)
            page.raw("</th><td>")
            page.text(this ?? "–")
            page.raw("</td><td>")
            page.text(booked ?? "–")
            page.raw("</td></tr>")
        }
        page.raw("</tbody></table><dl>")
        page.term(page.t("Status", "Status"), page.statusText(held.decision))
        page.term(page.t("Angehalten", "Held"), page.dateText(held.heldAt))
        if let decided = held.decidedAt { page.term(page.t("Entschieden", "Decided"), page.dateText(decided)) }
        if let released = held.releasedBookingID {
            page.term(page.t("Gebucht als Buchung", "Booked as booking"), "\(released)")
        }
        page.raw("</dl><p>")
        page.link(
            "/duplicates/\(held.id)/original",
            page.t("Original herunterladen (XML)", "Download the original (XML)")
        )
        page.raw("</p>")

        invoiceSection(&page, businessTerms(sha256: receipt?.sha256))

        if held.decision == .open {
            page.raw("<section aria-labelledby=\"actions\"><h2 id=\"actions\">")
            page.say("Entscheiden", "Decide")
            page.raw("</h2>")
            for (path, field, german, english, button, buttonEnglish) in [
                (
                    "release", "release-comment", "Keine Doppelrechnung – Begründung",
                    "Not a duplicate – reason", "Zur Buchung freigeben", "Release into booking"
                ),
                (
                    "reject", "reject-comment", "Doppelrechnung – Begründung", "A duplicate – reason",
                    "Als Doppelrechnung ablehnen", "Reject as a duplicate"
                ),
            ] {
                page.raw("<form method=\"post\" action=\"/duplicates/")
                page.number(Int(held.id))
                page.raw("/")
                page.text(path)
                page.raw("\">")
                page.csrf(session)
                page.raw("<p><label for=\"")
                page.text(field)
                page.raw("\">")
                page.say(german, english)
                page.raw("</label><input id=\"")
                page.text(field)
                page.raw("\" name=\"comment\" required size=\"60\"></p><p><button type=\"submit\">")
                page.say(button, buttonEnglish)
                page.raw("</button></p></form>")
            }
            page.raw("</section>")
        }

        try await historySection(&page, receipt: held.receiptID, scope: context.scope)
        page.end()
        return page.response()
    }

    static func amount(_ value: String?, _ currency: String?) -> String {
        guard let value else { return "–" }
        return currency.map { value + " " + $0 } ?? value
    }
}
