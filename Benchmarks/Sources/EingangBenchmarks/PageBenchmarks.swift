import EInvoiceStore
import EInvoiceStoreSQLite
import Foundation

/// The clerks' pages (issue "Finance clerks' workspace"): every page answers in under 50 ms median with 10,000
/// rejections and 100,000 bookings in the store.
///
/// The store (SQLite, the embedded default) is filled through the store copy's import (`eingang store copy` uses
/// it): 100,000 bookings, 10,000 rejections in the three statuses, 1,000 suspected duplicates and 5,000 audit
/// entries, one tenant; one rejection and one suspected duplicate have their original in the archive, so that their
/// pages show the invoice. Then the release CLI serves it (`eingang serve`), a clerk logs in over HTTP, and each page
/// is fetched `repetitions` times in a row on one kept-alive connection; the time runs from sending the request to
/// the last byte of the answer.
func benchmarkPages(rules: String, eingang: String, sample: String, quick: Bool) async throws {
    guard FileManager.default.isExecutableFile(atPath: eingang) else {
        print("(pages: build the CLI with `swift build -c release` first)")
        return
    }
    let directory = NSTemporaryDirectory() + "eingang-pages-\(getpid())"
    try FileManager.default.createDirectory(atPath: directory + "/data", withIntermediateDirectories: true)
    try FileManager.default.createDirectory(atPath: directory + "/inbox", withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: directory) }

    let bookings = quick ? 20_000 : 100_000
    let rejections = quick ? 2_000 : 10_000
    let duplicates = 1_000
    let filled = Date()
    let original = bytes(sample)
    let sha256 = String(repeating: "ab", count: 32)
    try FileManager.default.createDirectory(atPath: directory + "/data/archive/ab", withIntermediateDirectories: true)
    FileManager.default.createFile(atPath: directory + "/data/archive/ab/" + sha256, contents: Data(original))
    do {
        let store = try SQLiteStore(path: directory + "/data/eingang.sqlite")
        try await fillStore(store, bookings: bookings, rejections: rejections, duplicates: duplicates, sha256: sha256)
    }
    print(
        String(
            format: "pages: store of %d bookings, %d rejections, %d suspected duplicates filled in %.1f s",
            bookings,
            rejections,
            duplicates,
            Date().timeIntervalSince(filled)
        )
    )

    let port = 20_000 + Int(getpid() % 20_000)
    let password = "benchmark-passwort-lang-genug"
    let users = Process()
    users.executableURL = URL(fileURLWithPath: eingang)
    users.arguments = ["users", "add", "clerk", "--role", "clerk", "--tenant", "*", "--data-dir", directory + "/data"]
    let input = Pipe()
    users.standardInput = input
    users.standardOutput = FileHandle.nullDevice
    try users.run()
    input.fileHandleForWriting.write(Data((password + "\n").utf8))
    try input.fileHandleForWriting.close()
    users.waitUntilExit()
    precondition(users.terminationStatus == 0, "eingang users add failed")

    let server = Process()
    server.executableURL = URL(fileURLWithPath: eingang)
    server.arguments = [
        "serve", "--listen", "127.0.0.1:\(port)", "--data-dir", directory + "/data", "--inbox", directory + "/inbox",
        "--rules", rules,
    ]
    server.standardOutput = FileHandle.nullDevice
    server.standardError = FileHandle.nullDevice
    try server.run()
    defer {
        server.terminate()
        server.waitUntilExit()
    }
    var client: HTTPClient?
    for _ in 0..<200 where client == nil {
        usleep(50_000)
        client = try? HTTPClient(port: UInt16(port))
    }
    guard let client else { throw BenchmarkError("eingang serve did not answer on port \(port)") }

    // The login: the form's CSRF token (double-submit cookie), then the session cookie.
    let form = try client.request("GET /login", cookie: nil)
    guard let loginCookie = form.cookies["eingang_login"] else { throw BenchmarkError("no login form") }
    let login = try client.request(
        "POST /login",
        cookie: "eingang_login=\(loginCookie)",
        form: "csrf=\(loginCookie)&name=clerk&password=\(password)&next=/"
    )
    guard let session = login.cookies["eingang_session"] else {
        throw BenchmarkError("login failed: \(login.status)")
    }
    let cookie = "eingang_session=\(session)"

    let rejection = rejections  // the newest: its original is archived
    let duplicate = duplicates
    let pages = [
        "/", "/rejections", "/rejections?status=open&sender=lieferant%207&rule=BR-DE-15", "/rejections?page=100",
        "/rejections/\(rejection)", "/bookings", "/bookings?status=new", "/duplicates", "/duplicates/\(duplicate)",
        "/audit",
    ]
    let repetitions = quick ? 10 : 30
    var worst = 0.0
    for page in pages {
        var seconds: [Double] = []
        for _ in 0..<repetitions {
            let start = DispatchTime.now().uptimeNanoseconds
            let answer = try client.request("GET " + page, cookie: cookie)
            seconds.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            precondition(answer.status == 200, "\(page): status \(answer.status)")
        }
        let measurement = Measurement(name: "page \(page)", seconds: seconds, documents: 1)
        worst = max(worst, measurement.median)
        print(
            String(
                format: "page %@: min %.1f ms, median %.1f ms",
                page,
                measurement.minimum * 1000,
                measurement.median * 1000
            )
        )
    }
    print(String(format: "pages: the slowest median is %.1f ms (target: under 50 ms)", worst * 1000))
}

