import EInvoiceTestSupport
import EInvoiceValidation
import Testing

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

@Suite struct RuleBundleTests {
    /// The file changed in the tampering tests: the effective XRechnung UBL Schematron.
    static let tamperedFile = "xrechnung/ubl/XRechnung-UBL-validation.sch"

    static func lock() throws -> LockManifest {
        try LockManifest.load(path: PackagePaths.schemasDirectory() + "/" + RuleBundle.lockFileName)
    }

    /// Copies every locked file of the shared rules into `directory` (fresh, writable files).
    static func copyRules(to directory: TemporaryDirectory, lock: LockManifest) throws {
        let rules = try PackagePaths.rulesDirectory()
        for file in lock.files {
            let data = try Data(contentsOf: URL(fileURLWithPath: rules + "/" + file.path))
            try directory.write([UInt8](data), to: "rules/" + file.path)
        }
    }

    /// Flips the lowest bit of one byte of `relative`.
    static func changeOneByte(of path: String) throws {
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        bytes[bytes.count / 2] ^= 0x01
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    @Test func sharedRulesMatchTheLock() throws {
        let lock = try Self.lock()
        let bundle = try RuleBundle.open(directory: PackagePaths.rulesDirectory(), lock: lock, acceptUnpinned: false)
        #expect(bundle.isPinned)
        #expect(bundle.unpinnedFiles.isEmpty)
        #expect(bundle.bundleHash == lock.bundle)
        #expect(bundle.files == lock.hashes)
        #expect(bundle.files.count == lock.files.count)
    }

    @Test func lockManifestDescribesItsFormulaAndVersions() throws {
        let lock = try Self.lock()
        #expect(lock.format == LockManifest.supportedFormat)
        #expect(lock.bundleFormula == RuleBundle.bundleFormula)
        #expect(lock.versions.cenRules == "1.3.16")
        #expect(lock.versions.xrechnung == "3.0.2")
        #expect(lock.versions.xrechnungSchematron == "2.5.1-SNAPSHOT")
        #expect(lock.versions.ubl == "2.1")
        #expect(lock.versions.cii == "D16B")
        #expect(lock.files.map(\.path) == lock.files.map(\.path).sorted())
        #expect(lock.hashes["scenarios.xml"] != nil)
        #expect(lock.hashes["VERSIONS.md"] == nil)
    }

    @Test func bundleHashIsSHA256OfSortedLines() {
        let files = ["b.xsd": String(repeating: "2", count: 64), "a/b.sch": String(repeating: "1", count: 64)]
        // printf 'a/b.sch\t111…\nb.xsd\t222…\n' | sha256sum
        #expect(RuleBundle.bundleHash(of: files) == "aed2b55c6e96365497e2b05d02c0138b357db2254151ec2398a1d9dbccc416e7")
    }

    @Test func refusesRulesWithOneChangedByte() throws {
        let lock = try Self.lock()
        try withTemporaryDirectory { directory in
            try Self.copyRules(to: directory, lock: lock)
            try Self.changeOneByte(of: directory.path("rules/" + Self.tamperedFile))
            let error = #expect(throws: RuleBundleError.self) {
                try RuleBundle.open(directory: directory.path("rules"), lock: lock, acceptUnpinned: false)
            }
            #expect(error?.code == .hashMismatch)
            #expect(error?.path == Self.tamperedFile)
            #expect(error?.message.contains(Self.tamperedFile) == true)
            #expect(error?.description.hasPrefix("rules.hash-mismatch: ") == true)
        }
    }

    @Test func acceptsChangedRulesWhenUnpinnedAndReportsTheirHash() throws {
        let lock = try Self.lock()
        try withTemporaryDirectory { directory in
            try Self.copyRules(to: directory, lock: lock)
            let copy = try RuleBundle.open(directory: directory.path("rules"), lock: lock, acceptUnpinned: false)
            #expect(copy.bundleHash == lock.bundle)

            try Self.changeOneByte(of: directory.path("rules/" + Self.tamperedFile))
            let bundle = try RuleBundle.open(directory: directory.path("rules"), lock: lock, acceptUnpinned: true)
            #expect(!bundle.isPinned)
            #expect(bundle.unpinnedFiles == [Self.tamperedFile])
            #expect(bundle.bundleHash != lock.bundle)
            #expect(bundle.bundleHash == RuleBundle.bundleHash(of: bundle.files))
            #expect(bundle.files[Self.tamperedFile] != lock.hashes[Self.tamperedFile])
            #expect(bundle.files.count == lock.files.count)
        }
    }

