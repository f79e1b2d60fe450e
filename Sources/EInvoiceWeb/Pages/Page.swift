import EInvoiceReports
import EInvoiceStore
import Foundation
import Hummingbird

/// One HTML page of the workspace: markup only from string literals, every value escaped (EInvoiceReports'
/// `HTMLBuffer`); no script; one style sheet from this server.
struct Page {
    var html = HTMLBuffer(capacity: 32 * 1024)
    let language: ReportLanguage

    /// The German or the English text.
    func t(_ german: String, _ english: String) -> String { language == .german ? german : english }

    mutating func raw(_ markup: StaticString) { html.raw(markup) }
    mutating func text(_ value: String) { html.text(value) }
    mutating func number(_ value: Int) { html.number(value) }
    mutating func say(_ german: String, _ english: String) { html.text(t(german, english)) }

    /// `<!DOCTYPE html>` … up to the opening of `<main>`, with the navigation for a logged-in clerk.
    mutating func begin(title: String, path: String, context: WebContext) {
        raw("<!DOCTYPE html>\n<html lang=\"")
        text(language.rawValue)
        raw("\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        raw("<title>")
        text(title)
        raw(" – eingang</title><link rel=\"stylesheet\" href=\"/static/workspace.css\"></head><body>")
        raw("<a class=\"skip\" href=\"#main\">")
        say("Zum Inhalt springen", "Skip to content")
        raw("</a><header><p class=\"brand\">eingang</p>")
        if let user = context.user, let session = context.session {
            raw("<nav aria-label=\"")
            say("Hauptnavigation", "Main navigation")
            raw("\"><ul>")
            navigation("/", t("Übersicht", "Overview"), current: path == "/")
            navigation("/rejections", t("Zurückweisungen", "Rejections"), current: path.hasPrefix("/rejections"))
            navigation(
                "/duplicates",
                t("Doppelrechnungsverdacht", "Suspected duplicates"),
                current: path.hasPrefix("/duplicates")
            )
            navigation("/bookings", t("Buchungen", "Bookings"), current: path.hasPrefix("/bookings"))
            navigation("/audit", t("Protokoll", "Audit log"), current: path.hasPrefix("/audit"))
            raw("</ul></nav><form class=\"logout\" method=\"post\" action=\"/logout\">")
            csrf(session)
            raw("<span>")
            text(user.name)
            raw("</span> <button type=\"submit\">")
            say("Abmelden", "Log out")
            raw("</button></form>")
        }
        raw("<p class=\"language\"><a href=\"/language?to=")
        text(language == .german ? "en" : "de")
        raw("&amp;back=")
        text(FormData.percentEncoded(path))
        raw("\" lang=\"")
        text(language == .german ? "en" : "de")
        raw("\">")
        text(language == .german ? "English" : "Deutsch")
        raw("</a></p></header><main id=\"main\" tabindex=\"-1\"><h1>")
        text(title)
        raw("</h1>")
    }

    mutating func navigation(_ href: String, _ label: String, current: Bool) {
        raw("<li><a href=\"")
        text(href)
        raw("\"")
        if current { raw(" aria-current=\"page\"") }
        raw(">")
        text(label)
        raw("</a></li>")
    }

    mutating func csrf(_ session: Session) {
        raw("<input type=\"hidden\" name=\"csrf\" value=\"")
        text(session.csrfToken)
        raw("\">")
    }

    mutating func end() {
        raw("</main></body></html>\n")
    }

    /// A definition list row.
    mutating func term(_ label: String, _ value: String?) {
        raw("<dt>")
        text(label)
        raw("</dt><dd>")
        text(value ?? "–")
        raw("</dd>")
    }

    /// A table's `<thead>`: one column header per (German, English) label, then `<tbody>` opened.
    mutating func columnHeads(_ labels: [(String, String)]) {
        raw("<thead><tr>")
        for (german, english) in labels {
            raw("<th scope=\"col\">")
            say(german, english)
            raw("</th>")
        }
        raw("</tr></thead><tbody>")
    }

    /// The page links under a list of `total` entries, `size` a page: previous, "page N of M", next. `href` makes
    /// the address of a page from its number. Nothing when everything fits on one page.
    mutating func pagination(page number: Int, total: Int, size: Int, href: (Int) -> String) {
        let pages = max((total + size - 1) / size, 1)
        guard pages > 1 else { return }
        raw("<nav aria-label=\"")
        say("Seiten", "Pages")
        raw("\"><p>")
        if number > 1 {
            link(href(number - 1), t("« zurück", "« previous"))
            raw(" ")
        }
        say("Seite \(number) von \(pages)", "Page \(number) of \(pages)")
        if number < pages {
            raw(" ")
            link(href(number + 1), t("weiter »", "next »"))
        }
        raw("</p></nav>")
    }

    /// The status filter of a list: its label and `<select name="status">`, "all" first (value `allValue`), then
    /// one option per status with its label; the chosen one is selected.
    mutating func statusSelect(_ options: [(value: String, label: String)], selected: String?, allValue: String = "") {
        raw("<label for=\"status\">")
        say("Status", "Status")
        raw("</label><select id=\"status\" name=\"status\"><option value=\"")
        text(allValue)
        raw("\"")
        if selected == nil { raw(" selected") }
        raw(">")
        say("alle", "all")
        raw("</option>")
        for option in options {
            raw("<option value=\"")
            text(option.value)
            raw("\"")
            if option.value == selected { raw(" selected") }
            raw(">")
            text(option.label)
            raw("</option>")
        }
        raw("</select>")
    }

    mutating func link(_ href: String, _ label: String) {
        raw("<a href=\"")
        text(href)
        raw("\">")
        text(label)
        raw("</a>")
    }

    func dateText(_ date: Date?) -> String {
        guard let date else { return "–" }
        return date.formatted(
            Date.VerbatimFormatStyle(
                format:
                    "\(day: .twoDigits).\(month: .twoDigits).\(year: .defaultDigits) \(hour: .twoDigits(clock: .twentyFourHour, hourCycle: .zeroBased)):\(minute: .twoDigits)",
                timeZone: .current,
                calendar: Calendar(identifier: .gregorian)
            )
        )
    }

    func statusText(_ status: RejectionStatus) -> String {
        switch status {
        case .open: t("offen", "open")
        case .returned: t("an Absender zurückgegeben", "returned to sender")
        case .resolved: t("erledigt", "resolved")
        }
    }

    func statusText(_ status: HeldDuplicateStatus) -> String {
        switch status {
        case .open: t("offen", "open")
        case .released: t("zur Buchung freigegeben", "released into booking")
        case .rejected: t("als Doppelrechnung abgelehnt", "rejected as a duplicate")
        }
    }

    func statusText(_ status: BookingStatus) -> String {
        switch status {
        case .new: t("neu", "new")
        case .taken: t("vom ERP abgeholt", "taken by the ERP")
        case .acknowledged: t("vom ERP bestätigt", "acknowledged")
        }
    }

    func response(status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status,
            headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(bytes: html.bytes))
        )
    }
}

