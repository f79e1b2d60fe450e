public import EInvoiceStore
import PostgresNIO

#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// Receipts, the booking queue and the rejections as the operators and the ERP read them.
extension PostgresStore {
    public func unsettledReceipts() async throws -> [Receipt] {
        try await rows(
            "listing unsettled receipts",
            "SELECT \(unescaped: Self.receiptColumns) FROM receipt WHERE state <> 'settled' ORDER BY id"
        ).map(Self.receipt)
    }

    public func receipt(_ id: ReceiptID) async throws -> Receipt? {
        try await rows(
            "reading a receipt",
            "SELECT \(unescaped: Self.receiptColumns) FROM receipt WHERE id = \(id)"
        ).first.map(Self.receipt)
    }

    public func receipts(after: ReceiptID, limit: Int) async throws -> [Receipt] {
        try await rows(
            "listing receipts",
            """
            SELECT \(unescaped: Self.receiptColumns) FROM receipt WHERE id > \(after) ORDER BY id
            LIMIT \(Int64(clamping: limit))
            """
        ).map(Self.receipt)
    }

    public func outcomeCounts() async throws -> [Outcome: Int] {
        var counts: [Outcome: Int] = [:]
        let rows = try await rows(
            "counting outcomes",
            "SELECT outcome, COUNT(*) AS n FROM receipt WHERE state = 'settled' GROUP BY outcome"
        )
        for row in rows {
            if let outcome = Outcome(rawValue: try row["outcome"].decode(String.self)) {
                counts[outcome] = try row["n"].decode(Int.self)
            }
        }
        return counts
    }

    public func bookings(after: Int64, limit: Int) async throws -> [BookingEntry] {
        try await rows(
            "listing bookings",
            """
            \(unescaped: Self.bookingSelect(withTerms: false)) WHERE b.id > \(after) ORDER BY b.id
            LIMIT \(Int64(clamping: limit))
            """
        ).map(Self.booking)
    }

    public func booking(_ id: Int64) async throws -> BookingEntry? {
        try await rows(
            "reading a booking",
            "\(unescaped: Self.bookingSelect(withTerms: true)) WHERE b.id = \(id)"
        ).first.map(Self.booking)
    }

    public func acknowledgeBooking(_ id: Int64, at date: Date) async throws -> BookingEntry? {
        _ = try await rows(
            "acknowledging a booking",
            """
            UPDATE booking SET status = 'acknowledged', acknowledged_at = \(date)
            WHERE id = \(id) AND status <> 'acknowledged'
            """
        )
        return try await rows(
            "reading a booking",
            "\(unescaped: Self.bookingSelect(withTerms: false)) WHERE b.id = \(id)"
        ).first.map(Self.booking)
    }

    public func rejections(after: Int64, limit: Int) async throws -> [RejectionEntry] {
        try await rows(
            "listing rejections",
            """
            \(unescaped: Self.rejectionSelect) WHERE j.id > \(after) ORDER BY j.id LIMIT \(Int64(clamping: limit))
            """
        ).map(Self.rejection)
    }

    public func rejection(_ id: Int64) async throws -> RejectionEntry? {
        try await rows("reading a rejection", "\(unescaped: Self.rejectionSelect) WHERE j.id = \(id)").first.map(
            Self.rejection
        )
    }
}
