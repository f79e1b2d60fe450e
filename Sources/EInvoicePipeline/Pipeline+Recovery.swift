import EInvoiceStore
import Logging

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Pipeline {
    /// What a previous run left unfinished: receipts to process again, in order. A claim whose move never happened
    /// is forgotten (the file is still in the inbox); a claimed file that is gone is settled as vanished; a work
    /// file nobody recorded (possible only after a power loss) gets a receipt of its own; work files of settled
    /// receipts are removed.
    func recover(into summary: inout Summary) async throws -> [Receipt] {
        var queue: [Receipt] = []
        var known: Set<ReceiptID> = []
        for receipt in try await store.unsettledReceipts() {
            known.insert(receipt.id)
            let workPath = data.workPath(receipt.id)
            switch receipt.state {
            case .claiming:
                if SystemCall.exists(workPath) {
                    try await store.markClaimed([receipt.id])
                    queue.append(receipt)
                } else if SystemCall.exists(configuration.inbox + "/" + receipt.sourceName) {
                    try await store.forgetClaim(receipt.id)
                } else {
                    let result = try await settleVanished(receipt.id, sourceName: receipt.sourceName)
                    summary.outcomes[result.outcome, default: 0] += 1
                }
            case .claimed, .archived:
                queue.append(receipt)
            case .settled:
                break
            }
        }
        for name in (try? FileManager.default.contentsOfDirectory(atPath: data.workDirectory)) ?? [] {
            guard let id = ReceiptID(name), !known.contains(id) else { continue }
            let path = data.workPath(id)
            if let receipt = try await store.receipt(id) {
                if receipt.state == .settled { try SystemCall.removeIfPresent(path) }
                continue
            }
            guard let newID = try await store.recordClaims(sourceNames: ["recovered/\(name)"], receivedAt: Date()).first
            else { continue }
            try SystemCall.rename(path, data.workPath(newID))
            try await store.markClaimed([newID])
            queue.append(Receipt(id: newID, sourceName: "recovered/\(name)", receivedAt: Date(), state: .claimed))
        }
        if !queue.isEmpty {
            logger.notice("finishing receipts of an earlier run", metadata: ["count": "\(queue.count)"])
        }
        return queue
    }
}
