public import EInvoiceReports

/// How the workspace and the API serve: where they listen, where the files are, how sessions behave.
public struct WebConfiguration: Sendable {
    /// The address to listen on (`host:port`); localhost only by default.
    public var host: String
    public var port: Int
    /// The inbox, where invoices submitted over HTTP are written.
    public var inbox: String
    /// The data directory: the archive of originals and the reports of rejections.
    public var dataDirectory: String
    /// The inbox subdirectory of each tenant that has one (an HTTP submission of a token with one such tenant is
    /// written there, so that it belongs to that tenant).
    public var tenantInboxes: [String: String]
    /// The language of pages when the clerk has not chosen one.
    public var defaultLanguage: ReportLanguage
    /// Marks the session cookie `Secure` (sent over HTTPS only; browsers also accept it from http://localhost).
    /// Turn off only behind no proxy on a trusted network.
    public var secureCookies: Bool
    /// How long a clerk's session lasts.
    public var sessionLifetime: Duration
    /// The largest invoice accepted over HTTP, in bytes (the pipeline's `max_file_size`).
    public var maxUploadSize: Int

    public init(
        host: String = "127.0.0.1",
        port: Int = 8080,
        inbox: String,
        dataDirectory: String,
        tenantInboxes: [String: String] = [:],
        defaultLanguage: ReportLanguage = .german,
        secureCookies: Bool = true,
        sessionLifetime: Duration = .seconds(8 * 3600),
        maxUploadSize: Int = 15_000_000
    ) {
        self.host = host
        self.port = port
        self.inbox = inbox
        self.dataDirectory = dataDirectory
        self.tenantInboxes = tenantInboxes
        self.defaultLanguage = defaultLanguage
        self.secureCookies = secureCookies
        self.sessionLifetime = sessionLifetime
        self.maxUploadSize = maxUploadSize
    }

    /// Reads `host:port` (`[::1]:8080` for IPv6); nil when malformed.
    public static func parseListen(_ text: String) -> (host: String, port: Int)? {
        guard let colon = text.lastIndex(of: ":") else { return nil }
        var host = String(text[..<colon])
        guard let port = Int(text[text.index(after: colon)...]), (0...65535).contains(port), !host.isEmpty else {
            return nil
        }
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        return (host, port)
    }
}
