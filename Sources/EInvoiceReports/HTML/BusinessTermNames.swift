/// The names of the EN 16931-1 semantic model's business terms (BT-1 to BT-165) and business groups (BG-1 to
/// BG-32), in English as the standard writes them and in German in our own wording of the terms the German
/// edition (DIN EN 16931-1) and the XRechnung specification use. Our own data: a report names the term a rule
/// concerns next to its id, so a clerk need not look the id up.
enum BusinessTermNames {
    /// A business term's or group's id and names.
    struct Entry: Sendable {
        /// `BT-10`, `BG-4`.
        let id: String
        let english: String
        let german: String

        func name(in language: ReportLanguage) -> String {
            language == .german ? german : english
        }
    }

    /// The entry for `BT-n` (`group` false) or `BG-n` (`group` true); nil for an id the model does not define.
    static func entry(number: Int, group: Bool) -> Entry? {
        let table = group ? groups : terms
        guard number > 0, number < table.count, let names = table[number] else { return nil }
        return Entry(id: (group ? "BG-" : "BT-") + String(number), english: names.0, german: names.1)
    }

    /// Every `BT-n` and `BG-n` mentioned in `text`, each once, in the order of first mention; ids the model does
    /// not define (BT-4, BT-DEX-…) are left out. A plain scan, no regular expression.
    static func mentioned(in text: String) -> [Entry] {
        var found: [Entry] = []
        var seen = Set<Int>()
        let bytes = Array(text.utf8)
        var index = 0
        while index + 3 < bytes.count {
            defer { index += 1 }
            guard bytes[index] == UInt8(ascii: "B"), bytes[index + 2] == UInt8(ascii: "-") else { continue }
            let isGroup: Bool
            switch bytes[index + 1] {
            case UInt8(ascii: "T"): isGroup = false
            case UInt8(ascii: "G"): isGroup = true
            default: continue
            }
            if index > 0, isWordByte(bytes[index - 1]) { continue }
            var number = 0
            var end = index + 3
            while end < bytes.count, end - index < 7, bytes[end] >= 0x30, bytes[end] <= 0x39 {
                number = number * 10 + Int(bytes[end] - 0x30)
                end += 1
            }
            guard end > index + 3, end == bytes.count || !isWordByte(bytes[end]) else { continue }
            let key = isGroup ? 1000 + number : number
            if let entry = entry(number: number, group: isGroup), seen.insert(key).inserted {
                found.append(entry)
            }
        }
        return found
    }

