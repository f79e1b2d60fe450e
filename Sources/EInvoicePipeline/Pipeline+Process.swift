import EInvoiceReports
import EInvoiceStore
import EInvoiceValidation
import Logging

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension Pipeline {
    /// Finishes one receipt; nil when it could not be finished now (logged; tried again later).
    func processSafely(_ receipt: Receipt) async -> Outcome? {
        let start = ContinuousClock.now
        do {
            let result = try await process(receipt)
            metrics.recordProcessing(since: start)
            return result.outcome
        } catch {
            metrics.countError()
            logger.error("cannot finish a receipt now", metadata: ["receipt": "\(receipt.id)", "error": "\(error)"])
            return nil
        }
    }

    /// Archive, duplicate check, validation, reports, settlement, and the work file removed: each step may be
    /// repeated after a crash without changing its result.
    func process(_ receipt: Receipt) async throws -> SettleResult {
        let workPath = data.workPath(receipt.id)
        var sha256 = receipt.sha256
        var size = receipt.size ?? 0
        if receipt.state != .archived || sha256 == nil {
            do {
                let archive = data.archive
                let stored = try await blockingIO { try archive.store(fileAt: workPath) }
                (sha256, size) = (stored.sha256, stored.size)
            } catch let error as FileSystemError where error.isSymbolicLink {
                let result = try await reject(
                    receipt,
                    reasonClass: "symlink",
                    reason: "a symbolic link: links are not followed"
                )
                try SystemCall.removeIfPresent(workPath)
                return result
            } catch let error as FileSystemError where error.isNotFound {
                return try await settleVanished(receipt.id, sourceName: receipt.sourceName)
            }
        }
        guard let sha256 else { preconditionFailure("archived without a hash") }
        let start = try await store.beginDecision(receipt.id, sha256: sha256, size: size)
        let result: SettleResult
        if let earlier = start.earlier {
            result = try await settle(receipt.id, .duplicate(of: earlier))
        } else if start.attempts > configuration.maxAttempts {
            result = try await reject(
                receipt,
                reasonClass: "repeated_crash",
                reason:
                    "processing stopped \(start.attempts - 1) times without a result; a clerk must look at this file"
            )
        } else {
            result = try await decide(receipt, sha256: sha256, size: size)
        }
        try SystemCall.removeIfPresent(workPath)
        return result
    }

    private func reject(_ receipt: Receipt, reasonClass: String, reason: String) async throws -> SettleResult {
        let draft = RejectionDraft(
            tenant: tenants.tenant(sourceName: receipt.sourceName, buyerReference: nil) ?? "",
            reasonClass: reasonClass,
            reason: reason
        )
        return try await settle(receipt.id, .rejection(draft))
    }

    private func decide(_ receipt: Receipt, sha256: String, size: Int64) async throws -> SettleResult {
        let validatedAt = Date()
        var source: [UInt8]?
        if !decider.isTooLarge(size) {
            let path = data.archive.path(of: sha256)
            let limit = configuration.maxFileSize + 1
            source = try await blockingIO { try SystemCall.readFile(path, limit: limit) }
        }
        let start = ContinuousClock.now
        let decider = decider
        let bytes = source
        let sourceName = receipt.sourceName
        let verdict = await validationSlots.withPermit { decider.decide(bytes, size: size, sourceName: sourceName) }
        if source != nil { metrics.recordValidation(since: start) }
        if let xml = verdict.embeddedXML {
            // The PDF stays in the archive as received; the invoice taken out of it is kept beside it.
            let archive = data.archive
            try await blockingIO { try archive.storeEmbedded(xml, besideOriginal: sha256) }
        }
        let settlement = verdict.settlement
        guard case .rejection(var draft) = settlement else {
            return try await settle(receipt.id, settlement)
        }
        let validation = verdict.validation
        let report = DocumentReport(
            validation: validation,
            sourceName: receipt.sourceName,
            // A PDF's report quotes the embedded XML its findings refer to, and names the PDF by its hash.
            source: verdict.embeddedXML ?? source ?? [],
            sha256: sha256,
            identity: verdict.identity,
            validatedAt: validatedAt,
            scenario: validation.scenario.flatMap(validator.scenario(named:))
        )
        draft.reportDirectory = try await blockingIO { [self] in try writeReports(report, receipt: receipt.id) }
        return try await settle(receipt.id, .rejection(draft))
    }

    /// Writes the reports of a rejection plus the validator's own JSON, and returns their directory relative to the
    /// data directory. Each file appears whole or not at all; they are not forced to disk one by one: reports are
    /// derived from the archived original and can be written again.
    func writeReports(_ report: DocumentReport, receipt: ReceiptID) throws -> String {
        let relative = data.reportDirectory(receipt)
        let directory = data.path + "/" + relative
        try SystemCall.makeDirectories(directory)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try SystemCall.writeAtomically(
            Array(try encoder.encode(report.validation)),
            to: directory + "/validation.json",
            durable: false
        )
        for writer in writers {
            let bytes = try writer.render(report)
            try SystemCall.writeAtomically(bytes, to: directory + "/invoice" + writer.format.fileSuffix, durable: false)
        }
        return relative
    }
}
