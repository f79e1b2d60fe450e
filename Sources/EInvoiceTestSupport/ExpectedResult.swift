/// The reference stack's result for one document, as the corpora's `expected-*.json` hold it
/// (`../shared/corpus/README.md`); `eingang validate --format json` prints the same fields.
public struct ExpectedResult: Codable, Hashable, Sendable {
    /// One XML Schema error, in libxml2's wording.
    public struct XSDError: Codable, Hashable, Sendable {
        /// 1-based line.
        public var line: Int
        /// Column as libxml2 reports it (often 0).
        public var column: Int
        /// libxml2's error name, e.g. `SCHEMAV_ELEMENT_CONTENT`.
        public var type: String
        /// libxml2's message.
        public var message: String

        /// An error as given.
        public init(line: Int, column: Int, type: String, message: String) {
            self.line = line
            self.column = column
            self.type = type
            self.message = message
        }
    }

    /// A Schematron message that counts: a failed assert or a successful report.
    public struct Message: Codable, Hashable, Sendable {
        /// The rule id, e.g. `BR-DE-15`.
        public var id: String
        /// The `.sch` `@flag`: `fatal`, `warning` or `information`.
        public var flag: String
        /// After the scenario's `customLevel` overrides: `error`, `warning` or `information`. This one decides.
        public var level: String
        /// The level from the flag alone.
        public var baseLevel: String
        /// `cen` or `xr`; absent in CEN-only results.
        public var step: String?
        /// `assert` (failed) or `report` (successful report).
        public var kind: String
        /// The context node in Saxon's `Q{namespace}local[n]` form; absent in CEN-only results.
        public var location: String?
        /// The context node with the usual prefixes, e.g. `/ubl:Invoice[1]/cac:InvoiceLine[2]/@currencyID`.
        public var path: String
        /// The message text; absent in CEN-only results.
        public var text: String?

        /// A message as given.
        public init(
            id: String,
            flag: String,
            level: String,
            baseLevel: String,
            step: String? = nil,
            kind: String,
            location: String? = nil,
            path: String,
            text: String? = nil
        ) {
            self.id = id
            self.flag = flag
            self.level = level
            self.baseLevel = baseLevel
            self.step = step
            self.kind = kind
            self.location = location
            self.path = path
            self.text = text
        }

        enum CodingKeys: String, CodingKey {
            case id
            case flag
            case level
            case baseLevel = "base_level"
            case step
            case kind
            case location
            case path
            case text
        }
    }

    /// The document, relative to the folder of the expected-results file.
    public var file: String
    /// The matched scenario's name in `scenarios.xml`; nil when none or several matched.
    public var scenario: String?
    /// False when the document is not well-formed XML.
    public var wellformed: Bool
    /// The XML Schema verdict; nil when the schema was not run.
    public var xsdValid: Bool?
    /// The XML Schema errors.
    public var xsdErrors: [XSDError]
    /// False when the schema failed, so the rules do not count.
    public var schematronRun: Bool
    /// The messages that count, in order.
    public var failed: [Message]
    /// Only when the schema failed: what the rules say anyway; never part of the decision.
    public var failedUngated: [Message]?
    /// Why the rules could not run (no scenario, not well-formed, an XPath dynamic error), or nil.
    public var processingError: String?
    /// `accept` or `reject`.
    public var decision: String

    /// A result as given.
    public init(
        file: String,
        scenario: String?,
        wellformed: Bool,
        xsdValid: Bool?,
        xsdErrors: [XSDError] = [],
        schematronRun: Bool,
        failed: [Message] = [],
        failedUngated: [Message]? = nil,
        processingError: String? = nil,
        decision: String
    ) {
        self.file = file
        self.scenario = scenario
        self.wellformed = wellformed
        self.xsdValid = xsdValid
        self.xsdErrors = xsdErrors
        self.schematronRun = schematronRun
        self.failed = failed
        self.failedUngated = failedUngated
        self.processingError = processingError
        self.decision = decision
    }

    /// Whether the reference accepts the document.
    public var isAccepted: Bool { decision == "accept" }

    /// The ids of the messages that count.
    public var failedRuleIDs: Set<String> { Set(failed.map(\.id)) }

    enum CodingKeys: String, CodingKey {
        case file
        case scenario
        case wellformed
        case xsdValid = "xsd_valid"
        case xsdErrors = "xsd_errors"
        case schematronRun = "schematron_run"
        case failed
        case failedUngated = "failed_ungated"
        case processingError = "processing_error"
        case decision
    }
}

/// What a CEN unit test declares about itself (`cen-unit` only): its scope and the rule ids it expects to pass
/// (`success`), to fail as errors, or to fail as warnings.
public struct DeclaredExpectation: Codable, Hashable, Sendable {
    /// The rule ids the test is about.
    public var scope: [String]
    /// The test's own description.
    public var description: String?
    /// Rule ids expected to hold.
    public var success: [String]
    /// Rule ids expected to fail with an error.
    public var error: [String]
    /// Rule ids expected to fail with a warning.
    public var warning: [String]

    /// A declaration as given.
    public init(scope: [String], description: String?, success: [String], error: [String], warning: [String]) {
        self.scope = scope
        self.description = description
        self.success = success
        self.error = error
        self.warning = warning
    }
}