    private static func isWordByte(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A) || byte == 0x5F
    }

    /// Index n holds BT-n; BT-4 is not defined by the model.
    private static let terms: [(String, String)?] = [
        nil,
        ("Invoice number", "Rechnungsnummer"),
        ("Invoice issue date", "Rechnungsdatum"),
        ("Invoice type code", "Code für den Rechnungstyp"),
        nil,
        ("Invoice currency code", "Code für die Rechnungswährung"),
        ("VAT accounting currency code", "Code für die Umsatzsteuer-Buchungswährung"),
        ("Value added tax point date", "Datum der Steuerfälligkeit"),
        ("Value added tax point date code", "Code für das Datum der Steuerfälligkeit"),
        ("Payment due date", "Fälligkeitsdatum der Zahlung"),
        ("Buyer reference", "Käuferreferenz (Leitweg-ID)"),
        ("Project reference", "Projektreferenz"),
        ("Contract reference", "Vertragsreferenz"),
        ("Purchase order reference", "Bestellreferenz"),
        ("Sales order reference", "Auftragsreferenz"),
        ("Receiving advice reference", "Referenz der Wareneingangsmeldung"),
        ("Despatch advice reference", "Referenz des Lieferavis"),
        ("Tender or lot reference", "Referenz der Ausschreibung oder des Loses"),
        ("Invoiced object identifier", "Kennung des in Rechnung gestellten Objekts"),
        ("Buyer accounting reference", "Buchungsreferenz des Käufers"),
        ("Payment terms", "Zahlungsbedingungen"),
        ("Invoice note subject code", "Code für den Betreff der Rechnungsbemerkung"),
        ("Invoice note", "Rechnungsbemerkung"),
        ("Business process type", "Geschäftsprozesstyp"),
        ("Specification identifier", "Spezifikationskennung"),
        ("Preceding Invoice reference", "Referenz auf eine vorausgegangene Rechnung"),
        ("Preceding Invoice issue date", "Datum der vorausgegangenen Rechnung"),
        ("Seller name", "Name des Verkäufers"),
        ("Seller trading name", "Handelsname des Verkäufers"),
        ("Seller identifier", "Kennung des Verkäufers"),
        ("Seller legal registration identifier", "Registernummer des Verkäufers"),
        ("Seller VAT identifier", "Umsatzsteuer-Identifikationsnummer des Verkäufers"),
        ("Seller tax registration identifier", "Steuernummer des Verkäufers"),
        ("Seller additional legal information", "Weitere rechtliche Angaben zum Verkäufer"),
        ("Seller electronic address", "Elektronische Adresse des Verkäufers"),
        ("Seller address line 1", "Anschriftenzeile 1 des Verkäufers"),
        ("Seller address line 2", "Anschriftenzeile 2 des Verkäufers"),
        ("Seller city", "Ort des Verkäufers"),
        ("Seller post code", "Postleitzahl des Verkäufers"),
        ("Seller country subdivision", "Region des Verkäufers"),
        ("Seller country code", "Ländercode des Verkäufers"),
        ("Seller contact point", "Kontaktstelle des Verkäufers"),
        ("Seller contact telephone number", "Telefonnummer der Kontaktstelle des Verkäufers"),
        ("Seller contact email address", "E-Mail-Adresse der Kontaktstelle des Verkäufers"),
        ("Buyer name", "Name des Käufers"),
        ("Buyer trading name", "Handelsname des Käufers"),
        ("Buyer identifier", "Kennung des Käufers"),
        ("Buyer legal registration identifier", "Registernummer des Käufers"),
        ("Buyer VAT identifier", "Umsatzsteuer-Identifikationsnummer des Käufers"),
        ("Buyer electronic address", "Elektronische Adresse des Käufers"),
        ("Buyer address line 1", "Anschriftenzeile 1 des Käufers"),
        ("Buyer address line 2", "Anschriftenzeile 2 des Käufers"),
        ("Buyer city", "Ort des Käufers"),
        ("Buyer post code", "Postleitzahl des Käufers"),
        ("Buyer country subdivision", "Region des Käufers"),
        ("Buyer country code", "Ländercode des Käufers"),
        ("Buyer contact point", "Kontaktstelle des Käufers"),
        ("Buyer contact telephone number", "Telefonnummer der Kontaktstelle des Käufers"),
        ("Buyer contact email address", "E-Mail-Adresse der Kontaktstelle des Käufers"),
        ("Payee name", "Name des Zahlungsempfängers"),
        ("Payee identifier", "Kennung des Zahlungsempfängers"),
        ("Payee legal registration identifier", "Registernummer des Zahlungsempfängers"),
        ("Seller tax representative name", "Name des Steuervertreters des Verkäufers"),
        (
            "Seller tax representative VAT identifier",
            "Umsatzsteuer-Identifikationsnummer des Steuervertreters des Verkäufers"
        ),
        ("Tax representative address line 1", "Anschriftenzeile 1 des Steuervertreters"),
        ("Tax representative address line 2", "Anschriftenzeile 2 des Steuervertreters"),
        ("Tax representative city", "Ort des Steuervertreters"),
        ("Tax representative post code", "Postleitzahl des Steuervertreters"),
        ("Tax representative country subdivision", "Region des Steuervertreters"),
        ("Tax representative country code", "Ländercode des Steuervertreters"),
        ("Deliver to party name", "Name des Warenempfängers"),
        ("Deliver to location identifier", "Kennung des Lieferorts"),
        ("Actual delivery date", "Tatsächliches Lieferdatum"),
        ("Invoicing period start date", "Beginn des Rechnungszeitraums"),
        ("Invoicing period end date", "Ende des Rechnungszeitraums"),
        ("Deliver to address line 1", "Anschriftenzeile 1 der Lieferanschrift"),
        ("Deliver to address line 2", "Anschriftenzeile 2 der Lieferanschrift"),
        ("Deliver to city", "Ort der Lieferanschrift"),
        ("Deliver to post code", "Postleitzahl der Lieferanschrift"),
        ("Deliver to country subdivision", "Region der Lieferanschrift"),
        ("Deliver to country code", "Ländercode der Lieferanschrift"),
        ("Payment means type code", "Code für die Zahlungsart"),
        ("Payment means text", "Text zur Zahlungsart"),
        ("Remittance information", "Verwendungszweck"),
        ("Payment account identifier", "Kennung des Zahlungskontos (IBAN)"),
        ("Payment account name", "Name des Zahlungskontos"),
        ("Payment service provider identifier", "Kennung des Zahlungsdienstleisters (BIC)"),
        ("Payment card primary account number", "Nummer der Zahlungskarte"),
        ("Payment card holder name", "Name des Karteninhabers"),
        ("Mandate reference identifier", "Mandatsreferenz"),
        ("Bank assigned creditor identifier", "Gläubiger-Identifikationsnummer"),
        ("Debited account identifier", "Kennung des belasteten Kontos"),
        ("Document level allowance amount", "Betrag des Nachlasses auf Dokumentenebene"),
        ("Document level allowance base amount", "Grundbetrag des Nachlasses auf Dokumentenebene"),
        ("Document level allowance percentage", "Prozentsatz des Nachlasses auf Dokumentenebene"),
        ("Document level allowance VAT category code", "Umsatzsteuerkategorie des Nachlasses auf Dokumentenebene"),
        ("Document level allowance VAT rate", "Umsatzsteuersatz des Nachlasses auf Dokumentenebene"),
        ("Document level allowance reason", "Grund des Nachlasses auf Dokumentenebene"),
        ("Document level allowance reason code", "Code für den Grund des Nachlasses auf Dokumentenebene"),
        ("Document level charge amount", "Betrag des Zuschlags auf Dokumentenebene"),
        ("Document level charge base amount", "Grundbetrag des Zuschlags auf Dokumentenebene"),
        ("Document level charge percentage", "Prozentsatz des Zuschlags auf Dokumentenebene"),
        ("Document level charge VAT category code", "Umsatzsteuerkategorie des Zuschlags auf Dokumentenebene"),
        ("Document level charge VAT rate", "Umsatzsteuersatz des Zuschlags auf Dokumentenebene"),
        ("Document level charge reason", "Grund des Zuschlags auf Dokumentenebene"),
        ("Document level charge reason code", "Code für den Grund des Zuschlags auf Dokumentenebene"),
        ("Sum of Invoice line net amount", "Summe der Nettobeträge aller Rechnungspositionen"),
        ("Sum of allowances on document level", "Summe der Nachlässe auf Dokumentenebene"),
        ("Sum of charges on document level", "Summe der Zuschläge auf Dokumentenebene"),
        ("Invoice total amount without VAT", "Gesamtbetrag der Rechnung ohne Umsatzsteuer"),
        ("Invoice total VAT amount", "Gesamtbetrag der Umsatzsteuer"),
        ("Invoice total VAT amount in accounting currency", "Gesamtbetrag der Umsatzsteuer in Buchungswährung"),
        ("Invoice total amount with VAT", "Gesamtbetrag der Rechnung einschließlich Umsatzsteuer"),
        ("Paid amount", "Bereits gezahlter Betrag"),
        ("Rounding amount", "Rundungsbetrag"),
        ("Amount due for payment", "Fälliger Zahlungsbetrag"),
        ("VAT category taxable amount", "Steuerbemessungsgrundlage der Umsatzsteuerkategorie"),
        ("VAT category tax amount", "Steuerbetrag der Umsatzsteuerkategorie"),
        ("VAT category code", "Code der Umsatzsteuerkategorie"),
        ("VAT category rate", "Umsatzsteuersatz der Umsatzsteuerkategorie"),
        ("VAT exemption reason text", "Grund der Steuerbefreiung (Text)"),
        ("VAT exemption reason code", "Code für den Grund der Steuerbefreiung"),
        ("Supporting document reference", "Kennung der rechnungsbegründenden Unterlage"),
        ("Supporting document description", "Beschreibung der rechnungsbegründenden Unterlage"),
        ("External document location", "Ort des externen Dokuments"),
        ("Attached document", "Angehängtes Dokument"),
        ("Invoice line identifier", "Kennung der Rechnungsposition"),
        ("Invoice line note", "Bemerkung zur Rechnungsposition"),
        ("Invoice line object identifier", "Objektkennung der Rechnungsposition"),
        ("Invoiced quantity", "In Rechnung gestellte Menge"),
        ("Invoiced quantity unit of measure code", "Einheit der in Rechnung gestellten Menge"),
        ("Invoice line net amount", "Nettobetrag der Rechnungsposition"),
        ("Referenced purchase order line reference", "Referenz auf die Bestellposition"),
        ("Invoice line Buyer accounting reference", "Buchungsreferenz des Käufers zur Rechnungsposition"),
        ("Invoice line period start date", "Beginn des Abrechnungszeitraums der Position"),
        ("Invoice line period end date", "Ende des Abrechnungszeitraums der Position"),
        ("Invoice line allowance amount", "Betrag des Nachlasses auf Positionsebene"),
        ("Invoice line allowance base amount", "Grundbetrag des Nachlasses auf Positionsebene"),
        ("Invoice line allowance percentage", "Prozentsatz des Nachlasses auf Positionsebene"),
        ("Invoice line allowance reason", "Grund des Nachlasses auf Positionsebene"),
        ("Invoice line allowance reason code", "Code für den Grund des Nachlasses auf Positionsebene"),
        ("Invoice line charge amount", "Betrag des Zuschlags auf Positionsebene"),
        ("Invoice line charge base amount", "Grundbetrag des Zuschlags auf Positionsebene"),
        ("Invoice line charge percentage", "Prozentsatz des Zuschlags auf Positionsebene"),
        ("Invoice line charge reason", "Grund des Zuschlags auf Positionsebene"),
        ("Invoice line charge reason code", "Code für den Grund des Zuschlags auf Positionsebene"),
        ("Item net price", "Nettopreis des Artikels"),
        ("Item price discount", "Rabatt auf den Artikelpreis"),
        ("Item gross price", "Bruttopreis des Artikels"),
        ("Item price base quantity", "Basismenge zum Artikelpreis"),
        ("Item price base quantity unit of measure code", "Einheit der Basismenge zum Artikelpreis"),
        ("Invoiced item VAT category code", "Umsatzsteuerkategorie des Artikels"),
        ("Invoiced item VAT rate", "Umsatzsteuersatz des Artikels"),
        ("Item name", "Artikelname"),
        ("Item description", "Artikelbeschreibung"),
        ("Item Seller's identifier", "Artikelnummer des Verkäufers"),
        ("Item Buyer's identifier", "Artikelnummer des Käufers"),
        ("Item standard identifier", "Standardkennung des Artikels"),
        ("Item classification identifier", "Klassifikationskennung des Artikels"),
        ("Item country of origin", "Ursprungsland des Artikels"),
        ("Item attribute name", "Name des Artikelattributs"),
        ("Item attribute value", "Wert des Artikelattributs"),
        ("Seller address line 3", "Anschriftenzeile 3 des Verkäufers"),
        ("Buyer address line 3", "Anschriftenzeile 3 des Käufers"),
        ("Tax representative address line 3", "Anschriftenzeile 3 des Steuervertreters"),
        ("Deliver to address line 3", "Anschriftenzeile 3 der Lieferanschrift"),
    ]

    /// Index n holds BG-n.
    private static let groups: [(String, String)?] = [
        nil,
        ("Invoice note", "Rechnungsbemerkung"),
        ("Process control", "Prozesssteuerung"),
        ("Preceding invoice reference", "Referenz auf eine vorausgegangene Rechnung"),
        ("Seller", "Verkäufer"),
        ("Seller postal address", "Postanschrift des Verkäufers"),
        ("Seller contact", "Kontaktdaten des Verkäufers"),
        ("Buyer", "Käufer"),
        ("Buyer postal address", "Postanschrift des Käufers"),
        ("Buyer contact", "Kontaktdaten des Käufers"),
        ("Payee", "Zahlungsempfänger"),
        ("Seller tax representative party", "Steuervertreter des Verkäufers"),
        ("Seller tax representative postal address", "Postanschrift des Steuervertreters"),
        ("Delivery information", "Lieferinformationen"),
        ("Invoicing period", "Rechnungszeitraum"),
        ("Deliver to address", "Lieferanschrift"),
        ("Payment instructions", "Zahlungsanweisungen"),
        ("Credit transfer", "Überweisung"),
        ("Payment card information", "Angaben zur Zahlungskarte"),
        ("Direct debit", "Lastschrift"),
        ("Document level allowances", "Nachlässe auf Dokumentenebene"),
        ("Document level charges", "Zuschläge auf Dokumentenebene"),
        ("Document totals", "Gesamtbeträge der Rechnung"),
        ("VAT breakdown", "Aufschlüsselung der Umsatzsteuer"),
        ("Additional supporting documents", "Rechnungsbegründende Unterlagen"),
        ("Invoice line", "Rechnungsposition"),
        ("Invoice line period", "Abrechnungszeitraum der Position"),
        ("Invoice line allowances", "Nachlässe auf Positionsebene"),
        ("Invoice line charges", "Zuschläge auf Positionsebene"),
        ("Price details", "Preiseinzelheiten"),
        ("Line VAT information", "Umsatzsteuerinformationen der Position"),
        ("Item information", "Artikelinformationen"),
        ("Item attributes", "Artikelattribute"),
    ]
}
