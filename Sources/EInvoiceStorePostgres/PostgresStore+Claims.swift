public import EInvoiceStore
import PostgresNIO

#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// Daemons, claims and take-overs. Liveness is judged by the database's clock alone (`now()` when heart-beating and
/// when taking over), so the hosts' clocks need not agree.
extension PostgresStore {
    public func registerDaemon(_ registration: DaemonRegistration) async throws -> DaemonID {
        let rows = try await rows(
            "registering a daemon",
            "INSERT INTO daemon (host, pid) VALUES (\(registration.host), \(registration.processID)) RETURNING id"
        )
        return try rows[0]["id"].decode(Int64.self)
    }

    public func heartbeat(_ daemon: DaemonID) async throws {
        _ = try await rows("heart-beating", "UPDATE daemon SET last_seen = now() WHERE id = \(daemon)")
    }

    public func unregisterDaemon(_ daemon: DaemonID) async throws {
        try await transaction("unregistering a daemon") { [logger] connection in
            try await connection.run(
                "UPDATE daemon SET stopped_at = now(), last_seen = now() WHERE id = \(daemon)",
                logger
            )
            try await connection.run(
                "UPDATE receipt SET owner = NULL WHERE owner = \(daemon) AND state <> 'settled'",
                logger
            )
        }
    }

    public func adoptOrphans(by daemon: DaemonID, silentFor: Duration, limit: Int) async throws -> [Receipt] {
        let seconds = Double(silentFor.components.seconds) + Double(silentFor.components.attoseconds) / 1e18
        // SKIP LOCKED: two daemons adopting at once never wait for each other and never get the same receipt. A row
        // that another transaction took meanwhile is checked again before it is locked, against its current owner:
        // so the daemons that are gone are computed once, as an array (an init plan), never joined (a join would be
        // checked against the owner the row had when the statement began, and adopt it a second time).
        let rows = try await rows(
            "taking over receipts",
            """
            WITH orphan AS (
                SELECT r.id FROM receipt r
                WHERE r.state <> 'settled' AND r.owner IS DISTINCT FROM \(daemon)
                    AND (r.owner IS NULL OR r.owner = ANY (ARRAY(
                        SELECT d.id FROM daemon d
                        WHERE (d.stopped_at IS NOT NULL OR d.last_seen < now() - make_interval(secs => \(seconds)))
                            AND EXISTS (SELECT 1 FROM receipt x WHERE x.owner = d.id AND x.state <> 'settled')
                    )))
                ORDER BY r.id
                LIMIT \(Int64(clamping: limit))
                FOR UPDATE OF r SKIP LOCKED
            )
            UPDATE receipt SET owner = \(daemon) FROM orphan WHERE receipt.id = orphan.id
            RETURNING \(unescaped: Self.receiptColumns(of: "receipt"))
            """
        )
        return try rows.map(Self.receipt).sorted { $0.id < $1.id }
    }

    public func recordClaims(
        _ files: [ClaimRequest],
        by daemon: DaemonID,
        receivedAt: Date
    ) async throws
        -> [ReceiptID?]
    {
        guard !files.isEmpty else { return [] }
        let names = files.map(\.sourceName)
        let keys = files.map(\.sourceKey)
        // A claim in state `claiming` is unique per inbox path: of two daemons claiming one file, one gets it.
        let rows = try await rows(
            "recording claims",
            """
            INSERT INTO receipt (source_name, source_key, received_at, state, owner)
            SELECT f.name, f.key, \(receivedAt), 'claiming', \(daemon)
            FROM unnest(\(names)::text[], \(keys)::text[]) WITH ORDINALITY AS f(name, key, position)
            ORDER BY f.position
            ON CONFLICT (source_name) WHERE state = 'claiming' DO NOTHING
            RETURNING id, source_name
            """
        )
        var ids: [String: ReceiptID] = [:]
        for row in rows { ids[try row["source_name"].decode(String.self)] = try row["id"].decode(Int64.self) }
        return names.map { ids[$0] }
    }

    public func markClaimed(_ ids: [ReceiptID]) async throws {
        guard !ids.isEmpty else { return }
        _ = try await rows(
            "marking claims",
            "UPDATE receipt SET state = 'claimed' WHERE id = ANY(\(ids)::bigint[]) AND state = 'claiming'"
        )
    }

    public func forgetClaim(_ id: ReceiptID) async throws {
        _ = try await rows("forgetting a claim", "DELETE FROM receipt WHERE id = \(id) AND state = 'claiming'")
    }

    public func forgetClaimIfTakenElsewhere(_ id: ReceiptID) async throws -> Bool {
        let rows = try await rows(
            "forgetting a claim",
            """
            DELETE FROM receipt r WHERE r.id = \(id) AND r.state = 'claiming' AND split_part(r.source_key, '-', 1) <> ''
                AND EXISTS (
                    SELECT 1 FROM receipt o
                    WHERE o.source_name = r.source_name AND o.id <> r.id
                        AND split_part(o.source_key, '-', 1) = split_part(r.source_key, '-', 1)
                )
            RETURNING r.id
            """
        )
        return !rows.isEmpty
    }

    public func beginDecision(_ id: ReceiptID, sha256: String, size: Int64) async throws -> DecisionStart {
        let rows = try await rows(
            "beginning a decision",
            """
            WITH started AS (
                UPDATE receipt SET state = 'archived', sha256 = \(sha256), size = \(size), attempts = attempts + 1
                WHERE id = \(id) AND state <> 'settled'
                RETURNING attempts
            )
            SELECT COALESCE((SELECT attempts FROM started), (SELECT attempts FROM receipt WHERE id = \(id)), 0)
                    AS attempts,
                (SELECT id FROM receipt
                    WHERE sha256 = \(sha256) AND id <> \(id) AND state = 'settled' AND outcome <> 'duplicate'
                    ORDER BY id LIMIT 1) AS earlier
            """
        )
        return DecisionStart(
            attempts: try rows[0]["attempts"].decode(Int.self),
            earlier: try rows[0]["earlier"].decode(Int64?.self)
        )
    }
}