    @Test func refusesMissingFileNamingIt() throws {
        let lock = try Self.lock()
        try withTemporaryDirectory { directory in
            try Self.copyRules(to: directory, lock: lock)
            try FileManager.default.removeItem(atPath: directory.path("rules/scenarios.xml"))
            let error = #expect(throws: RuleBundleError.self) {
                try RuleBundle.open(directory: directory.path("rules"), lock: lock, acceptUnpinned: false)
            }
            #expect(error?.code == .missing)
            #expect(error?.path == "scenarios.xml")

            let bundle = try RuleBundle.open(directory: directory.path("rules"), lock: lock, acceptUnpinned: true)
            #expect(bundle.files["scenarios.xml"] == nil)
            #expect(bundle.unpinnedFiles == ["scenarios.xml"])
        }
    }

    @Test func refusesUnlistedRuleFileButIgnoresOtherFiles() throws {
        let lock = try Self.lock()
        try withTemporaryDirectory { directory in
            try Self.copyRules(to: directory, lock: lock)
            try directory.write("notes", to: "rules/README.txt")
            #expect(try RuleBundle.open(directory: directory.path("rules"), lock: lock, acceptUnpinned: false).isPinned)

            try directory.write("<schema/>", to: "rules/cen/extra.sch")
            let error = #expect(throws: RuleBundleError.self) {
                try RuleBundle.open(directory: directory.path("rules"), lock: lock, acceptUnpinned: false)
            }
            #expect(error?.code == .unlisted)
            #expect(error?.path == "cen/extra.sch")
        }
    }

    @Test func reportsTheFirstDifferenceInPathOrder() throws {
        let lock = try Self.lock()
        try withTemporaryDirectory { directory in
            try Self.copyRules(to: directory, lock: lock)
            try Self.changeOneByte(of: directory.path("rules/xsd/ubl-2.1/maindoc/UBL-Invoice-2.1.xsd"))
            try Self.changeOneByte(of: directory.path("rules/cen/ubl/EN16931-UBL-validation.sch"))
            let error = #expect(throws: RuleBundleError.self) {
                try RuleBundle.open(directory: directory.path("rules"), lock: lock, acceptUnpinned: false)
            }
            #expect(error?.path == "cen/ubl/EN16931-UBL-validation.sch")
            #expect(error?.message.hasSuffix("(and 1 more difference)") == true)
        }
    }

    @Test func requiresALockUnlessUnpinnedRulesAreAccepted() throws {
        let rules = try PackagePaths.rulesDirectory()
        let error = #expect(throws: RuleBundleError.self) {
            try RuleBundle.open(directory: rules, lock: nil, acceptUnpinned: false)
        }
        #expect(error?.code == .lockMissing)

        let bundle = try RuleBundle.open(directory: rules, lock: nil, acceptUnpinned: true)
        #expect(!bundle.isPinned)
        #expect(bundle.bundleHash == (try Self.lock().bundle))
    }

    @Test func refusesMissingDirectory() {
        let error = #expect(throws: RuleBundleError.self) {
            try RuleBundle.open(directory: "/nonexistent/eingang/rules", lock: nil, acceptUnpinned: true)
        }
        #expect(error?.code == .notFound)
    }

    @Test func refusesLockWhoseBundleHashDoesNotMatchItsFiles() throws {
        let path = try PackagePaths.schemasDirectory() + "/" + RuleBundle.lockFileName
        var json = String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self)
        let lock = try Self.lock()
        json = json.replacing(lock.bundle, with: String(repeating: "0", count: 64))
        let error = #expect(throws: RuleBundleError.self) {
            try LockManifest.decode(json: Array(json.utf8))
        }
        #expect(error?.code == .lockInvalid)
        #expect(throws: RuleBundleError.self) { try LockManifest.decode(json: Array("{}".utf8)) }
    }
}

@Suite struct RuleBundleLocationTests {
    @Test func prefersExplicitDirectoryThenEnvironment() {
        let environment = [RuleBundle.rulesEnvironmentVariable: "env/rules"]
        let explicit = RuleBundle.locateRulesDirectory(
            explicit: "../mine/./rules",
            environment: environment,
            executablePath: "/usr/bin/eingang",
            workingDirectory: "/home/clerk/work"
        )
        #expect(explicit == "/home/clerk/mine/rules")
        let configured = RuleBundle.locateRulesDirectory(
            explicit: nil,
            environment: environment,
            executablePath: "/usr/bin/eingang",
            workingDirectory: "/home/clerk/work"
        )
        #expect(configured == "/home/clerk/work/env/rules")
    }

