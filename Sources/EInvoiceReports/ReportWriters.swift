/// What a writer may be asked for beyond the report itself.
public struct ReportOptions: Hashable, Sendable {
    /// The language of the labels, `de` (the default) or `en`; only the HTML report has labels.
    public var language: String

    public init(language: String = "de") {
        self.language = language
    }
}

/// The report writers eingang has, by format: the one place a writer is registered, so that the command line
/// and the inbox pipeline offer the same formats.
public enum ReportWriters {
    /// Every registered writer's maker, by format.
    private static let makers: [ReportFormat: @Sendable (ReportOptions) -> any ReportWriter] = [
        .varl: { _ in VARLReportWriter() },
        .json: { _ in JSONReportWriter() },
        .html: { HTMLReportWriter(language: ReportLanguage(rawValue: $0.language) ?? .german) },
    ]

    /// The formats that have a writer, in ``ReportFormat`` order.
    public static var formats: [ReportFormat] { ReportFormat.allCases.filter { makers[$0] != nil } }

    /// The writer for `format`, nil when this build has none.
    public static func writer(for format: ReportFormat, options: ReportOptions = ReportOptions()) -> (any ReportWriter)?
    {
        makers[format].map { $0(options) }
    }

    /// A writer for each format that has one, in ``ReportFormat`` order.
    public static func all(options: ReportOptions = ReportOptions()) -> [any ReportWriter] {
        formats.compactMap { writer(for: $0, options: options) }
    }
}
