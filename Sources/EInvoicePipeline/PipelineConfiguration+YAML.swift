import Yams

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension PipelineConfiguration {
    /// A configuration file that cannot be used: the message names the key.
    public struct ConfigurationError: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    /// Reads a `Pipeline.yml`. Relative paths in it are taken relative to the file's directory; unknown keys are an
    /// error (a misspelt key must not be ignored silently).
    public static func load(path: String) throws(ConfigurationError) -> PipelineConfiguration {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ConfigurationError(description: "\(path): cannot read: \(error)")
        }
        var configuration = try parse(text, source: path)
        let base = path.contains("/") ? String(path[..<path.lastIndex(of: "/")!]) : "."
        configuration.resolvePaths(against: base)
        return configuration
    }

    /// Parses the YAML text of a configuration (paths stay as written).
    public static func parse(
        _ text: String,
        source: String = "Pipeline.yml"
    ) throws(ConfigurationError)
        -> PipelineConfiguration
    {
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch {
            throw ConfigurationError(description: "\(source): not YAML: \(error)")
        }
        var configuration = PipelineConfiguration()
        guard let node else { return configuration }
        let reader = KeyReader(source: source)
        guard let mapping = node.mapping else {
            throw ConfigurationError(description: "\(source): the top level must be a mapping of keys")
        }
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? ""
            switch key {
            case "inbox": configuration.inbox = try reader.string(value, key)
            case "data_dir": configuration.dataDirectory = try reader.string(value, key)
            case "workers": configuration.workers = try reader.optionalInt(value, key, minimum: 1)
            case "max_file_size": configuration.maxFileSize = try reader.int(value, key, minimum: 1)
            case "stable_after": configuration.stableAfter = try reader.double(value, key)
            case "rescan_interval": configuration.rescanInterval = try reader.double(value, key, minimum: 0.05)
            case "heartbeat_interval":
                configuration.heartbeatInterval = try reader.double(value, key, minimum: 0.05)
            case "heartbeat_timeout": configuration.heartbeatTimeout = try reader.double(value, key, minimum: 0.1)
            case "max_attempts": configuration.maxAttempts = try reader.int(value, key, minimum: 1)
            case "rules": configuration.rulesDirectory = try reader.optionalString(value, key)
            case "accept_unpinned_rules": configuration.acceptUnpinnedRules = try reader.bool(value, key)
            case "reports":
                guard let formats = value.sequence?.map({ $0.string ?? "" }),
                    formats.allSatisfy({ ["varl", "json", "html"].contains($0) })
                else { throw reader.error(key, "a list of varl, json, html") }
                configuration.reportFormats = formats
            case "report_language":
                let language = try reader.string(value, key)
                guard ["de", "en"].contains(language) else { throw reader.error(key, "de or en") }
                configuration.reportLanguage = language
            case "default_tenant": configuration.defaultTenant = try reader.optionalString(value, key)
            case "tenants": configuration.tenants = try reader.tenants(value)
            case "database":
                for (inner, innerValue) in value.mapping ?? [:] {
                    guard inner.string == "url" else {
                        throw reader.error("database." + (inner.string ?? ""), "unknown key")
                    }
                    configuration.databaseURL = try reader.optionalString(innerValue, "database.url")
                }
            case "web":
                for (inner, innerValue) in value.mapping ?? [:] {
                    switch inner.string {
                    case "listen": configuration.webListen = try reader.optionalString(innerValue, "web.listen")
                    case "secure_cookies":
                        configuration.webSecureCookies = try reader.bool(innerValue, "web.secure_cookies")
                    default: throw reader.error("web." + (inner.string ?? ""), "unknown key")
                    }
                }
            default:
                throw ConfigurationError(description: "\(source): unknown key '\(key)'")
            }
        }
        return configuration
    }

    /// Makes relative paths relative to `base`.
    mutating func resolvePaths(against base: String) {
        func resolve(_ path: String) -> String { path.hasPrefix("/") ? path : base + "/" + path }
        inbox = resolve(inbox)
        dataDirectory = resolve(dataDirectory)
        rulesDirectory = rulesDirectory.map(resolve)
    }
}

/// Reads typed values and names the key in every error.
private struct KeyReader {
    var source: String

    func error(_ key: String, _ expected: String) -> PipelineConfiguration.ConfigurationError {
        .init(description: "\(source): '\(key)' must be \(expected)")
    }

    func string(_ node: Node, _ key: String) throws(PipelineConfiguration.ConfigurationError) -> String {
        guard let value = node.string, !value.isEmpty else { throw error(key, "a non-empty string") }
        return value
    }

    func optionalString(_ node: Node, _ key: String) throws(PipelineConfiguration.ConfigurationError) -> String? {
        if node.scalar?.string == "" || node.tag.rawValue == Tag.Name.null.rawValue { return nil }
        return try string(node, key)
    }

    func int(_ node: Node, _ key: String, minimum: Int) throws(PipelineConfiguration.ConfigurationError) -> Int {
        guard let value = node.int, value >= minimum else { throw error(key, "an integer of at least \(minimum)") }
        return value
    }

    func optionalInt(
        _ node: Node,
        _ key: String,
        minimum: Int
    ) throws(PipelineConfiguration.ConfigurationError)
        -> Int?
    {
        if node.tag.rawValue == Tag.Name.null.rawValue { return nil }
        return try int(node, key, minimum: minimum)
    }

    func double(
        _ node: Node,
        _ key: String,
        minimum: Double = 0
    ) throws(PipelineConfiguration.ConfigurationError)
        -> Double
    {
        guard let value = node.float ?? node.int.map(Double.init), value >= minimum else {
            throw error(key, "a number of seconds of at least \(minimum)")
        }
        return value
    }

    func bool(_ node: Node, _ key: String) throws(PipelineConfiguration.ConfigurationError) -> Bool {
        guard let value = node.bool else { throw error(key, "true or false") }
        return value
    }

    func tenants(_ node: Node) throws(PipelineConfiguration.ConfigurationError) -> [PipelineConfiguration.Tenant] {
        guard let list = node.sequence else { throw error("tenants", "a list") }
        var tenants: [PipelineConfiguration.Tenant] = []
        for item in list {
            guard let mapping = item.mapping else { throw error("tenants", "a list of mappings") }
            var tenant = PipelineConfiguration.Tenant(id: "")
            for (key, value) in mapping {
                switch key.string ?? "" {
                case "id": tenant.id = try string(value, "tenants.id")
                case "inbox": tenant.inboxDirectory = try string(value, "tenants.inbox")
                case "leitweg_prefixes":
                    guard let prefixes = value.sequence?.compactMap(\.string) else {
                        throw error("tenants.leitweg_prefixes", "a list of strings")
                    }
                    tenant.buyerReferencePrefixes = prefixes
                default: throw error("tenants." + (key.string ?? ""), "a known key (id, inbox, leitweg_prefixes)")
                }
            }
            if tenant.id.isEmpty { throw error("tenants.id", "given for every tenant") }
            tenants.append(tenant)
        }
        return tenants
    }
}
