/// The totals of a reprocessing run: the final `--json` object of `eingang reprocess` (README, "Reprocessing").
/// Built from the results of every invoice of the run, those of an interrupted earlier part included, so that a
/// resumed run ends with the same summary as an uninterrupted one.
public struct ReprocessSummary: Sendable, Hashable, Codable {
    /// How many invoices newly fail and newly pass one rule.
    public struct RuleCounts: Sendable, Hashable, Codable {
        public var newlyFailing = 0
        public var newlyPassing = 0

        public init(newlyFailing: Int = 0, newlyPassing: Int = 0) {
            self.newlyFailing = newlyFailing
            self.newlyPassing = newlyPassing
        }

        enum CodingKeys: String, CodingKey {
            case newlyFailing = "newly_failing"
            case newlyPassing = "newly_passing"
        }
    }

    /// The run's key: a hash over its filters and the rule bundle.
    public var run: String
    /// The hash of the rule bundle that decided.
    public var bundle: String
    public var dryRun: Bool
    /// Every selected invoice is done.
    public var complete = false
    /// Invoices the filters selected that can be reprocessed.
    public var selected = 0
    /// Invoices the filters selected that cannot be reprocessed: no archived original (a vanished file, a
    /// symbolic link) or rejected as `repeated_crash` (a file that crashed the daemon is not run again).
    public var skipped = 0
    /// Invoices done so far.
    public var processed = 0
    public var changes: [ReprocessChange: Int] = [:]
    public var actions: [ReprocessedInvoice.Action: Int] = [:]
    public var rules: [String: RuleCounts] = [:]

    public init(run: String, bundle: String, dryRun: Bool) {
        self.run = run
        self.bundle = bundle
        self.dryRun = dryRun
    }

    /// Counts one invoice.
    public mutating func add(_ invoice: ReprocessedInvoice) {
        processed += 1
        changes[invoice.change, default: 0] += 1
        if let action = invoice.action { actions[action, default: 0] += 1 }
        for rule in invoice.newlyFailing { rules[rule, default: RuleCounts()].newlyFailing += 1 }
        for rule in invoice.newlyPassing { rules[rule, default: RuleCounts()].newlyPassing += 1 }
    }

    enum CodingKeys: String, CodingKey {
        case type, run, bundle
        case dryRun = "dry_run"
        case complete, selected, skipped, processed
        case unchanged
        case newlyAccepted = "newly_accepted"
        case newlyRejected = "newly_rejected"
        case findingsChanged = "findings_changed"
        case booked, held, flagged
        case alreadyFlagged = "already_flagged"
        case rules
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode("summary", forKey: .type)
        try container.encode(run, forKey: .run)
        try container.encode(bundle, forKey: .bundle)
        try container.encode(dryRun, forKey: .dryRun)
        try container.encode(complete, forKey: .complete)
        try container.encode(selected, forKey: .selected)
        try container.encode(skipped, forKey: .skipped)
        try container.encode(processed, forKey: .processed)
        try container.encode(changes[.unchanged] ?? 0, forKey: .unchanged)
        try container.encode(changes[.newlyAccepted] ?? 0, forKey: .newlyAccepted)
        try container.encode(changes[.newlyRejected] ?? 0, forKey: .newlyRejected)
        try container.encode(changes[.findingsChanged] ?? 0, forKey: .findingsChanged)
        try container.encode(actions[.booked] ?? 0, forKey: .booked)
        try container.encode(actions[.held] ?? 0, forKey: .held)
        try container.encode(actions[.flagged] ?? 0, forKey: .flagged)
        try container.encode(actions[.alreadyFlagged] ?? 0, forKey: .alreadyFlagged)
        try container.encode(rules, forKey: .rules)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        run = try container.decode(String.self, forKey: .run)
        bundle = try container.decode(String.self, forKey: .bundle)
        dryRun = try container.decode(Bool.self, forKey: .dryRun)
        complete = try container.decode(Bool.self, forKey: .complete)
        selected = try container.decode(Int.self, forKey: .selected)
        skipped = try container.decode(Int.self, forKey: .skipped)
        processed = try container.decode(Int.self, forKey: .processed)
        let changeKeys: [(ReprocessChange, CodingKeys)] = [
            (.unchanged, .unchanged), (.newlyAccepted, .newlyAccepted), (.newlyRejected, .newlyRejected),
            (.findingsChanged, .findingsChanged),
        ]
        for (change, key) in changeKeys {
            let count = try container.decode(Int.self, forKey: key)
            if count > 0 { changes[change] = count }
        }
        let actionKeys: [(ReprocessedInvoice.Action, CodingKeys)] = [
            (.booked, .booked), (.held, .held), (.flagged, .flagged), (.alreadyFlagged, .alreadyFlagged),
        ]
        for (action, key) in actionKeys {
            let count = try container.decode(Int.self, forKey: key)
            if count > 0 { actions[action] = count }
        }
        rules = try container.decode([String: RuleCounts].self, forKey: .rules)
    }
}
