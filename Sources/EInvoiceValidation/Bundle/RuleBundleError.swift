/// Why a rules directory, its lock manifest or its scenario map could not be used (start-up errors, never
/// invoice faults).
///
/// `description` names codes and paths relative to the rules directory only, so it is safe to log.
public struct RuleBundleError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A stable, dotted error identifier; new codes may be added without breaking anyone.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let id: String

        private init(id: String) {
            self.id = id
        }

        /// The identifier, e.g. `rules.hash-mismatch`.
        public var description: String { id }

        /// The rules directory does not exist or is not a directory.
        public static let notFound = Code(id: "rules.not-found")
        /// A file listed in the lock manifest is not in the rules directory.
        public static let missing = Code(id: "rules.missing")
        /// A file's SHA-256 differs from the one in the lock manifest.
        public static let hashMismatch = Code(id: "rules.hash-mismatch")
        /// A `.sch`, `.xsd` or `.xml` file in the rules directory is not listed in the lock manifest.
        public static let unlisted = Code(id: "rules.unlisted-file")
        /// A file exists but could not be read.
        public static let unreadable = Code(id: "rules.unreadable")
        /// No lock manifest was given, and unpinned rules were not accepted.
        public static let lockMissing = Code(id: "rules.lock-missing")
        /// The lock manifest is not valid JSON of the expected form, or its `bundle` hash does not match its files.
        public static let lockInvalid = Code(id: "rules.lock-invalid")
        /// The scenario map is not valid JSON of the expected form.
        public static let scenarioMapInvalid = Code(id: "rules.scenario-map-invalid")
    }

    /// What went wrong, as a stable code.
    public var code: Code
    /// A one-line explanation naming the file concerned.
    public var message: String
    /// The file or directory concerned: relative to the rules directory for rule files, else as given.
    public var path: String?

    /// An error with the given code and message.
    public init(code: Code, message: String, path: String? = nil) {
        self.code = code
        self.message = message
        self.path = path
    }

    /// `code: message`, e.g. `rules.missing: cen/ubl/EN16931-UBL-validation.sch is listed in the lock manifest …`.
    public var description: String { "\(code): \(message)" }
}
