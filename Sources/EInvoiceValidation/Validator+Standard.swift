extension Validator {
    /// The standard validator: the official rules in `rulesDirectory`, checked against our lock manifest, with
    /// our scenario map, both in `schemasDirectory` (the repository's `Schemas/`).
    ///
    /// - Parameter acceptUnpinned: start even when the rule files differ from the lock (a new bundle); the
    ///   returned bundle then reports its own hash.
    /// - Parameter compilesEagerly: compile every rule file now (see ``ValidatorConfiguration/compilesEagerly``).
    public static func makeStandard(
        rulesDirectory: String,
        schemasDirectory: String,
        acceptUnpinned: Bool = false,
        compilesEagerly: Bool = true
    ) throws -> (Validator, RuleBundle) {
        let bundle = try verifyBundle(
            rulesDirectory: rulesDirectory,
            schemasDirectory: schemasDirectory,
            acceptUnpinned: acceptUnpinned
        )
        let validator = try makeUnverified(
            rulesDirectory: rulesDirectory,
            schemasDirectory: schemasDirectory,
            compilesEagerly: compilesEagerly
        )
        return (validator, bundle)
    }

    /// Hashes the rule files, compares them with `Schemas/rules.lock.json` and checks that every file the scenario
    /// map names is part of the bundle. Separate from ``makeUnverified(rulesDirectory:schemasDirectory:compilesEagerly:)``
    /// so that a caller can run both at once, as long as it uses no result before the check has passed.
    public static func verifyBundle(
        rulesDirectory: String,
        schemasDirectory: String,
        acceptUnpinned: Bool
    ) throws -> RuleBundle {
        let lock = try? LockManifest.load(path: schemasDirectory + "/" + RuleBundle.lockFileName)
        let bundle = try RuleBundle.open(directory: rulesDirectory, lock: lock, acceptUnpinned: acceptUnpinned)
        let map = try ScenarioMap.load(path: schemasDirectory + "/" + RuleBundle.scenarioMapFileName)
        try map.check(against: bundle)
        return bundle
    }

    /// The validator of the rules directory with our scenario map, without checking the lock manifest.
    public static func makeUnverified(
        rulesDirectory: String,
        schemasDirectory: String,
        compilesEagerly: Bool = true,
        parallelNodeThreshold: Int = ValidatorConfiguration.defaultParallelNodeThreshold,
        parallelByteThreshold: Int = ValidatorConfiguration.defaultParallelByteThreshold,
        parallelByteThresholdBeforeCompilation: Int = ValidatorConfiguration
            .defaultParallelByteThresholdBeforeCompilation
    ) throws -> Validator {
        let map = try ScenarioMap.load(path: schemasDirectory + "/" + RuleBundle.scenarioMapFileName)
        var resources: [String: ValidatorConfiguration.Resource] = [:]
        for (location, resource) in map.resources {
            if let resource { resources[location] = .init(path: resource.file, step: resource.step) }
        }
        var configuration = ValidatorConfiguration(
            rulesDirectory: rulesDirectory,
            resources: resources,
            cenRules: map.cenRules ?? [:]
        )
        configuration.compilesEagerly = compilesEagerly
        configuration.parallelNodeThreshold = parallelNodeThreshold
        configuration.parallelByteThreshold = parallelByteThreshold
        configuration.parallelByteThresholdBeforeCompilation = parallelByteThresholdBeforeCompilation
        return try Validator(configuration: configuration)
    }
}
