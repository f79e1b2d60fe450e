#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// The state of a booking entry in the ERP's queue.
public enum BookingStatus: String, Sendable, Codable, Hashable {
    case new
    case taken
    case acknowledged
}

/// A booking entry as the queue lists it (the operator CLI's and the ERP's view).
public struct BookingEntry: Sendable, Hashable, Codable {
    public var id: Int64
    public var receiptID: ReceiptID
    public var sha256: String
    public var sourceName: String
    public var receivedAt: Date
    public var tenant: String
    public var invoiceNumber: String
    public var sellerName: String?
    public var payableAmount: String?
    public var currency: String?
    public var issueDate: String?
    public var status: BookingStatus
    public var bookedAt: Date
    public var acknowledgedAt: Date?
    public var bundle: String
    /// The business terms JSON; only filled when one entry is fetched.
    public var terms: String?
    /// Why a clerk must look at this booking again: reprocessing found that a newer rule bundle rejects it (a
    /// booking is never unbooked). nil when not flagged.
    public var flag: String?
    /// The held suspected duplicate a clerk released into this booking; nil for an invoice booked on receipt.
    public var releasedFrom: Int64?

    public init(
        id: Int64,
        receiptID: ReceiptID,
        sha256: String,
        sourceName: String,
        receivedAt: Date,
        tenant: String,
        invoiceNumber: String,
        sellerName: String?,
        payableAmount: String?,
        currency: String?,
        issueDate: String?,
        status: BookingStatus,
        bookedAt: Date,
        acknowledgedAt: Date?,
        bundle: String,
        terms: String?,
        flag: String? = nil,
        releasedFrom: Int64? = nil
    ) {
        self.id = id
        self.receiptID = receiptID
        self.sha256 = sha256
        self.sourceName = sourceName
        self.receivedAt = receivedAt
        self.tenant = tenant
        self.invoiceNumber = invoiceNumber
        self.sellerName = sellerName
        self.payableAmount = payableAmount
        self.currency = currency
        self.issueDate = issueDate
        self.status = status
        self.bookedAt = bookedAt
        self.acknowledgedAt = acknowledgedAt
        self.bundle = bundle
        self.terms = terms
        self.flag = flag
        self.releasedFrom = releasedFrom
    }
}

/// The state of a rejection in the clerks' workspace.
/// Where a held suspected duplicate stands: waiting for a clerk, released into booking, or rejected.
public enum HeldDuplicateStatus: String, Sendable, Codable, Hashable, CaseIterable {
    case open
    case released
    case rejected
}

public enum RejectionStatus: String, Sendable, Codable, Hashable {
    case open
    case returned
    case resolved
}

/// A rejection as the clerks' list shows it.
public struct RejectionEntry: Sendable, Hashable, Codable {
    public var id: Int64
    public var receiptID: ReceiptID
    /// nil when the file vanished before its bytes could be read.
    public var sha256: String?
    public var sourceName: String
    public var receivedAt: Date
    public var tenant: String
    public var reasonClass: String
    public var reason: String
    public var ruleIDs: [String]
    public var invoiceNumber: String?
    public var sellerName: String?
    public var reportDirectory: String?
    public var status: RejectionStatus
    public var rejectedAt: Date
    public var bundle: String?

    public init(
        id: Int64,
        receiptID: ReceiptID,
        sha256: String?,
        sourceName: String,
        receivedAt: Date,
        tenant: String,
        reasonClass: String,
        reason: String,
        ruleIDs: [String],
        invoiceNumber: String?,
        sellerName: String?,
        reportDirectory: String?,
        status: RejectionStatus,
        rejectedAt: Date,
        bundle: String?
    ) {
        self.id = id
        self.receiptID = receiptID
        self.sha256 = sha256
        self.sourceName = sourceName
        self.receivedAt = receivedAt
        self.tenant = tenant
        self.reasonClass = reasonClass
        self.reason = reason
        self.ruleIDs = ruleIDs
        self.invoiceNumber = invoiceNumber
        self.sellerName = sellerName
        self.reportDirectory = reportDirectory
        self.status = status
        self.rejectedAt = rejectedAt
        self.bundle = bundle
    }
}
