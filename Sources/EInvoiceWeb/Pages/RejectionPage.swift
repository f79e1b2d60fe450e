import EInvoiceReports
import EInvoiceStore
import Foundation
import Hummingbird

extension Workspace {
    func rejectionPage(_ request: Request, _ context: WebContext) async throws -> Response {
        guard let entry = try await scopedRejection(context), let session = context.session else {
            throw HTTPError(.notFound)
        }
        var page = Page(language: language(request))
        let title = page.t("Zurückweisung", "Rejection") + " " + (entry.invoiceNumber ?? entry.sourceName)
        page.begin(title: title, path: "/rejections/\(entry.id)", context: context)
        page.raw("<dl>")
        page.term(page.t("Rechnungsnummer", "Invoice number"), entry.invoiceNumber)
        page.term(page.t("Absender", "Sender"), entry.sellerName)
        page.term(page.t("Mandant", "Tenant"), entry.tenant)
        page.term(page.t("Datei", "File"), entry.sourceName)
        page.term(page.t("Eingegangen", "Received"), page.dateText(entry.receivedAt))
        page.term(page.t("Zurückgewiesen", "Rejected"), page.dateText(entry.rejectedAt))
        page.term(page.t("Grund", "Reason"), entry.reason)
        page.term(page.t("Regeln", "Rules"), entry.ruleIDs.joined(separator: ", "))
        page.term(page.t("Status", "Status"), page.statusText(entry.status))
        page.raw("</dl>")
        if entry.sha256 != nil {
            page.raw("<p>")
            page.link(
                "/rejections/\(entry.id)/original",
                page.t("Original herunterladen (XML)", "Download the original (XML)")
            )
            page.raw("</p>")
        }

        invoiceSection(&page, businessTerms(sha256: entry.sha256))

        page.raw("<section aria-labelledby=\"report\"><h2 id=\"report\">")
        page.say("Prüfbericht", "Validation report")
        // The frame is no Tab stop: focus inside a sandboxed frame shows no focus indicator (WCAG 2.4.7), and the
        // link below opens the same report as a page of its own, which the keyboard scrolls.
        page.raw("</h2><iframe sandbox=\"\" src=\"/rejections/")
        page.number(Int(entry.id))
        page.raw("/report\" title=\"")
        page.say("Prüfbericht", "Validation report")
        page.raw("\" tabindex=\"-1\"></iframe><p>")
        page.link(
            "/rejections/\(entry.id)/report",
            page.t("Bericht in eigenem Fenster öffnen", "Open the report on its own")
        )
        page.raw("</p></section>")

        page.raw("<section aria-labelledby=\"actions\"><h2 id=\"actions\">")
        page.say("Bearbeiten", "Actions")
        page.raw("</h2>")
        if reprocessing != nil {
            page.raw("<form method=\"post\" action=\"/rejections/")
            page.number(Int(entry.id))
            page.raw("/reprocess\">")
            page.csrf(session)
            page.raw("<p><button type=\"submit\">")
            page.say("Mit den aktuellen Regeln erneut prüfen", "Check again with the current rules")
            page.raw("</button></p></form>")
        }
        page.raw("<form method=\"post\" action=\"/rejections/")
        page.number(Int(entry.id))
        page.raw("/return\">")
        page.csrf(session)
        page.raw("<p><label for=\"reason\">")
        page.say(
            "An den Absender zurückgeben – Nachricht an den Rechnungssteller",
            "Return to sender – message to the creditor"
        )
        page.raw("</label><textarea id=\"reason\" name=\"reason\" required>")
        page.text(returnMessage(entry))
        page.raw("</textarea></p><p><button type=\"submit\">")
        page.say("Als „an Absender zurückgegeben“ markieren", "Mark returned to sender")
        page.raw("</button></p></form>")
        page.raw("<form method=\"post\" action=\"/rejections/")
        page.number(Int(entry.id))
        page.raw("/resolve\">")
        page.csrf(session)
        page.raw("<p><label for=\"comment\">")
        page.say("Erledigt – Kommentar", "Resolved – comment")
        page.raw("</label><input id=\"comment\" name=\"comment\" required size=\"60\"></p><p><button type=\"submit\">")
        page.say("Als erledigt markieren", "Mark resolved")
        page.raw("</button></p></form></section>")

        try await historySection(&page, receipt: entry.receiptID, scope: context.scope)
        page.end()
        return page.response()
    }

    /// "History": the audit trail's entries of one receipt, newest first.
    func historySection(_ page: inout Page, receipt: ReceiptID, scope: TenantScope) async throws {
        let history = try await store.auditEntries(matching: AuditQuery(scope: scope, receiptID: receipt, limit: 200))
        page.raw("<section aria-labelledby=\"history\"><h2 id=\"history\">")
        page.say("Verlauf", "History")
        page.raw("</h2>")
        auditTable(&page, history)
        page.raw("</section>")
    }

