import EInvoicePDF
import EInvoiceStore
import Foundation
import Hummingbird

/// JSON errors of the API: `{"error": code, "message": text}`.
enum APIError {
    static func response(
        _ status: HTTPResponse.Status,
        _ code: String,
        _ message: String,
        bearer: Bool = false
    ) -> Response {
        var headers: HTTPFields = [.contentType: "application/json", .cacheControl: "no-store"]
        if bearer { headers[.wwwAuthenticate] = "Bearer realm=\"eingang\"" }
        return Response(
            status: status,
            headers: headers,
            body: .init(byteBuffer: JSON.buffer(["error": code, "message": message]))
        )
    }
}

/// JSON through JSONSerialization: keys sorted, no escaped slashes.
enum JSON {
    static func buffer(_ object: Any) -> ByteBuffer {
        let data =
            (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]))
            ?? Data("{}".utf8)
        return ByteBuffer(bytes: data)
    }

    static func response(_ object: Any, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        var all: HTTPFields = [.contentType: "application/json", .cacheControl: "no-store"]
        for field in headers { all[field.name] = field.value }
        return Response(status: status, headers: all, body: .init(byteBuffer: buffer(object)))
    }

    static func timestamp(_ date: Date?) -> Any {
        guard let date else { return NSNull() }
        return date.formatted(.iso8601)
    }

    static func value(_ text: String?) -> Any { text ?? NSNull() }
}

extension Workspace {
    /// The ERP API, `/api/v1`: see docs/openapi.yaml.
    func addAPI(to api: RouterGroup<WebContext>) {
        api.get("bookings") { request, context -> Response in
            guard context.token?.scopes.contains(.bookingsRead) == true else { return Self.forbidden() }
            let after = request.uri.queryParameters.get("after", as: Int64.self) ?? 0
            let limit = min(max(request.uri.queryParameters.get("limit", as: Int.self) ?? 100, 1), 1000)
            let entries = try await self.store.bookings(after: after, limit: limit, scope: context.scope)
                .map(Self.taken)
            try await self.store.markBookingsTaken(entries.map(\.id))
            return JSON.response([
                "items": entries.map { Self.bookingObject($0) },
                "next_after": entries.last?.id ?? after,
            ])
        }
        api.get("bookings/:id") { _, context -> Response in
            guard context.token?.scopes.contains(.bookingsRead) == true else { return Self.forbidden() }
            guard let entry = try await self.scopedBooking(context).map(Self.taken) else {
                return Self.notFound("booking")
            }
            try await self.store.markBookingsTaken([entry.id])
            var object = Self.bookingObject(entry)
            if let terms = entry.terms, let parsed = try? JSONSerialization.jsonObject(with: Data(terms.utf8)) {
                object["terms"] = parsed
            }
            object["original_url"] = "/api/v1/bookings/\(entry.id)/original"
            if let path = FileAccess.archivedOriginal(
                dataDirectory: self.configuration.dataDirectory,
                sha256: entry.sha256
            ),
                let bytes = FileAccess.read(path)
            {
                object["original"] = Data(bytes).base64EncodedString()
            }
            return JSON.response(object)
        }
        api.get("bookings/:id/original") { _, context -> Response in
            guard context.token?.scopes.contains(.bookingsRead) == true else { return Self.forbidden() }
            guard let entry = try await self.scopedBooking(context),
                let path = FileAccess.archivedOriginal(
                    dataDirectory: self.configuration.dataDirectory,
                    sha256: entry.sha256
                ),
                let bytes = FileAccess.read(path)
            else { return Self.notFound("booking") }
            return Self.original(bytes, name: "booking-\(entry.id).xml")
        }
        api.post("bookings/:id/ack") { _, context -> Response in
            guard context.token?.scopes.contains(.bookingsAck) == true else { return Self.forbidden() }
            guard let entry = try await self.scopedBooking(context),
                let acknowledged = try await self.store.acknowledgeBooking(entry.id, at: Date())
            else { return Self.notFound("booking") }
            return JSON.response(Self.bookingObject(acknowledged))
        }
        api.get("rejections") { request, context -> Response in
            guard context.token?.scopes.contains(.rejectionsRead) == true else { return Self.forbidden() }
            let after = request.uri.queryParameters.get("after", as: Int64.self) ?? 0
            let limit = min(max(request.uri.queryParameters.get("limit", as: Int.self) ?? 100, 1), 1000)
            let entries = try await self.store.rejections(after: after, limit: limit, scope: context.scope)
            return JSON.response([
                "items": entries.map { Self.rejectionObject($0) },
                "next_after": entries.last?.id ?? after,
            ])
        }
        api.post("invoices") { request, context -> Response in
            guard let token = context.token, token.scopes.contains(.invoicesSubmit) else { return Self.forbidden() }
            return try await self.submit(request, token: token, scope: context.scope)
        }
        api.get("invoices/:id") { _, context -> Response in
            guard let token = context.token, token.scopes.contains(.invoicesSubmit) else { return Self.forbidden() }
            guard let id = context.parameters.get("id"), Submissions.isIdentifier(id),
                let submission = try await self.store.submission(id: id), submission.tokenID == token.id
            else { return Self.notFound("submission") }
            return JSON.response(try await self.submissionStatus(submission, scope: context.scope))
        }
    }

