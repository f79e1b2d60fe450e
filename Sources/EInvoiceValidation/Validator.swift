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
    /// Compile every rule file and XML Schema at start-up (a broken file stops start-up); when false, each is
    /// compiled the first time a document needs it (a one-document command line run).
    public var compilesEagerly = true
    /// From this many nodes on (an invoice of several hundred lines), one document's XML Schema validation and
    /// patterns run on all processors; a smaller document runs on one, and a daemon's workers share the processors
    /// instead. The result is the same either way.
    public var parallelNodeThreshold = Self.defaultParallelNodeThreshold
    /// The default of ``parallelNodeThreshold``.
    public static let defaultParallelNodeThreshold = 20_000
    /// From this many bytes on, a document's XML Schema validation starts on another processor before the
    /// document is parsed (it reads the bytes on its own); the scenario's schema is foreseen from the namespace of
    /// the document element. The result is the same either way.
    public var parallelByteThreshold = Self.defaultParallelByteThreshold
    /// The default of ``parallelByteThreshold``.
    public static let defaultParallelByteThreshold = 256 * 1024
    /// ``parallelByteThreshold`` while the rules of the document's scenario are not compiled yet (a lazy start-up
    /// compiles them once the document is parsed): the early validation then competes with their compilation for
    /// the processors. Measured cold on this project's 2-core machine: a 1.1 MB invoice took longer with it (medians
    /// 216 against 179 ms), a 2.8 MB one the same, a 5.5 MB one less (339 against 381 ms).
    public var parallelByteThresholdBeforeCompilation = Self.defaultParallelByteThresholdBeforeCompilation
    /// The default of ``parallelByteThresholdBeforeCompilation``.
    public static let defaultParallelByteThresholdBeforeCompilation = 4 * 1024 * 1024

    public init(rulesDirectory: String, resources: [String: Resource], cenRules: [String: String]) {
        self.rulesDirectory = rulesDirectory
        self.resources = resources
        self.cenRules = cenRules
    }
}

/// A scenario as the validator runs it: the scenario of scenarios.xml, and which step (``ReportMessage/step``)
/// each of its Schematron resources is.
public struct ConfiguredScenario: Sendable {
    /// The scenario as scenarios.xml configures it.
    public var scenario: Scenario
    /// The step id of each of ``Scenario/schematronResources``, in the same order: `cen`, `xr`.
    public var stepIDs: [String]

    public init(scenario: Scenario, stepIDs: [String]) {
        self.scenario = scenario
        self.stepIDs = stepIDs
    }
}

/// The validation core: scenario selection, XML Schema, then each Schematron step, and the decision
/// (KoSIT validator semantics). Compiled once; `validate` is safe to call from many tasks at once.
public final class Validator: Sendable {
    struct Step: Sendable {
        var id: String
        var path: String
    }

    struct CompiledScenario: Sendable {
        var scenario: Scenario
        var match: XPathExpression
        var matchProgram: XPathProgram
        var schemaPath: String?
        var steps: [Step]
    }

    let scenarios: [CompiledScenario]
    let cenRules: [String: String]
    let limits: ParseLimits
    let parallelNodeThreshold: Int
    let parallelByteThreshold: Int
    let parallelByteThresholdBeforeCompilation: Int
    let resources: ResourceCache

    /// Reads the scenarios and compiles their match expressions; with ``ValidatorConfiguration/compilesEagerly``
    /// (the default) also every XML Schema and Schematron file, in parallel, so that a broken rule file stops
    /// start-up. Otherwise each is compiled the first time a document needs it.
    public init(configuration: ValidatorConfiguration) throws(ValidationSetupError) {
        let directory = configuration.rulesDirectory
        let scenarioList = try ScenarioConfiguration.read(path: directory + "/" + configuration.scenariosFile)
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
            var schemaPath: String?
            if let location = scenario.schemaLocation {
                guard let resource = configuration.resources[location] else {
                    throw ValidationSetupError(.unmapped, "no file is configured for \(location)")
                }
                schemaPath = resource.path
            }
            var steps: [Step] = []
            for location in scenario.schematronLocations {
                guard let resource = configuration.resources[location] else {
                    throw ValidationSetupError(.unmapped, "no file is configured for \(location)")
                }
                steps.append(Step(id: resource.step ?? "sch", path: resource.path))
            }
            compiled.append(
                CompiledScenario(
                    scenario: scenario,
                    match: match,
                    matchProgram: XPathProgram(context),
                    schemaPath: schemaPath,
                    steps: steps
                )
            )
        }
        scenarios = compiled
        cenRules = configuration.cenRules
        limits = configuration.parseLimits
        parallelNodeThreshold = configuration.parallelNodeThreshold
        parallelByteThreshold = configuration.parallelByteThreshold
        parallelByteThresholdBeforeCompilation = configuration.parallelByteThresholdBeforeCompilation
        resources = ResourceCache(directory: directory)
        if configuration.compilesEagerly {
            let schemas = Set(compiled.compactMap(\.schemaPath))
            let programs = Set(compiled.flatMap { $0.steps.map(\.path) }).union(configuration.cenRules.values)
            try resources.prepare(schemas: schemas.sorted(), programs: programs.sorted())
        }
    }

    /// The limits every document is parsed under.
    public var parseLimits: ParseLimits { limits }

    /// The names of the configured scenarios, in order.
    public var scenarioNames: [String] { scenarios.map(\.scenario.name) }

    /// The configured scenario of that name (``ValidationReport/scenario``), with the step of each Schematron
    /// resource; nil for an unknown name.
    public func scenario(named name: String) -> ConfiguredScenario? {
        scenarios.first { $0.scenario.name == name }.map {
            ConfiguredScenario(scenario: $0.scenario, stepIDs: $0.steps.map(\.id))
        }
    }

    /// The number of compiled assertions over all distinct rule files compiled so far.
    public var checkCount: Int { resources.checkCount }
}