    @Test func findsSharedRulesBesideWorkingDirectoryOrAboveExecutable() throws {
        try withTemporaryDirectory { root in
            try root.write("<scenarios/>", to: "shared/rules/scenarios.xml")
            try root.write("", to: "main/Sources/.keep")
            try root.write("", to: "elsewhere/.keep")
            let fromWorkingDirectory = RuleBundle.locateRulesDirectory(
                explicit: nil,
                environment: [:],
                executablePath: "/usr/bin/eingang",
                workingDirectory: root.path("main")
            )
            #expect(fromWorkingDirectory == root.path("shared/rules"))
            let fromExecutable = RuleBundle.locateRulesDirectory(
                explicit: nil,
                environment: [:],
                executablePath: root.path("main/.build/release/eingang"),
                workingDirectory: root.path("elsewhere")
            )
            #expect(fromExecutable == root.path("shared/rules"))
            let relativeExecutable = RuleBundle.locateRulesDirectory(
                explicit: nil,
                environment: ["UNRELATED": "1"],
                executablePath: ".build/debug/eingang",
                workingDirectory: root.path("main")
            )
            #expect(relativeExecutable == root.path("shared/rules"))
            let nowhere = RuleBundle.locateRulesDirectory(
                explicit: nil,
                environment: [:],
                executablePath: "/nonexistent/bin/eingang",
                workingDirectory: root.path("main/Sources")
            )
            #expect(nowhere == nil)
        }
    }

    @Test func findsSchemasWalkingUp() throws {
        try withTemporaryDirectory { root in
            try root.write("{}", to: "main/Schemas/rules.lock.json")
            try root.write("", to: "main/Sources/Deep/.keep")
            let fromWorkingDirectory = RuleBundle.locateLockFile(
                environment: [:],
                executablePath: "/nonexistent/eingang",
                workingDirectory: root.path("main/Sources/Deep")
            )
            #expect(fromWorkingDirectory == root.path("main/Schemas/rules.lock.json"))
            let fromExecutable = RuleBundle.locateSchemasDirectory(
                environment: [:],
                executablePath: root.path("main/.build/x86_64-unknown-linux-gnu/release/eingang"),
                workingDirectory: "/"
            )
            #expect(fromExecutable == root.path("main/Schemas"))
            let configured = RuleBundle.locateSchemasDirectory(
                environment: [RuleBundle.schemasEnvironmentVariable: "/etc/eingang/Schemas/"],
                executablePath: root.path("main/.build/release/eingang"),
                workingDirectory: root.path("main")
            )
            #expect(configured == "/etc/eingang/Schemas")
        }
    }

    @Test func findsThisPackagesSchemasAndTheSharedRules() throws {
        let root = try PackagePaths.packageRoot()
        let schemas = RuleBundle.locateSchemasDirectory(
            environment: [:],
            executablePath: root + "/.build/release/eingang",
            workingDirectory: root + "/Sources"
        )
        #expect(schemas == root + "/Schemas")
    }
}

@Suite struct ScenarioMapTests {
    static func map() throws -> ScenarioMap {
        try ScenarioMap.load(path: PackagePaths.schemasDirectory() + "/" + RuleBundle.scenarioMapFileName)
    }

    /// The `<location>` values of the shared `scenarios.xml`.
    static func scenarioLocations() throws -> Set<String> {
        let path = try PackagePaths.rulesDirectory() + "/scenarios.xml"
        let text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self)
        let pieces = text.split(separator: "<location>").dropFirst()
        return Set(pieces.compactMap { $0.split(separator: "</location>").first.map(String.init) })
    }

    @Test func mapsEveryLocationOfTheScenarios() throws {
        let map = try Self.map()
        let locations = try Self.scenarioLocations()
        #expect(!locations.isEmpty)
        #expect(Set(map.resources.keys) == locations)
    }

    @Test func mapsToFilesOfTheLockedBundle() throws {
        let lock = try RuleBundleTests.lock()
        let bundle = try RuleBundle.open(directory: PackagePaths.rulesDirectory(), lock: lock, acceptUnpinned: false)
        try Self.map().check(against: bundle)
    }

    @Test func assignsStepsToSchematronAndNothingToReports() throws {
        let map = try Self.map()
        for (location, resource) in map.resources {
            let name = String(location.split(separator: "/").last ?? "")
            if name.hasPrefix("EN16931-") {
                #expect(resource?.kind == .schematron && resource?.step == "cen", "\(location)")
            } else if name.hasPrefix("XRechnung-") {
                #expect(resource?.kind == .schematron && resource?.step == "xr", "\(location)")
                #expect(resource?.file.hasPrefix("xrechnung/source/") == false, "\(location) uses the effective file")
            } else if name.hasSuffix("-report.xsl") {
                #expect(resource == nil, "\(location)")
                #expect(map.contains(location: location))
            } else {
                #expect(resource?.kind == .xmlSchema && resource?.step == nil, "\(location)")
            }
        }
        #expect(map.resource(forLocation: "resources/unknown.xsl") == nil)
        #expect(!map.contains(location: "resources/unknown.xsl"))
    }
}