    func scopedBooking(_ context: WebContext) async throws -> BookingEntry? {
        guard let id = context.parameters.get("id", as: Int64.self), let entry = try await store.booking(id),
            context.scope.contains(entry.tenant)
        else { return nil }
        return entry
    }

    /// An entry as it is once the ERP has taken it.
    static func taken(_ entry: BookingEntry) -> BookingEntry {
        var entry = entry
        if entry.status == .new { entry.status = .taken }
        return entry
    }

    static func forbidden() -> Response {
        APIError.response(.forbidden, "forbidden", "the token's scopes do not allow this")
    }

    static func notFound(_ kind: String) -> Response {
        APIError.response(.notFound, "not_found", "no such \(kind)")
    }

    /// An original for download: never rendered by a browser (attachment, sandboxed, no sniffing).
    /// The original as received, for download: a hybrid PDF as `.pdf`, anything else as XML.
    static func original(_ bytes: [UInt8], name: String) -> Response {
        let pdf = isPDF(bytes)
        let fileName = pdf && name.hasSuffix(".xml") ? name.dropLast(4) + ".pdf" : name
        return Response(
            status: .ok,
            headers: [
                .contentType: pdf ? "application/pdf" : "application/xml",
                .contentDisposition: "attachment; filename=\"\(fileName)\"",
                .contentSecurityPolicy: "sandbox; default-src 'none'",
                .cacheControl: "no-store",
            ],
            body: .init(byteBuffer: ByteBuffer(bytes: bytes))
        )
    }

    static func bookingObject(_ entry: BookingEntry) -> [String: Any] {
        [
            "id": entry.id, "receipt_id": entry.receiptID, "sha256": entry.sha256, "source_name": entry.sourceName,
            "received_at": JSON.timestamp(entry.receivedAt), "tenant": entry.tenant,
            "invoice_number": entry.invoiceNumber, "seller_name": JSON.value(entry.sellerName),
            "payable_amount": JSON.value(entry.payableAmount), "currency": JSON.value(entry.currency),
            "issue_date": JSON.value(entry.issueDate), "status": entry.status.rawValue,
            "booked_at": JSON.timestamp(entry.bookedAt), "acknowledged_at": JSON.timestamp(entry.acknowledgedAt),
            "bundle": entry.bundle, "flag": JSON.value(entry.flag),
            "released_from": entry.releasedFrom.map { $0 as Any } ?? NSNull(),
        ]
    }

    static func rejectionObject(_ entry: RejectionEntry) -> [String: Any] {
        [
            "id": entry.id, "receipt_id": entry.receiptID, "sha256": JSON.value(entry.sha256),
            "source_name": entry.sourceName, "received_at": JSON.timestamp(entry.receivedAt),
            "tenant": entry.tenant, "reason_class": entry.reasonClass, "reason": entry.reason,
            "rule_ids": entry.ruleIDs, "invoice_number": JSON.value(entry.invoiceNumber),
            "seller_name": JSON.value(entry.sellerName), "status": entry.status.rawValue,
            "rejected_at": JSON.timestamp(entry.rejectedAt),
        ]
    }
}
