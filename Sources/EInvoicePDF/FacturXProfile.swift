/// The profiles of ZUGFeRD 2.x / Factur-X 1.0 (Factur-X 1.0.07 §5, ZUGFeRD 2.3 specification), with the guideline
/// id a CII invoice names (`rsm:ExchangedDocumentContext/ram:GuidelineSpecifiedDocumentContextParameter/ram:ID`,
/// BT-24) and the `fx:ConformanceLevel` its PDF's XMP metadata declares.
public enum FacturXProfile: String, Hashable, Sendable, CaseIterable {
    case minimum = "MINIMUM"
    case basicWL = "BASIC WL"
    case basic = "BASIC"
    case en16931 = "EN 16931"
    case extended = "EXTENDED"
    case xrechnung = "XRECHNUNG"

    /// The profile a guideline id (BT-24) names, nil for any other specification (e.g. a CIUS other than
    /// XRechnung).
    public init?(guidelineID: String) {
        let id = guidelineID.split(whereSeparator: \.isWhitespace).joined()
        switch id {
        case "urn:factur-x.eu:1p0:minimum", "urn:zugferd.de:2p0:minimum": self = .minimum
        case "urn:factur-x.eu:1p0:basicwl", "urn:zugferd.de:2p0:basicwl": self = .basicWL
        case "urn:cen.eu:en16931:2017#compliant#urn:factur-x.eu:1p0:basic",
            "urn:cen.eu:en16931:2017#compliant#urn:zugferd.de:2p0:basic":
            self = .basic
        case "urn:cen.eu:en16931:2017": self = .en16931
        case "urn:cen.eu:en16931:2017#conformant#urn:factur-x.eu:1p0:extended",
            "urn:cen.eu:en16931:2017#conformant#urn:zugferd.de:2p0:extended":
            self = .extended
        default:
            guard id.hasPrefix("urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_") else { return nil }
            self = .xrechnung
        }
    }

    /// The profile an XMP `fx:ConformanceLevel` names (ZUGFeRD 2.0 also wrote `COMFORT` for EN 16931), nil for an
    /// unknown value.
    public init?(conformanceLevel: String) {
        let level = conformanceLevel.split(whereSeparator: \.isWhitespace).joined(separator: " ").uppercased()
        switch level {
        case "COMFORT", "EN16931": self = .en16931
        case "BASICWL", "BASIC-WL": self = .basicWL
        default:
            guard let profile = FacturXProfile(rawValue: level) else { return nil }
            self = profile
        }
    }

    /// Whether the profile carries a full invoice under the German e-invoicing rules in force since 2025 (§ 14
    /// UStG: MINIMUM and BASIC WL lack the invoice lines and so are no invoices there).
    public var isInvoiceUnderGermanRules: Bool { self != .minimum && self != .basicWL }
}
