public import EInvoiceXML
import Schematron
import XPath2

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Where the validator finds its rules: the official files, and our mapping of KoSIT's resource locations.
public struct ValidatorConfiguration: Sendable {
    /// A scenarios.xml resource location mapped to a file of the rules directory.
    public struct Resource: Sendable {
        /// Path relative to the rules directory.
        public var path: String
        /// The step id for Schematron resources (`cen`, `xr`).
        public var step: String?

        public init(path: String, step: String?) {
            self.path = path
            self.step = step
        }
    }

    /// The official rules directory (see VERSIONS.md there).
    public var rulesDirectory: String
    /// scenarios.xml, relative to the rules directory.
    public var scenariosFile = "scenarios.xml"
    /// KoSIT resource location → our file.
    public var resources: [String: Resource]
    /// Root element namespace → CEN Schematron file, for `--ruleset cen`.
    public var cenRules: [String: String]
    /// Limits applied to every document.
    public var parseLimits = ParseLimits()

    public init(rulesDirectory: String, resources: [String: Resource], cenRules: [String: String]) {
        self.rulesDirectory = rulesDirectory
        self.resources = resources
        self.cenRules = cenRules
    }
}

/// The validation core: scenario selection, XML Schema, then each Schematron step, and the decision
/// (KoSIT validator semantics). Compiled once; `validate` is safe to call from many tasks at once.
public final class Validator: Sendable {
    struct Step: Sendable {
        var id: String
        var program: RuleProgram
    }

    struct CompiledScenario: Sendable {
        var scenario: Scenario
        var match: XPathExpression
        var matchProgram: XPathProgram
        var schema: XMLSchema?
        var steps: [Step]
    }

    let scenarios: [CompiledScenario]
    let cenPrograms: [String: RuleProgram]
    let limits: ParseLimits

    /// Compiles every scenario's match expression, XML Schema and Schematron files.
    public init(configuration: ValidatorConfiguration) throws(ValidationSetupError) {
        let directory = configuration.rulesDirectory
        let scenarioList = try ScenarioConfiguration.read(path: directory + "/" + configuration.scenariosFile)
        var programs: [String: RuleProgram] = [:]
        var schemas: [String: XMLSchema] = [:]
        func program(_ path: String) throws(ValidationSetupError) -> RuleProgram {
            if let cached = programs[path] { return cached }
            do {
                let compiled = try RuleProgram.compile(path: directory + "/" + path)
                programs[path] = compiled
                return compiled
            } catch {
                throw ValidationSetupError(.rules, error.description)
            }
        }
        var compiled: [CompiledScenario] = []
        for scenario in scenarioList {
            let context = StaticContext()
            for (prefix, uri) in scenario.namespaces { context.namespaces[prefix] = uri }
            let match: XPathExpression
            do {
                match = try XPathExpression(scenario.match, context: context)
            } catch {
                throw ValidationSetupError(.unreadable, "scenario \(scenario.name): \(error)")
            }
            var schema: XMLSchema?
            if let location = scenario.schemaLocation {
                guard let resource = configuration.resources[location] else {
                    throw ValidationSetupError(.unmapped, "no file is configured for \(location)")
                }
                if let cached = schemas[resource.path] {
                    schema = cached
                } else {
                    do {
                        let loaded = try XMLSchema(contentsOf: directory + "/" + resource.path)
                        schemas[resource.path] = loaded
                        schema = loaded
                    } catch {
                        throw ValidationSetupError(.schema, "\(resource.path): \(error)")
                    }
                }
            }
            var steps: [Step] = []
            for location in scenario.schematronLocations {
                guard let resource = configuration.resources[location] else {
                    throw ValidationSetupError(.unmapped, "no file is configured for \(location)")
                }
                steps.append(Step(id: resource.step ?? "sch", program: try program(resource.path)))
            }
            compiled.append(
                CompiledScenario(
                    scenario: scenario,
                    match: match,
                    matchProgram: XPathProgram(context),
                    schema: schema,
                    steps: steps
                )
            )
        }
        var cen: [String: RuleProgram] = [:]
        for (namespace, path) in configuration.cenRules { cen[namespace] = try program(path) }
        scenarios = compiled
        cenPrograms = cen
        limits = configuration.parseLimits
    }

    /// The names of the configured scenarios, in order.
    public var scenarioNames: [String] { scenarios.map(\.scenario.name) }

    /// The number of compiled assertions over all distinct rule files.
    public var checkCount: Int {
        var seen = Set<String>()
        var total = 0
        for scenario in scenarios {
            for step in scenario.steps where seen.insert(step.program.source).inserted {
                total += step.program.checkCount
            }
        }
        return total
    }
}
