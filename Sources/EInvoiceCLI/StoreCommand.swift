import ArgumentParser
import EInvoiceStore
import Foundation

/// What the store commands share: error handling and how entries are printed.
enum StoreCommand {
    /// Runs `body`; a failure is printed and becomes exit status 2.
    static func run<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch {
            FileHandle.standardError.write(Data("eingang: \(error)\n".utf8))
            throw ExitCode(2)
        }
    }

    static func notFound(_ kind: String, _ id: Int64) -> ExitCode {
        FileHandle.standardError.write(Data("eingang: no \(kind) \(id)\n".utf8))
        return ExitCode(1)
    }

    static func timestamp(_ date: Date?) -> String? {
        date.map { $0.formatted(.iso8601) }
    }

    static func listed(_ entry: BookingEntry) -> [String: Any?] {
        [
            "id": entry.id, "receipt_id": entry.receiptID, "sha256": entry.sha256, "source_name": entry.sourceName,
            "received_at": timestamp(entry.receivedAt), "tenant": entry.tenant, "invoice_number": entry.invoiceNumber,
            "seller_name": entry.sellerName, "payable_amount": entry.payableAmount, "currency": entry.currency,
            "issue_date": entry.issueDate, "status": entry.status.rawValue, "booked_at": timestamp(entry.bookedAt),
            "acknowledged_at": timestamp(entry.acknowledgedAt), "bundle": entry.bundle, "flag": entry.flag,
        ]
    }

    static func shown(_ entry: BookingEntry) -> [String: Any?] {
        var object = listed(entry)
        if let terms = entry.terms, let parsed = try? JSONSerialization.jsonObject(with: Data(terms.utf8)) {
            object["terms"] = parsed
        }
        return object
    }

    static func line(_ entry: BookingEntry) -> String {
        let amount = [entry.payableAmount, entry.currency].compactMap { $0 }.joined(separator: " ")
        return
            "\(entry.id)\t\(entry.status.rawValue)\(entry.flag == nil ? "" : " flagged")\t\(entry.invoiceNumber)\t\(entry.sellerName ?? "-")\t\(amount)"
            + "\t\(entry.sourceName.debugDescription)"
    }

    static func block(_ entry: BookingEntry) -> String {
        var text = line(entry) + "\nsha256 \(entry.sha256)\nreceived \(timestamp(entry.receivedAt) ?? "")"
        if let flag = entry.flag { text += "\nflagged " + flag }
        if let terms = entry.terms { text += "\n" + terms }
        return text
    }

    static func listed(_ entry: RejectionEntry, dataDirectory: String? = nil) -> [String: Any?] {
        var object: [String: Any?] = [
            "id": entry.id, "receipt_id": entry.receiptID, "sha256": entry.sha256, "source_name": entry.sourceName,
            "received_at": timestamp(entry.receivedAt), "tenant": entry.tenant, "reason_class": entry.reasonClass,
            "reason": entry.reason, "rule_ids": entry.ruleIDs, "invoice_number": entry.invoiceNumber,
            "seller_name": entry.sellerName, "status": entry.status.rawValue,
            "rejected_at": timestamp(entry.rejectedAt), "bundle": entry.bundle,
        ]
        if let dataDirectory, let directory = entry.reportDirectory {
            object["reports"] = dataDirectory + "/" + directory
        }
        return object
    }

    static func line(_ entry: RejectionEntry) -> String {
        "\(entry.id)\t\(entry.status.rawValue)\t\(entry.reasonClass)\t\(entry.invoiceNumber ?? "-")"
            + "\t\(entry.sourceName.debugDescription)\t\(entry.reason)"
    }

    static func block(_ entry: RejectionEntry, dataDirectory: String) -> String {
        var text = line(entry) + "\nsha256 \(entry.sha256 ?? "-")\nreceived \(timestamp(entry.receivedAt) ?? "")"
        if !entry.ruleIDs.isEmpty { text += "\nrules " + entry.ruleIDs.joined(separator: " ") }
        if let directory = entry.reportDirectory { text += "\nreports \(dataDirectory)/\(directory)" }
        return text
    }
}
