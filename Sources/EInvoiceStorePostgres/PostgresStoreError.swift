import PostgresNIO

/// A failure of the PostgreSQL store: a stable code, a message that never holds the database URL's secrets or
/// invoice content, and the server's SQLSTATE when the server answered.
public struct PostgresStoreError: Error, CustomStringConvertible, Sendable {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let id: String
        public var description: String { id }
        /// The database URL cannot be read.
        public static let invalidURL = Code(id: "store.invalid-url")
        /// The server cannot be reached or refused the login.
        public static let unreachable = Code(id: "store.unreachable")
        /// The database's schema is newer than this eingang knows.
        public static let schemaTooNew = Code(id: "store.schema-too-new")
        /// A statement failed.
        public static let statementFailed = Code(id: "store.statement-failed")
        /// A receipt that was never claimed.
        public static let unknownReceipt = Code(id: "store.unknown-receipt")
        /// A copy into a store that daemons have used.
        public static let targetInUse = Code(id: "store.target-in-use")
    }

    public var code: Code
    public var message: String
    /// The server's SQLSTATE (e.g. `23505`), when the server reported the error.
    public var sqlState: String?

    public init(_ code: Code, _ message: String, sqlState: String? = nil) {
        self.code = code
        self.message = message
        self.sqlState = sqlState
    }

    public var description: String {
        "\(code): \(message)" + (sqlState.map { " (SQLSTATE \($0))" } ?? "")
    }

    /// Describes an error of postgres-nio without its query, its bound values or the server's detail line (which
    /// may quote values): the code, the server's message and SQLSTATE.
    static func wrapping(_ error: any Error, _ code: Code, _ context: String) -> PostgresStoreError {
        if let error = error as? PostgresStoreError { return error }
        if let transaction = error as? PostgresTransactionError {
            if let inner = transaction.closureError ?? transaction.beginError ?? transaction.commitError {
                return wrapping(inner, code, context)
            }
        }
        guard let error = error as? PSQLError else { return PostgresStoreError(code, "\(context): \(error)") }
        var message = "\(context): \(error.code)"
        if let text = error.serverInfo?[.message] { message += ": " + text }
        if error.serverInfo == nil, let underlying = error.underlying { message += ": \(underlying)" }
        let state = error.serverInfo?[.sqlState]
        let isLogin = error.code == .connectionError || state?.hasPrefix("28") == true || state == "3D000"
        return PostgresStoreError(isLogin && code == .statementFailed ? .unreachable : code, message, sqlState: state)
    }

    /// Serialization failures and deadlocks: the transaction may simply be tried again.
    var isRetryable: Bool { sqlState == "40001" || sqlState == "40P01" }
}
