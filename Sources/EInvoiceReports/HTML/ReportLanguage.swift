/// The language a human-readable report is written in (`--lang de|en`); German by default.
public enum ReportLanguage: String, CaseIterable, Sendable {
    /// German labels (`de`).
    case german = "de"
    /// English labels (`en`).
    case english = "en"
}