/// Bookings, rejections, suspected duplicates and audit entries, in pages of 1,000 through the store copy's import.
private func fillStore(
    _ store: SQLiteStore,
    bookings: Int,
    rejections: Int,
    duplicates: Int,
    sha256: String
) async throws {
    let now = Date()
    let receipts = bookings + rejections + duplicates
    func hash(_ id: Int) -> String { id == receipts ? sha256 : String(format: "%064x", id) }
    var records = StoreRecords()
    func flush() async throws {
        if records.count >= 1_000 {
            _ = try await store.importRecords(records)
            records = StoreRecords()
        }
    }
    // Receipts first: bookings 1…B, rejections B+1…B+R, held duplicates after them (each the copy of a booking).
    for id in 1...receipts {
        let outcome: Outcome =
            id <= bookings ? .booked : id <= bookings + rejections ? .rejected : .suspectedDuplicate
        let received = now.addingTimeInterval(Double(id - receipts) * 30)
        records.receipts.append(
            Receipt(
                id: Int64(id),
                sourceName: "invoice-\(id).xml",
                receivedAt: received,
                state: .settled,
                sha256: id > bookings && id <= bookings + rejections && id == bookings + rejections
                    ? sha256 : hash(id),
                size: 12_000,
                attempts: 1,
                outcome: outcome,
                settledAt: received
            )
        )
        try await flush()
    }
    _ = try await store.importRecords(records)
    records = StoreRecords()
    let statuses: [BookingStatus] = [.acknowledged, .acknowledged, .taken, .new]
    for id in 1...bookings {
        let booked = now.addingTimeInterval(Double(id - receipts) * 30)
        records.bookings.append(
            BookingRecord(
                entry: BookingEntry(
                    id: Int64(id),
                    receiptID: Int64(id),
                    sha256: hash(id),
                    sourceName: "invoice-\(id).xml",
                    receivedAt: booked,
                    tenant: "default",
                    invoiceNumber: "RE-\(id)",
                    sellerName: "Lieferant \(id % 500)",
                    payableAmount: "\(id % 9000).50",
                    currency: "EUR",
                    issueDate: "2026-11-01",
                    status: statuses[id % statuses.count],
                    bookedAt: booked,
                    acknowledgedAt: nil,
                    bundle: "bundle",
                    terms: #"{"invoice_number":"RE-\#(id)"}"#
                ),
                sellerKey: "vat:DE\(id % 500)"
            )
        )
        try await flush()
    }
    let rules = ["BR-DE-15", "BR-CO-15", "BR-16", "BR-DE-1", "PEPPOL-EN16931-R008"]
    let rejectionStatuses: [RejectionStatus] = [.open, .returned, .resolved, .resolved]
    for index in 1...rejections {
        let receipt = bookings + index
        let rejected = now.addingTimeInterval(Double(receipt - receipts) * 30)
        records.rejections.append(
            RejectionRecord(
                entry: RejectionEntry(
                    id: Int64(index),
                    receiptID: Int64(receipt),
                    sha256: index == rejections ? sha256 : hash(receipt),
                    sourceName: "invoice-\(receipt).xml",
                    receivedAt: rejected,
                    tenant: "default",
                    reasonClass: "rules",
                    reason: "2 rule(s) failed",
                    ruleIDs: [rules[index % rules.count], rules[(index / 5) % rules.count]],
                    invoiceNumber: "RJ-\(index)",
                    sellerName: "Lieferant \(index % 500)",
                    reportDirectory: nil,
                    status: rejectionStatuses[index % rejectionStatuses.count],
                    rejectedAt: rejected,
                    bundle: "bundle"
                ),
                sellerKey: "vat:DE\(index % 500)",
                resolvedAt: nil
            )
        )
        try await flush()
    }
    for index in 1...duplicates {
        let receipt = bookings + rejections + index
        records.heldDuplicates.append(
            HeldDuplicate(
                id: Int64(index),
                receiptID: Int64(receipt),
                bookingID: Int64(index * 50),
                tenant: "default",
                invoiceNumber: "RE-\(index * 50)",
                sellerName: "Lieferant \((index * 50) % 500)",
                sellerKey: "vat:DE\((index * 50) % 500)",
                payableAmount: "10.00",
                currency: "EUR",
                issueDate: "2026-11-02",
                terms: "{}",
                bundle: "bundle",
                status: index % 3 == 0 ? "open" : "rejected",
                heldAt: now.addingTimeInterval(Double(receipt - receipts) * 30)
            )
        )
        try await flush()
    }
    for index in 1...5_000 {
        records.audit.append(
            AuditEntry(
                id: Int64(index),
                at: now.addingTimeInterval(Double(index - 5_000) * 60),
                actor: "user:erika",
                action: index % 2 == 0 ? "rejection.resolved" : "rejection.returned",
                receiptID: Int64(bookings + 1 + index % rejections),
                bookingID: nil,
                rejectionID: Int64(1 + index % rejections),
                bundle: nil,
                detail: "Kommentar \(index)",
                tenant: "default"
            )
        )
        try await flush()
    }
    _ = try await store.importRecords(records)
}

