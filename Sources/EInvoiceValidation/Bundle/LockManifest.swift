#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The lock manifest `Schemas/rules.lock.json`: the official rule files eingang validates with, each with its
/// SHA-256, the versions they come from, and the hash of the whole bundle.
public struct LockManifest: Codable, Hashable, Sendable {
    /// The versions of the standards and rule sets the files come from.
    public struct Versions: Codable, Hashable, Sendable {
        /// CEN EN 16931 validation artefacts, e.g. `1.3.16`.
        public var cenRules: String
        /// The XRechnung standard, e.g. `3.0.2`.
        public var xrechnung: String
        /// The XRechnung Schematron release, e.g. `2.5.1-SNAPSHOT`.
        public var xrechnungSchematron: String
        /// The commit of the KoSIT validator configuration for XRechnung that `scenarios.xml` comes from.
        public var kositConfiguration: String
        /// The Peppol BIS Billing release merged into the XRechnung Schematron, e.g. `3.0.19`.
        public var peppolBIS: String
        /// The UBL version of the XML Schemas, `2.1`.
        public var ubl: String
        /// The UN/CEFACT CII version of the XML Schemas, `D16B`.
        public var cii: String

        /// Versions as given.
        public init(
            cenRules: String,
            xrechnung: String,
            xrechnungSchematron: String,
            kositConfiguration: String,
            peppolBIS: String,
            ubl: String,
            cii: String
        ) {
            self.cenRules = cenRules
            self.xrechnung = xrechnung
            self.xrechnungSchematron = xrechnungSchematron
            self.kositConfiguration = kositConfiguration
            self.peppolBIS = peppolBIS
            self.ubl = ubl
            self.cii = cii
        }

        enum CodingKeys: String, CodingKey {
            case cenRules = "cen_rules"
            case xrechnung
            case xrechnungSchematron = "xrechnung_schematron"
            case kositConfiguration = "kosit_configuration"
            case peppolBIS = "peppol_bis"
            case ubl
            case cii
        }
    }

    /// A repository the files were taken from (`rules/VERSIONS.md`, "Sources").
    public struct Source: Codable, Hashable, Sendable {
        /// The short name used in `VERSIONS.md`: `cen`, `xr`, `cfg`, `ubl`, `peppol`.
        public var key: String
        /// `owner/name` of the repository.
        public var repository: String
        /// The tag or commit asked for.
        public var ref: String
        /// The commit the files come from.
        public var commit: String

        /// A source as given.
        public init(key: String, repository: String, ref: String, commit: String) {
            self.key = key
            self.repository = repository
            self.ref = ref
            self.commit = commit
        }
    }

    /// One pinned file.
    public struct File: Codable, Hashable, Sendable {
        /// The path relative to the rules directory, '/'-separated, e.g. `cen/ubl/EN16931-UBL-validation.sch`.
        public var path: String
        /// The SHA-256 of the file's bytes, 64 lowercase hexadecimal digits.
        public var sha256: String

        /// A pinned file as given.
        public init(path: String, sha256: String) {
            self.path = path
            self.sha256 = sha256
        }
    }

    /// The manifest format; this code reads format 1.
    public var format: Int
    /// What the manifest is, for people reading the JSON (`description` there).
    public var summary: String?
    /// The versions of the standards and rule sets.
    public var versions: Versions
    /// The repositories and commits the files come from.
    public var sources: [Source]
    /// How `bundle` is computed, in words and as a shell command (see ``RuleBundle/bundleHash(of:)``).
    public var bundleFormula: String
    /// The bundle hash of `files`, as ``RuleBundle/bundleHash(of:)`` computes it.
    public var bundle: String
    /// Every pinned file, sorted by path.
    public var files: [File]

    /// The manifest format this code reads.
    public static let supportedFormat = 1

    /// The pinned files as a dictionary from relative path to SHA-256.
    public var hashes: [String: String] {
        Dictionary(files.map { ($0.path, $0.sha256) }, uniquingKeysWith: { first, _ in first })
    }

    /// A manifest as given; `bundle` is computed from `files`.
    public init(summary: String? = nil, versions: Versions, sources: [Source], files: [File]) {
        self.format = Self.supportedFormat
        self.summary = summary
        self.versions = versions
        self.sources = sources
        self.bundleFormula = RuleBundle.bundleFormula
        self.files = files.sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
        self.bundle = RuleBundle.bundleHash(of: Dictionary(files.map { ($0.path, $0.sha256) }) { first, _ in first })
    }

    enum CodingKeys: String, CodingKey {
        case format
        case summary = "description"
        case versions
        case sources
        case bundleFormula = "bundle_formula"
        case bundle
        case files
    }

    /// Decodes a manifest from JSON and checks that it is self-consistent: a supported `format`, no path listed
    /// twice, and a `bundle` hash that matches its `files`.
    public static func decode(json bytes: [UInt8], path: String? = nil) throws(RuleBundleError) -> LockManifest {
        let name = path.map { "the lock manifest \($0)" } ?? "the lock manifest"
        let manifest: LockManifest
        do {
            manifest = try JSONDecoder().decode(LockManifest.self, from: Data(bytes))
        } catch {
            throw RuleBundleError(
                code: .lockInvalid,
                message: "\(name) is not valid: \(Self.describe(error))",
                path: path
            )
        }
        guard manifest.format == supportedFormat else {
            throw RuleBundleError(
                code: .lockInvalid,
                message: "\(name) has format \(manifest.format); this eingang reads format 1",
                path: path
            )
        }
        guard Set(manifest.files.map(\.path)).count == manifest.files.count else {
            throw RuleBundleError(
                code: .lockInvalid,
                message: "\(name) lists a file twice",
                path: path
            )
        }
        guard RuleBundle.bundleHash(of: manifest.hashes) == manifest.bundle else {
            throw RuleBundleError(
                code: .lockInvalid,
                message: "the bundle hash in \(name) does not match its files",
                path: path
            )
        }
        return manifest
    }

    /// Reads and decodes the manifest at `path` (usually `Schemas/rules.lock.json`), see ``decode(json:path:)``.
    public static func load(path: String) throws(RuleBundleError) -> LockManifest {
        switch BundleFiles.contents(ofFile: path) {
        case .success(let data):
            return try decode(json: [UInt8](data), path: path)
        case .failure(let failure):
            throw RuleBundleError(
                code: .lockMissing,
                message: "cannot read the lock manifest \(path) (\(failure.reason))",
                path: path
            )
        }
    }

    /// A short account of a decoding error: its kind and the coding path, never the JSON's content.
    static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "not JSON" }
        func keys(_ context: DecodingError.Context) -> String {
            context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "missing key \(keys(context)).\(key.stringValue)"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "unexpected value at \(keys(context))"
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty ? "not JSON" : "invalid value at \(keys(context))"
        @unknown default:
            return "not decodable"
        }
    }
}