    /// A ready message to the creditor in plain German: what to correct, from the findings of the stored report.
    func returnMessage(_ entry: RejectionEntry) -> String {
        var findings: [String] = []
        let path = FileAccess.report(
            dataDirectory: configuration.dataDirectory,
            receipt: entry.receiptID,
            name: "invoice-report.json"
        )
        if let bytes = FileAccess.read(path, limit: 16 * 1024 * 1024),
            let report = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any],
            let steps = report["steps"] as? [[String: Any]]
        {
            var seen: Set<String> = []
            for step in steps {
                for message in step["messages"] as? [[String: Any]] ?? [] where message["level"] as? String == "error" {
                    let code = message["code"] as? String ?? ""
                    let text = message["text"] as? String ?? ""
                    let line = code.isEmpty ? text : "[\(code)] \(text)"
                    if seen.insert(line).inserted { findings.append("- " + line) }
                }
            }
        }
        if findings.isEmpty {
            findings = entry.ruleIDs.isEmpty ? ["- " + entry.reason] : entry.ruleIDs.map { "- Regel \($0)" }
        }
        let number =
            entry.invoiceNumber.map { "Ihre Rechnung Nr. \($0)" } ?? "Ihre Rechnung (Datei \(entry.sourceName))"
        return """
            Sehr geehrte Damen und Herren,

            \(number) konnten wir leider nicht annehmen, weil sie die Vorgaben der XRechnung nicht erfüllt. \
            Bitte korrigieren Sie die folgenden Punkte und senden Sie uns die Rechnung erneut als XRechnung:

            \(findings.prefix(30).joined(separator: "\n"))\(findings.count > 30 ? "\n- … und \(findings.count - 30) weitere" : "")

            Mit freundlichen Grüßen
            """
    }

    func auditTable(_ page: inout Page, _ entries: [AuditEntry]) {
        guard !entries.isEmpty else {
            page.raw("<p>")
            page.say("Noch keine Einträge.", "No entries yet.")
            page.raw("</p>")
            return
        }
        page.raw("<table>")
        page.columnHeads([
            ("Wann", "When"), ("Wer", "Who"), ("Was", "What"), ("Rechnung", "Invoice"),
            ("Warum / Ergebnis", "Why / result"),
        ])
        for entry in entries {
            page.raw("<tr><td>")
            page.text(page.dateText(entry.at))
            page.raw("</td><td>")
            page.text(entry.actor)
            page.raw("</td><td>")
            page.text(entry.action)
            page.raw("</td><td>")
            if let rejection = entry.rejectionID {
                page.link("/rejections/\(rejection)", page.t("Zurückweisung", "Rejection") + " \(rejection)")
            } else if let receipt = entry.receiptID {
                page.text(page.t("Eingang", "Receipt") + " \(receipt)")
            }
            page.raw("</td><td>")
            page.text(entry.detail ?? "")
            page.raw("</td></tr>")
        }
        page.raw("</tbody></table>")
    }

    // MARK: Bookings and audit log

    func bookingList(_ request: Request, _ context: WebContext) async throws -> Response {
        let parameters = request.uri.queryParameters
        let status = parameters.get("status").flatMap(BookingStatus.init(rawValue:))
        let pageNumber = max(parameters.get("page", as: Int.self) ?? 1, 1)
        let result = try await store.bookings(
            matching: BookingQuery(
                scope: context.scope,
                status: status,
                offset: (pageNumber - 1) * Self.pageSize,
                limit: Self.pageSize
            )
        )
        var page = Page(language: language(request))
        page.begin(title: page.t("Buchungen", "Bookings"), path: "/bookings", context: context)
        page.raw("<form class=\"filters\" method=\"get\" action=\"/bookings\"><p>")
        page.statusSelect(
            [BookingStatus.new, .taken, .acknowledged].map { ($0.rawValue, page.statusText($0)) },
            selected: status?.rawValue
        )
        page.raw("</p><p><button type=\"submit\">")
        page.say("Filtern", "Filter")
        page.raw("</button></p></form><p role=\"status\">")
        page.number(result.total)
        page.say(" Buchungen", " bookings")
        page.raw("</p>")
        if !result.entries.isEmpty {
            page.raw("<table>")
            page.columnHeads([
                ("Nr.", "No."), ("Rechnung", "Invoice"), ("Absender", "Sender"), ("Mandant", "Tenant"),
                ("Betrag", "Amount"), ("Gebucht", "Booked"), ("Status", "Status"),
            ])
            for entry in result.entries {
                page.raw("<tr><td>")
                page.number(Int(entry.id))
                page.raw("</td><td>")
                page.text(entry.invoiceNumber)
                page.raw("</td><td>")
                page.text(entry.sellerName ?? "–")
                page.raw("</td><td>")
                page.text(entry.tenant)
                page.raw("</td><td>")
                page.text([entry.payableAmount, entry.currency].compactMap { $0 }.joined(separator: " "))
                page.raw("</td><td>")
                page.text(page.dateText(entry.bookedAt))
                page.raw("</td><td>")
                page.text(page.statusText(entry.status))
                if entry.flag != nil {
                    page.raw(" – ")
                    page.say("zur Prüfung markiert", "flagged for review")
                }
                page.raw("</td></tr>")
            }
            page.raw("</tbody></table>")
        }
        page.pagination(page: pageNumber, total: result.total, size: Self.pageSize) { number in
            "/bookings?" + (status.map { "status=\($0.rawValue)&" } ?? "") + "page=\(number)"
        }
        page.end()
        return page.response()
    }

    func auditPage(_ request: Request, _ context: WebContext) async throws -> Response {
        let before = request.uri.queryParameters.get("before", as: Int64.self)
        // Clerks see their tenants' entries; an admin sees every entry of the installation.
        let scope: TenantScope = context.user?.role == .admin ? .all : context.scope
        let entries = try await store.auditEntries(matching: AuditQuery(scope: scope, before: before, limit: 100))
        var page = Page(language: language(request))
        page.begin(title: page.t("Protokoll", "Audit log"), path: "/audit", context: context)
        auditTable(&page, entries)
        if entries.count == 100, let last = entries.last {
            page.raw("<nav aria-label=\"")
            page.say("Seiten", "Pages")
            page.raw("\"><p>")
            page.link("/audit?before=\(last.id)", page.t("ältere Einträge »", "older entries »"))
            page.raw("</p></nav>")
        }
        page.end()
        return page.response()
    }
}
