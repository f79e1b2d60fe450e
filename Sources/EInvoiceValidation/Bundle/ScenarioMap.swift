#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The scenario map `Schemas/scenarios-map.json`: for each resource location that the KoSIT `scenarios.xml` names
/// (the compiled artefacts of the KoSIT distribution, e.g. `resources/ubl/2.1/xsl/EN16931-UBL-validation.xsl`),
/// the file of the rules directory eingang uses instead, and for Schematron the validation step it belongs to.
///
/// Report stylesheets (`resources/xrechnung-report.xsl`, `resources/default-report.xsl`) map to null: eingang
/// writes its reports itself.
public struct ScenarioMap: Codable, Hashable, Sendable {
    /// What a mapped resource is.
    public struct Kind: RawRepresentable, Codable, Hashable, Sendable, CustomStringConvertible {
        /// The name used in the JSON.
        public var rawValue: String

        /// A kind by its JSON name.
        public init(rawValue: String) {
            self.rawValue = rawValue
        }

        /// The JSON name.
        public var description: String { rawValue }

        /// An XML Schema (`validateWithXmlSchema`).
        public static let xmlSchema = Kind(rawValue: "xsd")
        /// A Schematron schema (`validateWithSchematron`), used as `.sch` source instead of compiled XSLT.
        public static let schematron = Kind(rawValue: "schematron")
    }

    /// The local replacement of one resource location.
    public struct Resource: Codable, Hashable, Sendable {
        /// XML Schema or Schematron.
        public var kind: Kind
        /// The path relative to the rules directory, e.g. `xrechnung/ubl/XRechnung-UBL-validation.sch`.
        public var file: String
        /// The validation step of a Schematron resource: `cen` (EN16931-*) or `xr` (XRechnung-*); nil for schemas.
        public var step: String?

        /// A resource as given.
        public init(kind: Kind, file: String, step: String? = nil) {
            self.kind = kind
            self.file = file
            self.step = step
        }
    }

    /// The map format; this code reads format 1.
    public var format: Int
    /// Every `<location>` of `scenarios.xml` to its replacement, or to nil for report stylesheets.
    public var resources: [String: Resource?]

    /// Document element namespace → CEN Schematron file, for `--ruleset cen`.
    public var cenRules: [String: String]?

    enum CodingKeys: String, CodingKey {
        case format, resources
        case cenRules = "cen_rules"
    }

    /// The map format this code reads.
    public static let supportedFormat = 1

    /// A map as given.
    public init(resources: [String: Resource?], cenRules: [String: String]? = nil) {
        self.format = Self.supportedFormat
        self.resources = resources
        self.cenRules = cenRules
    }

    /// The replacement for a `scenarios.xml` location; nil when the location is unknown or is a report stylesheet
    /// (tell them apart with ``contains(location:)``).
    public func resource(forLocation location: String) -> Resource? {
        resources[location] ?? nil
    }

    /// Whether the map knows `location` (even if it maps it to null).
    public func contains(location: String) -> Bool {
        resources.keys.contains(location)
    }

    /// Checks that every mapped file is part of `bundle`.
    ///
    /// - Throws: `rules.scenario-map-invalid`, naming the first mapped file (in path order) the bundle lacks.
    public func check(against bundle: RuleBundle) throws(RuleBundleError) {
        let mapped = Set(resources.values.compactMap { $0?.file }).union(cenRules?.values.map { $0 } ?? [])
        for file in mapped.sorted() where bundle.files[file] == nil {
            throw RuleBundleError(
                code: .scenarioMapInvalid,
                message: "the scenario map names \(file), which is not in the rules directory \(bundle.directory)",
                path: file
            )
        }
    }

    /// Decodes a map from JSON.
    public static func decode(json bytes: [UInt8], path: String? = nil) throws(RuleBundleError) -> ScenarioMap {
        let name = path.map { "the scenario map \($0)" } ?? "the scenario map"
        let map: ScenarioMap
        do {
            map = try JSONDecoder().decode(ScenarioMap.self, from: Data(bytes))
        } catch {
            throw RuleBundleError(
                code: .scenarioMapInvalid,
                message: "\(name) is not valid: \(LockManifest.describe(error))",
                path: path
            )
        }
        guard map.format == supportedFormat else {
            throw RuleBundleError(
                code: .scenarioMapInvalid,
                message: "\(name) has format \(map.format); this eingang reads format 1",
                path: path
            )
        }
        return map
    }

    /// Reads and decodes the map at `path` (usually `Schemas/scenarios-map.json`).
    public static func load(path: String) throws(RuleBundleError) -> ScenarioMap {
        switch BundleFiles.contents(ofFile: path) {
        case .success(let data):
            return try decode(json: [UInt8](data), path: path)
        case .failure(let failure):
            throw RuleBundleError(
                code: .scenarioMapInvalid,
                message: "cannot read the scenario map \(path) (\(failure.reason))",
                path: path
            )
        }
    }
}
