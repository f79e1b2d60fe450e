extension RuleBundle {
    /// The environment variable that names the rules directory.
    public static let rulesEnvironmentVariable = "EINGANG_RULES"
    /// The environment variable that names the `Schemas` directory (holding `rules.lock.json`).
    public static let schemasEnvironmentVariable = "EINGANG_SCHEMAS"
    /// The lock manifest's file name inside the `Schemas` directory.
    public static let lockFileName = "rules.lock.json"
    /// The scenario map's file name inside the `Schemas` directory.
    public static let scenarioMapFileName = "scenarios-map.json"

    /// Finds the rules directory; the result is absolute and lexically normalised.
    ///
    /// In order: `explicit` (the CLI's `--rules`), then `EINGANG_RULES` from `environment` (both taken as given,
    /// relative to `workingDirectory`, even if they do not exist, so that a wrong setting is reported and never
    /// silently replaced), then `../shared/rules` relative to `workingDirectory`, then `shared/rules` inside the
    /// directory of the executable or any of its ancestors (so `.build/release/eingang` in a checkout beside
    /// `shared/` finds `shared/rules`). Returns nil when none of the searched places exists.
    ///
    /// - Parameters:
    ///   - executablePath: the running executable, preferably resolved (`/proc/self/exe`); relative paths are taken
    ///     relative to `workingDirectory`.
    ///   - workingDirectory: an absolute path.
    public static func locateRulesDirectory(
        explicit: String?,
        environment: [String: String],
        executablePath: String,
        workingDirectory: String
    ) -> String? {
        if let explicit, !explicit.isEmpty {
            return BundlePaths.absolute(explicit, base: workingDirectory)
        }
        if let configured = environment[rulesEnvironmentVariable], !configured.isEmpty {
            return BundlePaths.absolute(configured, base: workingDirectory)
        }
        let besideWorkingDirectory = BundlePaths.absolute("../shared/rules", base: workingDirectory)
        if BundleFiles.isDirectory(besideWorkingDirectory) {
            return besideWorkingDirectory
        }
        let executable = BundlePaths.absolute(executablePath, base: workingDirectory)
        for ancestor in BundlePaths.selfAndAncestors(BundlePaths.parent(executable)) {
            let candidate = BundlePaths.join(ancestor, "shared/rules")
            if BundleFiles.isDirectory(candidate) {
                return candidate
            }
        }
        return nil
    }

    /// Finds the `Schemas` directory that holds `rules.lock.json` and `scenarios-map.json`; absolute and normalised.
    ///
    /// In order: `EINGANG_SCHEMAS` from `environment` (taken as given, relative to `workingDirectory`), then the
    /// first directory named `Schemas` containing `rules.lock.json` inside `workingDirectory` or one of its
    /// ancestors, then the same search from the executable's directory upwards. Returns nil when none is found.
    public static func locateSchemasDirectory(
        environment: [String: String],
        executablePath: String,
        workingDirectory: String
    ) -> String? {
        if let configured = environment[schemasEnvironmentVariable], !configured.isEmpty {
            return BundlePaths.absolute(configured, base: workingDirectory)
        }
        let start = BundlePaths.normalized(workingDirectory)
        let executable = BundlePaths.absolute(executablePath, base: workingDirectory)
        for origin in [start, BundlePaths.parent(executable)] {
            for ancestor in BundlePaths.selfAndAncestors(origin) {
                let candidate = BundlePaths.join(ancestor, "Schemas")
                if BundleFiles.isFile(BundlePaths.join(candidate, lockFileName)) {
                    return candidate
                }
            }
        }
        return nil
    }

    /// The lock manifest's path: `rules.lock.json` inside the `Schemas` directory that
    /// ``locateSchemasDirectory(environment:executablePath:workingDirectory:)`` finds.
    public static func locateLockFile(
        environment: [String: String],
        executablePath: String,
        workingDirectory: String
    ) -> String? {
        let schemas = locateSchemasDirectory(
            environment: environment,
            executablePath: executablePath,
            workingDirectory: workingDirectory
        )
        return schemas.map { BundlePaths.join($0, lockFileName) }
    }
}
