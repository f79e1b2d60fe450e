/// The fixed text of the HTML report in one language. Our own text, still escaped when written.
struct HTMLLabels: Sendable {
    var documentTitle: String
    var skipToFindings: String
    var reportKind: String
    var accepted: String
    var rejected: String
    var reason: String
    var result: String
    var reasonNotWellFormed: String
    var reasonNoScenario: String
    var reasonSchema: String
    var reasonRules: String
    var reasonProcessing: String
    var reasonNone: String
    var explainNotWellFormed: String
    var explainNoScenario: String
    var explainSchema: String
    var explainRules: String
    var explainProcessing: String
    var explainAccepted: String
    var explainAcceptedWithMessages: String
    var invoice: String
    var invoiceUnreadable: String
    var invoiceNumber: String
    var issueDate: String
    var seller: String
    var sellerVATID: String
    var buyer: String
    var totalAmount: String
    var payableAmount: String
    var buyerReference: String
    var document: String
    var fileName: String
    var size: String
    var bytes: String
    var sha256: String
    var validatedAt: String
    var scenario: String
    var noScenario: String
    var xmlSchema: String
    var schemaValid: String
    var schemaInvalid: String
    var schemaNotRun: String
    var encoding: String
    var embeddedFile: String
    var pdfNotes: String
    var noEmbeddedFile: String
    var encodingRepaired: String
    var encodingConverted: String
    var findings: String
    var noFindings: String
    var overview: String
    var number: String
    var level: String
    var rule: String
    var line: String
    var message: String
    var concerns: String
    var location: String
    var ruleSet: String
    var ruleSetCEN: String
    var ruleSetXRechnung: String
    var ruleSetSchema: String
    var ruleSetProcessing: String
    var processingError: String
    var excerpt: String
    var lines: String
    var lineColumn: String
    var content: String
    var hitLine: String
    var cut: String
    var lineOutside: String
    var excerptsLimited: String
    var ungated: String
    var ungatedExplanation: String
    var error: String
    var errorCount: (String, String)
    var warning: String
    var warningCount: (String, String)
    var information: String
    var informationCount: (String, String)
    var footer: String

    static func labels(for language: ReportLanguage) -> HTMLLabels {
        language == .german ? german : english
    }

    static let german = HTMLLabels(
        documentTitle: "Prüfbericht",
        skipToFindings: "Zu den Befunden springen",
        reportKind: "Prüfbericht E-Rechnung",
        accepted: "Angenommen",
        rejected: "Abgelehnt",
        reason: "Grund",
        result: "Ergebnis",
        reasonNotWellFormed: "Kein wohlgeformtes XML",
        reasonNoScenario: "Kein passendes Prüfszenario",
        reasonSchema: "Verstoß gegen das XML-Schema",
        reasonRules: "Verstoß gegen Geschäftsregeln",
        reasonProcessing: "Verarbeitungsfehler",
        reasonNone: "Alle Prüfungen bestanden",
        explainNotWellFormed:
            "Die Datei konnte nicht als XML gelesen werden. Der Rechnungssteller muss eine vollständige, korrekte XML-Datei senden.",
        explainNoScenario:
            "Die Datei ist keine Rechnung in einem Format, das hier geprüft wird (XRechnung als UBL oder CII).",
        explainSchema:
            "Der Aufbau der Datei entspricht nicht dem XML-Schema des Rechnungsformats. Der Rechnungssteller muss die unten genannten Stellen korrigieren.",
        explainRules:
            "Die Rechnung verletzt Regeln der EN 16931 oder der XRechnung. Der Rechnungssteller muss die unten genannten Fehler korrigieren und die Rechnung neu senden.",
        explainProcessing: "Die Prüfung konnte nicht zu Ende geführt werden; die Rechnung gilt deshalb als abgelehnt.",
        explainAccepted: "Die Rechnung erfüllt das XML-Schema und alle Regeln der EN 16931 und der XRechnung.",
        explainAcceptedWithMessages:
            "Die Rechnung erfüllt alle Pflichtregeln. Die Hinweise unten verhindern die Annahme nicht.",
        invoice: "Rechnung",
        invoiceUnreadable:
            "Das Dokument konnte nicht als Rechnung gelesen werden; Rechnungsnummer, Verkäufer und Beträge sind daher nicht bekannt.",
        invoiceNumber: "Rechnungsnummer",
        issueDate: "Rechnungsdatum",
        seller: "Verkäufer",
        sellerVATID: "USt-IdNr. des Verkäufers",
        buyer: "Käufer",
        totalAmount: "Gesamtbetrag",
        payableAmount: "Fälliger Betrag",
        buyerReference: "Käuferreferenz / Leitweg-ID",
        document: "Dokument",
        fileName: "Datei",
        size: "Größe",
        bytes: "Bytes",
        sha256: "SHA-256",
        validatedAt: "Geprüft am",
        scenario: "Prüfszenario",
        noScenario: "keines",
        xmlSchema: "XML-Schema",
        schemaValid: "gültig",
        schemaInvalid: "ungültig",
        schemaNotRun: "nicht geprüft",
        encoding: "Zeichenkodierung",
        embeddedFile: "Eingebettete Rechnung (PDF)",
        pdfNotes: "Hinweise zum PDF",
        noEmbeddedFile: "keine gefunden",
        encodingRepaired: "ungültige Bytes im Ausschnitt durch \u{FFFD} ersetzt",
        encodingConverted: "für die Ausschnitte umgewandelt",
        findings: "Befunde",
        noFindings: "Keine Befunde.",
        overview: "Übersicht der Befunde",
        number: "Nr.",
        level: "Stufe",
        rule: "Regel",
        line: "Zeile",
        message: "Meldung",
        concerns: "Betrifft",
        location: "Stelle",
        ruleSet: "Prüfschritt",
        ruleSetCEN: "Regeln der EN 16931",
        ruleSetXRechnung: "Regeln der XRechnung",
        ruleSetSchema: "XML-Schema",
        ruleSetProcessing: "Verarbeitung",
        processingError: "Verarbeitungsfehler",
        excerpt: "Ausschnitt aus dem Dokument",
        lines: "Zeilen",
        lineColumn: "Spalte",
        content: "Inhalt",
        hitLine: "Fundstelle",
        cut: "gekürzt",
        lineOutside: "Die genannte Zeile liegt außerhalb des Dokuments.",
        excerptsLimited: "Ausschnitte aus dem Dokument werden für die ersten %d Befunde gezeigt.",
        ungated: "Weitere Meldungen der Regeln (zählen nicht)",
        ungatedExplanation:
            "Weil das XML-Schema verletzt ist, zählen die Geschäftsregeln nicht für die Entscheidung. Was sie melden, steht hier nur zur Information.",
        error: "Fehler",
        errorCount: ("Fehler", "Fehler"),
        warning: "Warnung",
        warningCount: ("Warnung", "Warnungen"),
        information: "Information",
        informationCount: ("Information", "Informationen"),
        footer:
            "Erstellt von eingang. Inhalte aus dem geprüften Dokument werden nur als Text gezeigt, nie ausgeführt."
    )

