import EInvoiceValidation
import Foundation

/// Builds the validator: finds the rules directory and `Schemas/`, checks the rule files against the lock
/// manifest, and maps the KoSIT resource locations to our files.
enum Setup {
    struct SetupError: Error, CustomStringConvertible {
        var description: String
    }

    /// The path of the running executable (`/proc/self/exe` on Linux; `argv[0]` may be a bare name).
    static var executablePath: String {
        #if os(Linux)
        if let resolved = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            return resolved
        }
        #endif
        return CommandLine.arguments[0]
    }

    /// Where the rules and our `Schemas/` are.
    struct Locations: Sendable {
        var rules: String
        var schemas: String
    }

    static func locate(_ options: RuleOptions) throws -> Locations {
        try locate(rulesDirectory: options.rulesDirectory)
    }

    /// The rules directory given (`--rules`, `rules:` in Pipeline.yml), else the usual places; and `Schemas/`.
    static func locate(rulesDirectory: String?) throws -> Locations {
        let environment = ProcessInfo.processInfo.environment
        let workingDirectory = FileManager.default.currentDirectoryPath
        guard
            let rules = RuleBundle.locateRulesDirectory(
                explicit: rulesDirectory,
                environment: environment,
                executablePath: executablePath,
                workingDirectory: workingDirectory
            )
        else {
            throw SetupError(description: "rules.not-found: no rules directory; pass --rules DIR or set EINGANG_RULES")
        }
        guard
            let schemas = RuleBundle.locateSchemasDirectory(
                environment: environment,
                executablePath: executablePath,
                workingDirectory: workingDirectory
            )
        else {
            throw SetupError(description: "config.schemas-not-found: no Schemas/ directory; set EINGANG_SCHEMAS")
        }
        return Locations(rules: rules, schemas: schemas)
    }
}