struct BenchmarkError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// HTTP/1.1 over one kept-alive TCP connection to 127.0.0.1: enough for timing pages without a client library
/// (answers with `Content-Length` or chunked).
final class HTTPClient {
    struct Answer {
        var status: Int
        var cookies: [String: String]
        var body: [UInt8]
    }

    private let socket: Int32
    private var buffer: [UInt8] = []

    init(port: UInt16) throws {
        socket = Foundation.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            close(socket)
            throw BenchmarkError("cannot connect to port \(port)")
        }
        var one: Int32 = 1
        setsockopt(socket, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
    }

    deinit { close(socket) }

    /// `line` is `METHOD PATH`; with `form`, the body is sent as `application/x-www-form-urlencoded`.
    func request(_ line: String, cookie: String?, form: String? = nil) throws -> Answer {
        var head = line + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n"
        if let cookie { head += "Cookie: \(cookie)\r\n" }
        let body = Array((form ?? "").utf8)
        if form != nil {
            head += "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: \(body.count)\r\n"
        }
        let message = Array((head + "\r\n").utf8) + body
        var sent = 0
        while sent < message.count {
            let count = message[sent...].withUnsafeBytes { send(socket, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { throw BenchmarkError("send failed") }
            sent += count
        }
        let headerEnd = try readUntil(Array("\r\n\r\n".utf8))
        let headerText = String(decoding: buffer[..<headerEnd], as: UTF8.self)
        buffer.removeFirst(headerEnd + 4)
        let lines = headerText.split(separator: "\r\n")
        let status = Int(lines.first?.split(separator: " ").dropFirst().first ?? "") ?? 0
        var cookies: [String: String] = [:]
        var length: Int?
        var chunked = false
        for line in lines.dropFirst() {
            let parts = line.split(separator: ":", maxSplits: 1)
            guard parts.count == 2 else { continue }
            let name = parts[0].lowercased()
            let value = parts[1].trimmingCharacters(in: .whitespaces)
            if name == "content-length" { length = Int(value) }
            if name == "transfer-encoding" && value.lowercased().contains("chunked") { chunked = true }
            if name == "set-cookie", let pair = value.split(separator: ";").first {
                let cookie = pair.split(separator: "=", maxSplits: 1)
                if cookie.count == 2 { cookies[String(cookie[0])] = String(cookie[1]) }
            }
        }
        var answerBody: [UInt8] = []
        if chunked {
            while true {
                let end = try readUntil(Array("\r\n".utf8))
                let size = Int(String(decoding: buffer[..<end], as: UTF8.self), radix: 16) ?? 0
                buffer.removeFirst(end + 2)
                try fill(size + 2)
                answerBody += buffer[..<size]
                buffer.removeFirst(size + 2)
                if size == 0 { break }
            }
        } else {
            let size = length ?? 0
            try fill(size)
            answerBody = Array(buffer[..<size])
            buffer.removeFirst(size)
        }
        return Answer(status: status, cookies: cookies, body: answerBody)
    }

    private func readMore() throws {
        var chunk = [UInt8](repeating: 0, count: 65_536)
        let count = chunk.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { throw BenchmarkError("the connection closed") }
        buffer += chunk[..<count]
    }

    private func fill(_ count: Int) throws {
        while buffer.count < count { try readMore() }
    }

    private func readUntil(_ marker: [UInt8]) throws -> Int {
        var from = 0
        while true {
            if buffer.count >= marker.count {
                for index in from...(buffer.count - marker.count)
                where buffer[index..<(index + marker.count)].elementsEqual(marker) {
                    return index
                }
                from = buffer.count - marker.count + 1
            }
            try readMore()
        }
    }
}
