/// What `../shared/tools/compare.py` compares of one document's result, so a test can compare a summary of our
/// report with a summary of the expected result the same way.
///
/// A document agrees when ``differences(from:)`` is empty: same decision, scenario, well-formedness and XSD
/// validity (not compared when the expectation has none), same presence of a processing error, and the same
/// multiset of (rule id, level). Locations are compared separately (``pathsAgree(with:)``). With `cenOnly`
/// (compare.py `--cen-only`, which implies `--relaxed`) only decision, processing error and messages count.
/// `==` compares every stored property, `paths` included.
public struct ResultSummary: Hashable, Sendable, CustomStringConvertible {
    /// `accept` or `reject`.
    public var decision: String
    /// The matched scenario's name, nil when none; always nil in CEN-only summaries.
    public var scenario: String?
    /// Whether the document is well-formed; always true in CEN-only summaries.
    public var wellformed: Bool
    /// The XML Schema verdict, nil when not run; always nil in CEN-only summaries.
    public var xsdValid: Bool?
    /// Whether a processing error stopped the rules.
    public var hasProcessingError: Bool
    /// The multiset of counted messages: `"id|level"` to how often it occurs.
    public var messages: [String: Int]
    /// The multiset of counted messages with their location: `"id|level|path"` to how often it occurs.
    public var paths: [String: Int]
    /// Whether only decision, processing error and messages are compared.
    public var isCENOnly: Bool

    /// A summary of any result: pass each counted message as (rule id, level, path).
    public init(
        decision: String,
        scenario: String?,
        wellformed: Bool,
        xsdValid: Bool?,
        hasProcessingError: Bool,
        failed: [(id: String, level: String, path: String?)],
        cenOnly: Bool = false
    ) {
        self.decision = decision
        self.scenario = cenOnly ? nil : scenario
        self.wellformed = cenOnly ? true : wellformed
        self.xsdValid = cenOnly ? nil : xsdValid
        self.hasProcessingError = hasProcessingError
        self.isCENOnly = cenOnly
        var messages: [String: Int] = [:]
        var paths: [String: Int] = [:]
        for message in failed {
            messages["\(message.id)|\(message.level)", default: 0] += 1
            paths["\(message.id)|\(message.level)|\(message.path ?? "")", default: 0] += 1
        }
        self.messages = messages
        self.paths = paths
    }

    /// The summary of an expected result (or of our own JSON output decoded as ``ExpectedResult``).
    public init(expected: ExpectedResult, cenOnly: Bool = false) {
        self.init(
            decision: expected.decision,
            scenario: expected.scenario,
            wellformed: expected.wellformed,
            xsdValid: expected.xsdValid,
            hasProcessingError: !(expected.processingError ?? "").isEmpty,
            failed: expected.failed.map { (id: $0.id, level: $0.level, path: $0.path) },
            cenOnly: cenOnly
        )
    }

    /// How `actual` differs from this expected summary, as compare.py reports it (empty when they agree):
    /// `decision`, `scenario`, `wellformed`, `xsd_valid`, `processing_error`, then `missing`/`extra` messages.
    public func differences(from actual: ResultSummary) -> [String] {
        var result: [String] = []
        if decision != actual.decision {
            result.append("decision: expected \(decision), got \(actual.decision)")
        }
        if !isCENOnly {
            if scenario != actual.scenario {
                result.append("scenario: expected \(scenario ?? "none"), got \(actual.scenario ?? "none")")
            }
            if wellformed != actual.wellformed {
                result.append("wellformed: expected \(wellformed), got \(actual.wellformed)")
            }
            if let xsdValid, xsdValid != actual.xsdValid {
                result.append("xsd_valid: expected \(xsdValid), got \(actual.xsdValid.map { "\($0)" } ?? "null")")
            }
        }
        if hasProcessingError != actual.hasProcessingError {
            result.append("processing_error: expected \(hasProcessingError), got \(actual.hasProcessingError)")
        }
        let missing = Self.subtract(messages, actual.messages)
        let extra = Self.subtract(actual.messages, messages)
        if !missing.isEmpty || !extra.isEmpty {
            result.append("missing: [\(missing.joined(separator: ", "))]")
            result.append("extra: [\(extra.joined(separator: ", "))]")
        }
        return result
    }

    /// Whether `actual` agrees with this expected summary (``differences(from:)`` is empty).
    public func agrees(with actual: ResultSummary) -> Bool {
        differences(from: actual).isEmpty
    }

    /// Whether the messages agree including their locations (compare.py's separate `locations` count).
    public func pathsAgree(with actual: ResultSummary) -> Bool {
        paths == actual.paths
    }

    /// One line: decision, scenario and the messages, e.g. `reject [EN16931 XRechnung (UBL)] BR-DE-15:error`.
    public var description: String {
        let listed = messages.keys.sorted().flatMap { key in
            Array(repeating: Self.display(key), count: messages[key] ?? 0)
        }
        let extras = [
            isCENOnly ? "cen-only" : nil,
            wellformed ? nil : "not well-formed",
            xsdValid == false ? "xsd invalid" : nil,
            hasProcessingError ? "processing error" : nil,
        ]
        .compactMap { $0 }
        return ([decision, "[\(scenario ?? "no scenario")]"] + extras + listed).joined(separator: " ")
    }

    /// `id|level` as compare.py prints it: `id:level`.
    private static func display(_ key: String) -> String {
        String(key.map { $0 == "|" ? ":" : $0 })
    }

    /// The elements of multiset `lhs` that are not in `rhs`, as sorted `id:level` strings (Counter subtraction).
    private static func subtract(_ lhs: [String: Int], _ rhs: [String: Int]) -> [String] {
        lhs.keys.sorted().flatMap { key in
            let count = (lhs[key] ?? 0) - (rhs[key] ?? 0)
            return Array(repeating: Self.display(key), count: max(count, 0))
        }
    }
}