extension Workspace {
    /// The language of a request: the clerk's choice (cookie), else the configured default.
    func language(_ request: Request) -> ReportLanguage {
        request.cookies[CookieName.language].flatMap { ReportLanguage(rawValue: $0.value) }
            ?? configuration.defaultLanguage
    }

    /// The style sheet: system fonts, contrast of at least 4.5:1 (WCAG 2.1 AA), a visible focus ring.
    static let styleSheet = """
        :root { color: #1a1a1a; background: #ffffff; font-family: system-ui, sans-serif; line-height: 1.5; }
        body { margin: 0; }
        .skip { position: absolute; left: -999px; }
        .skip:focus { left: 1rem; top: 1rem; background: #ffffff; padding: .5rem; z-index: 1; }
        header { display: flex; flex-wrap: wrap; gap: 1rem; align-items: center; padding: .5rem 1rem;
            background: #12355b; color: #ffffff; }
        header a, header span { color: #ffffff; }
        header ul { display: flex; gap: 1rem; list-style: none; margin: 0; padding: 0; }
        header a[aria-current=page] { font-weight: bold; text-decoration-thickness: 3px; }
        .brand { font-weight: bold; margin: 0; }
        main { padding: 1rem; max-width: 80rem; }
        a { color: #0b4f8a; }
        :focus-visible { outline: 3px solid #c05600; outline-offset: 2px; }
        table { border-collapse: collapse; width: 100%; }
        th, td { text-align: left; padding: .25rem .5rem; border-bottom: 1px solid #8a8a8a; vertical-align: top; }
        dl { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; }
        dt { font-weight: bold; }
        dd { margin: 0; }
        form.filters { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: end; }
        label { display: block; font-weight: bold; }
        input, select, textarea, button { font: inherit; }
        textarea { width: 100%; min-height: 10rem; }
        button { background: #12355b; color: #ffffff; border: 0; padding: .4rem .9rem; cursor: pointer; }
        header button { background: #ffffff; color: #12355b; }
        .notice { border-left: 4px solid #12355b; padding: .5rem 1rem; background: #eef3f8; }
        .error { border-left: 4px solid #a4000f; padding: .5rem 1rem; background: #fbeaec; }
        iframe { width: 100%; height: 40rem; border: 1px solid #8a8a8a; }
        section { margin-top: 2rem; }
        .counts td, .counts th { text-align: right; }
        .counts th:first-child { text-align: left; }
        .language { margin-left: auto; }
        """
}
