public import EInvoiceStore
import GRDB

#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// Daemons and claims. One daemon at a time works on a SQLite store (the pipeline locks the data directory), so a
/// daemon that starts takes over everything an earlier one left, without waiting for its heartbeat to stop.
extension SQLiteStore {
    public func registerDaemon(_ registration: DaemonRegistration) async throws -> DaemonID {
        try await pool.write { db in
            let now = Date().timeIntervalSince1970
            try db.cachedStatement(
                sql: "INSERT INTO daemon (host, pid, started_at, last_seen) VALUES (?, ?, ?, ?)"
            ).execute(arguments: [registration.host, registration.processID, now, now]
            )
            return db.lastInsertedRowID
        }
    }

    public func heartbeat(_ daemon: DaemonID) async throws {
        try await pool.write { db in
            try db.cachedStatement(
                sql: "UPDATE daemon SET last_seen = ? WHERE id = ?"
            ).execute(arguments: [Date().timeIntervalSince1970, daemon]
            )
        }
    }

    public func unregisterDaemon(_ daemon: DaemonID) async throws {
        try await pool.write { db in
            try db.cachedStatement(
                sql: "UPDATE daemon SET stopped_at = ?, last_seen = ? WHERE id = ?"
            ).execute(arguments: [Date().timeIntervalSince1970, Date().timeIntervalSince1970, daemon]
            )
            try db.cachedStatement(
                sql: "UPDATE receipt SET owner = NULL WHERE owner = ? AND state <> 'settled'"
            ).execute(arguments: [daemon]
            )
        }
    }

    public func adoptOrphans(by daemon: DaemonID, silentFor: Duration, limit: Int) async throws -> [Receipt] {
        try await pool.write { db in
            let ids = try ReceiptID.fetchAll(
                db.cachedStatement(
                    sql: """
                        SELECT id FROM receipt WHERE state <> 'settled' AND (owner IS NULL OR owner <> ?)
                        ORDER BY id LIMIT ?
                        """
                ),
                arguments: [daemon, limit]
            )
            let update = try db.cachedStatement(sql: "UPDATE receipt SET owner = ? WHERE id = ?")
            for id in ids { try update.execute(arguments: [daemon, id]) }
            return try ids.compactMap { id in
                try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM receipt WHERE id = ?"), arguments: [id]).map(
                    Self.receipt
                )
            }
        }
    }

    public func recordClaims(
        _ files: [ClaimRequest],
        by daemon: DaemonID,
        receivedAt: Date
    ) async throws
        -> [ReceiptID?]
    {
        try await pool.write { db in
            var ids: [ReceiptID?] = []
            let statement = try db.cachedStatement(
                sql: """
                    INSERT INTO receipt (source_name, source_key, received_at, state, owner)
                    VALUES (?, ?, ?, 'claiming', ?)
                    ON CONFLICT (source_name) WHERE state = 'claiming' DO NOTHING
                    """
            )
            for file in files {
                try statement.execute(
                    arguments: [file.sourceName, file.sourceKey, receivedAt.timeIntervalSince1970, daemon]
                )
                ids.append(db.changesCount > 0 ? db.lastInsertedRowID : nil)
            }
            return ids
        }
    }

    public func markClaimed(_ ids: [ReceiptID]) async throws {
        try await pool.write { db in
            let statement = try db.cachedStatement(
                sql: "UPDATE receipt SET state = 'claimed' WHERE id = ? AND state = 'claiming'"
            )
            for id in ids { try statement.execute(arguments: [id]) }
        }
    }

    public func forgetClaim(_ id: ReceiptID) async throws {
        try await pool.write { db in
            try db.cachedStatement(sql: "DELETE FROM receipt WHERE id = ? AND state = 'claiming'").execute(arguments: [
                id
            ])
        }
    }

    public func forgetClaimIfTakenElsewhere(_ id: ReceiptID) async throws -> Bool {
        try await pool.write { db in
            guard
                let row = try Row.fetchOne(
                    db.cachedStatement(
                        sql: "SELECT source_name, source_key FROM receipt WHERE id = ? AND state = 'claiming'"
                    ),
                    arguments: [id]
                )
            else { return false }
            let name: String = row["source_name"]
            let key: String = row["source_key"]
            let file = String(ClaimRequest.file(ofKey: key))
            guard !file.isEmpty,
                try Bool.fetchOne(
                    db.cachedStatement(
                        sql: """
                            SELECT EXISTS (
                                SELECT 1 FROM receipt
                                WHERE source_name = ? AND substr(source_key, 1, instr(source_key || '-', '-') - 1) = ?
                                    AND id <> ?
                            )
                            """
                    ),
                    arguments: [name, file, id]
                ) == true
            else { return false }
            try db.cachedStatement(sql: "DELETE FROM receipt WHERE id = ?").execute(arguments: [id])
            return true
        }
    }
}
