public import EInvoiceStore

#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// Which stored decisions a reprocessing run takes (`eingang reprocess --status --since --until --sender --rule`).
public struct ReprocessFilter: Sendable, Hashable, Codable {
    /// `--status`: the stored decision.
    public enum Status: String, Sendable, Hashable, Codable, CaseIterable {
        /// Rejections.
        case rejected
        /// Bookings and suspected duplicates held for a clerk (both passed validation).
        case accepted
        case all
    }

    public var status: Status
    /// Received at or after this instant.
    public var since: Date?
    /// Received before this instant.
    public var before: Date?
    /// The seller: its key or identifier (VAT id, …) as stored, or its name as stored.
    public var sender: String?
    /// A rule id among the stored rejection's failed rules (accepted invoices have none).
    public var rule: String?
    /// One receipt only (a clerk reprocessing one invoice in the workspace).
    public var receipt: ReceiptID?

    public init(
        status: Status = .all,
        since: Date? = nil,
        before: Date? = nil,
        sender: String? = nil,
        rule: String? = nil,
        receipt: ReceiptID? = nil
    ) {
        self.status = status
        self.since = since
        self.before = before
        self.sender = sender
        self.rule = rule
        self.receipt = receipt
    }

    /// Whether the filters select `decision`.
    public func matches(_ decision: StoredDecision) -> Bool {
        switch status {
        case .rejected where decision.kind.isAccepted: return false
        case .accepted where !decision.kind.isAccepted: return false
        default: break
        }
        if let receipt, decision.receiptID != receipt { return false }
        if let since, decision.receivedAt < since { return false }
        if let before, decision.receivedAt >= before { return false }
        if let rule, !decision.ruleIDs.contains(rule) { return false }
        if let sender, !Self.isSender(sender, of: decision) { return false }
        return true
    }

    /// Whether `sender` names the seller of `decision`: equal to its stored key (`vat:DE123456789`) or to the
    /// identifier in it (`DE123456789`), ignoring case and white space, or to its stored name, ignoring case and
    /// white space at either end.
    static func isSender(_ sender: String, of decision: StoredDecision) -> Bool {
        let wanted = Self.compact(sender)
        guard !wanted.isEmpty else { return false }
        if let key = decision.sellerKey {
            if Self.compact(key) == wanted { return true }
            // `vat:ID`, `id:SCHEME:ID`, `legal:SCHEME:ID`; a name key is compared as a name below.
            if !key.hasPrefix("name:"), let colon = key.lastIndex(of: ":"),
                Self.compact(String(key[key.index(after: colon)...])) == wanted
            {
                return true
            }
            if key.hasPrefix("name:"), Self.sameName(String(key.dropFirst(5)), sender) { return true }
        }
        if let name = decision.sellerName, Self.sameName(name, sender) { return true }
        return false
    }

    static func compact(_ text: String) -> String {
        text.uppercased().filter { !$0.isWhitespace }
    }

    static func sameName(_ stored: String, _ wanted: String) -> Bool {
        let stored = stored.trimmingWhitespace()
        return !stored.isEmpty && stored.lowercased() == wanted.trimmingWhitespace().lowercased()
    }

    /// The filters in one canonical text, for the run's key and parameters.
    var canonical: String {
        [
            "status=\(status.rawValue)",
            "since=\(since.map(Self.milliseconds) ?? "")",
            "before=\(before.map(Self.milliseconds) ?? "")",
            "sender=\(sender ?? "")",
            "rule=\(rule ?? "")",
        ].joined(separator: "\n")
            // Only when set: the keys of runs without it stay as they were (an unfinished run still resumes).
            + (receipt.map { "\nreceipt=\($0)" } ?? "")
    }

    static func milliseconds(_ date: Date) -> String {
        String(Int64((date.timeIntervalSince1970 * 1000).rounded()))
    }
}

extension ReprocessFilter {
    /// An argument of `--since` or `--until` that is no date.
    public struct DateError: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    /// Reads `--since` (`first`) or `--until` (`!first`): a day `YYYY-MM-DD` (UTC) means its first instant for
    /// `--since` and the first instant of the next day for `--until` (the day is included); an ISO 8601 date-time
    /// with its zone (`2026-03-16T14:30:00Z`, `…+01:00`) means that instant (for `--until` included, to the
    /// millisecond).
    public static func bound(_ text: String, first: Bool) throws(DateError) -> Date {
        let trimmed = text.trimmingWhitespace()
        if let day = Self.day(trimmed) {
            return first ? day : day.addingTimeInterval(86_400)
        }
        if let instant = Self.instant(trimmed) {
            return first ? instant : instant.addingTimeInterval(0.001)
        }
        throw DateError(description: "\(text): not a date (YYYY-MM-DD) or an ISO 8601 date-time with a zone")
    }

    static func day(_ text: String) -> Date? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
            (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let components = DateComponents(year: year, month: month, day: day)
        guard let date = calendar.date(from: components),
            calendar.component(.day, from: date) == day
        else { return nil }
        return date
    }

    static func instant(_ text: String) -> Date? {
        guard text.contains("T") else { return nil }
        if let date = try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text) { return date }
        return try? Date.ISO8601FormatStyle().parse(text)
    }
}