    static let english = HTMLLabels(
        documentTitle: "Validation report",
        skipToFindings: "Skip to the findings",
        reportKind: "E-invoice validation report",
        accepted: "Accepted",
        rejected: "Rejected",
        reason: "Reason",
        result: "Result",
        reasonNotWellFormed: "Not well-formed XML",
        reasonNoScenario: "No matching validation scenario",
        reasonSchema: "XML Schema violated",
        reasonRules: "Business rules violated",
        reasonProcessing: "Processing error",
        reasonNone: "All checks passed",
        explainNotWellFormed:
            "The file could not be read as XML. The sender must send a complete, correct XML file.",
        explainNoScenario:
            "The file is not an invoice in a format checked here (XRechnung as UBL or CII).",
        explainSchema:
            "The file's structure does not follow the XML Schema of its invoice format. The sender must correct the places listed below.",
        explainRules:
            "The invoice breaks rules of EN 16931 or XRechnung. The sender must correct the errors listed below and send the invoice again.",
        explainProcessing: "The validation could not be completed, so the invoice counts as rejected.",
        explainAccepted: "The invoice meets the XML Schema and every rule of EN 16931 and XRechnung.",
        explainAcceptedWithMessages:
            "The invoice meets every mandatory rule. The messages below do not prevent its acceptance.",
        invoice: "Invoice",
        invoiceUnreadable:
            "The document could not be read as an invoice, so its number, seller and amounts are not known.",
        invoiceNumber: "Invoice number",
        issueDate: "Issue date",
        seller: "Seller",
        sellerVATID: "Seller VAT identifier",
        buyer: "Buyer",
        totalAmount: "Total amount",
        payableAmount: "Amount due",
        buyerReference: "Buyer reference / Leitweg-ID",
        document: "Document",
        fileName: "File",
        size: "Size",
        bytes: "bytes",
        sha256: "SHA-256",
        validatedAt: "Validated at",
        scenario: "Validation scenario",
        noScenario: "none",
        xmlSchema: "XML Schema",
        schemaValid: "valid",
        schemaInvalid: "invalid",
        schemaNotRun: "not checked",
        encoding: "Character encoding",
        embeddedFile: "Embedded invoice (PDF)",
        pdfNotes: "Notes on the PDF",
        noEmbeddedFile: "none found",
        encodingRepaired: "invalid bytes in excerpts replaced by \u{FFFD}",
        encodingConverted: "converted for the excerpts",
        findings: "Findings",
        noFindings: "No findings.",
        overview: "Overview of the findings",
        number: "No.",
        level: "Level",
        rule: "Rule",
        line: "Line",
        message: "Message",
        concerns: "Concerns",
        location: "Location",
        ruleSet: "Validation step",
        ruleSetCEN: "EN 16931 rules",
        ruleSetXRechnung: "XRechnung rules",
        ruleSetSchema: "XML Schema",
        ruleSetProcessing: "Processing",
        processingError: "Processing error",
        excerpt: "Excerpt of the document",
        lines: "lines",
        lineColumn: "column",
        content: "Content",
        hitLine: "finding",
        cut: "shortened",
        lineOutside: "The line given lies outside the document.",
        excerptsLimited: "Excerpts of the document are shown for the first %d findings.",
        ungated: "Further messages of the rules (not counted)",
        ungatedExplanation:
            "Because the XML Schema is violated, the business rules do not count for the decision. What they report is shown here for information only.",
        error: "Error",
        errorCount: ("error", "errors"),
        warning: "Warning",
        warningCount: ("warning", "warnings"),
        information: "Information",
        informationCount: ("information message", "information messages"),
        footer: "Made by eingang. Content of the validated document is shown as text only, never run."
    )
}
