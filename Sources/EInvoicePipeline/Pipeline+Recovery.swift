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
    /// Takes over what an earlier run, or a daemon that stopped heart-beating, left unsettled, and returns the
    /// receipts to process, in order. A claim whose move never happened is finished here: when the claimed file
    /// is still in the inbox it is moved under the same receipt (a claim that does not know its file is forgotten,
    /// and the scan takes the file again); a claimed file that is nowhere and that no other receipt holds is settled
    /// as vanished.
    func adopt(as daemon: DaemonID, limit: Int, into summary: inout Summary) async throws -> [Receipt] {
        let adopted = try await store.adoptOrphans(
            by: daemon,
            silentFor: .seconds(configuration.heartbeatTimeout),
            limit: limit
        )
        if !adopted.isEmpty {
            logger.notice("took over unsettled receipts", metadata: ["count": "\(adopted.count)"])
        }
        var queue: [Receipt] = []
        for receipt in adopted {
            switch receipt.state {
            case .claiming:
                switch try await finishClaim(receipt) {
                case .inWorkArea:
                    try await store.markClaimed([receipt.id])
                    queue.append(receipt)
                case .forgotten:
                    break
                case .missing:
                    if try await store.forgetClaimIfTakenElsewhere(receipt.id) { break }
                    let result = try await settleVanished(receipt.id, sourceName: receipt.sourceName)
                    summary.outcomes[result.outcome, default: 0] += 1
                }
            case .claimed, .archived:
                queue.append(receipt)
            case .settled:
                break
            }
        }
        return queue
    }

    private enum ClaimState {
        case inWorkArea
        /// The claim was forgotten; the file stays in the inbox for the scan.
        case forgotten
        /// The claimed file is in neither the inbox nor the work area.
        case missing
    }

    /// Moves the file of an adopted claim into the work area, unless it is there already.
    private func finishClaim(_ receipt: Receipt) async throws -> ClaimState {
        let workPath = data.workPath(receipt.id)
        if SystemCall.exists(workPath) { return .inWorkArea }
        let inboxPath = configuration.inbox + "/" + receipt.sourceName
        guard let key = InboxScanner.key(ofFileAt: inboxPath) else {
            return SystemCall.exists(workPath) ? .inWorkArea : .missing
        }
        if receipt.sourceKey.isEmpty {
            // A claim of an older version, which does not know which file it meant.
            try await store.forgetClaim(receipt.id)
            return .forgotten
        }
        // Another file arrived later under the same name: the claimed one is gone. (The same file in another version
        // is the claimed one, still being written when it was claimed.)
        guard ClaimRequest.file(ofKey: key) == ClaimRequest.file(ofKey: receipt.sourceKey) else { return .missing }
        do {
            try move(inboxPath, to: workPath)
        } catch let error as FileSystemError where error.isNotFound {
            // The daemon that claimed it moved it at the same moment.
        }
        return SystemCall.exists(workPath) ? .inWorkArea : .missing
    }

    /// Work files that no receipt knows (possible only after a power loss undid a claim) get a receipt of their
    /// own; work files of settled receipts are removed. Receipts that other daemons hold are left alone.
    func recoverWorkFiles(as daemon: DaemonID, known: Set<ReceiptID>) async throws -> [Receipt] {
        var queue: [Receipt] = []
        for name in (try? FileManager.default.contentsOfDirectory(atPath: data.workDirectory)) ?? [] {
            guard let id = ReceiptID(name), !known.contains(id) else { continue }
            let path = data.workPath(id)
            if let receipt = try await store.receipt(id) {
                if receipt.state == .settled { try SystemCall.removeIfPresent(path) }
                continue
            }
            let request = ClaimRequest(sourceName: "recovered/\(name)", sourceKey: "")
            guard let newID = try await store.recordClaims([request], by: daemon, receivedAt: Date()).first ?? nil
            else { continue }
            try SystemCall.rename(path, data.workPath(newID))
            try await store.markClaimed([newID])
            queue.append(
                Receipt(id: newID, sourceName: request.sourceName, receivedAt: Date(), state: .claimed, owner: daemon)
            )
        }
        return queue
    }

    /// Removes the work files of receipts that are settled already: a daemon killed between settling a receipt and
    /// removing its work file leaves one behind (the file is archived by then). Run now and then while the daemon
    /// is idle and when it stops, so that a dead daemon's leftovers go without a restart; work files of unsettled
    /// receipts, this daemon's or another's, stay.
    func removeSettledWorkFiles() async throws {
        for name in (try? FileManager.default.contentsOfDirectory(atPath: data.workDirectory)) ?? [] {
            guard let id = ReceiptID(name), let receipt = try await store.receipt(id), receipt.state == .settled
            else { continue }
            try SystemCall.removeIfPresent(data.workPath(id))
        }
    }
}
