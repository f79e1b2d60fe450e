import EInvoiceXML
import Foundation
import Schematron
import Testing
import XPath2

/// Runs small schemas of our own through the compiler: the Schematron features the official files use.
@Suite struct RuleProgramTests {
    private func withSchema<T>(_ files: [String: String], _ body: (String) throws -> T) throws -> T {
        let directory = NSTemporaryDirectory() + "eingang-sch-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory + "/abstract", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for (name, text) in files {
            try text.write(toFile: directory + "/" + name, atomically: true, encoding: .utf8)
        }
        return try body(directory + "/main.sch")
    }

    private func run(
        _ schema: String,
        _ files: [String: String] = [:],
        on document: String
    ) throws
        -> RuleProgram.Outcome
    {
        var all = files
        all["main.sch"] = schema
        return try withSchema(all) { path in
            let program = try RuleProgram.compile(path: path)
            let parsed = try ParsedDocument.parse(Array(document.utf8))
            return program.run(on: parsed.tree)
        }
    }

    private let document = """
        <inv xmlns="urn:t"><line n="1"><amount>10.00</amount></line><line n="2"><amount>5</amount></line>\
        <total>15.00</total><note>  </note></inv>
        """

    @Test func instantiatesAbstractPatternsFromIncludes() throws {
        let schema = """
            <schema xmlns="http://purl.oclc.org/dsdl/schematron" queryBinding="xslt2">
              <ns prefix="t" uri="urn:t"/>
              <include href="abstract/model.sch"/>
              <pattern is-a="model" id="bound">
                <param name="Lines" value="t:line"/>
                <param name="R-1" value="xs:decimal(t:amount) &gt; 6"/>
                <param name="R-10" value="exists(@n)"/>
              </pattern>
            </schema>
            """
        let abstract = """
            <pattern xmlns="http://purl.oclc.org/dsdl/schematron" abstract="true" id="model">
              <rule context="$Lines">
                <assert test="$R-1" flag="fatal" id="R-1">[R-1] amount <value-of select="t:amount"/> too small</assert>
                <assert test="$R-10" flag="warning" id="R-10">[R-10] line number</assert>
              </rule>
            </pattern>
            """
        let outcome = try run(schema, ["abstract/model.sch": abstract], on: document)
        #expect(outcome.error == nil)
        #expect(outcome.findings.map(\.ruleID) == ["R-1"])
        #expect(outcome.findings.first?.text == "[R-1] amount 5 too small")
        #expect(outcome.findings.first?.path == "/Q{urn:t}inv[1]/Q{urn:t}line[2]")
        #expect(outcome.findings.first?.location == "/Q{urn:t}inv[1]/Q{urn:t}line[2]")
    }

    @Test func firstMatchingRuleOfAPatternWins() throws {
        let schema = """
            <schema xmlns="http://purl.oclc.org/dsdl/schematron" queryBinding="xslt2">
              <ns prefix="t" uri="urn:t"/>
              <pattern>
                <rule context="t:line[@n = '2']"><assert test="false()" id="FIRST">first</assert></rule>
                <rule context="t:line"><assert test="false()" id="SECOND">second</assert></rule>
              </pattern>
              <pattern>
                <rule context="t:line"><report test="true()" id="OTHER-PATTERN">other</report></rule>
              </pattern>
            </schema>
            """
        let outcome = try run(schema, on: document)
        #expect(outcome.findings.map(\.ruleID).sorted() == ["FIRST", "OTHER-PATTERN", "OTHER-PATTERN", "SECOND"])
        #expect(outcome.findings.filter(\.isReport).count == 2)
    }

    @Test func evaluatesLetsAtEveryLevel() throws {
        let schema = """
            <schema xmlns="http://purl.oclc.org/dsdl/schematron" queryBinding="xslt2">
              <ns prefix="t" uri="urn:t"/>
              <let name="total" value="xs:decimal(/t:inv/t:total)"/>
              <pattern>
                <let name="lines" value="//t:line"/>
                <rule context="/t:inv">
                  <let name="sum" value="sum($lines/xs:decimal(t:amount))"/>
                  <assert test="$sum = $total" id="SUM">sum <value-of select="$sum"/></assert>
                  <assert test="$sum != $total" id="NOT-SUM">sum <value-of select="$sum"/></assert>
                </rule>
              </pattern>
            </schema>
            """
        let outcome = try run(schema, on: document)
        #expect(outcome.findings.map(\.ruleID) == ["NOT-SUM"])
        #expect(outcome.findings.first?.text == "sum 15")
    }

    @Test func aDynamicErrorStopsTheRunLikeTheReference() throws {
        let schema = """
            <schema xmlns="http://purl.oclc.org/dsdl/schematron" queryBinding="xslt2">
              <ns prefix="t" uri="urn:t"/>
              <pattern>
                <rule context="t:note"><assert test="xs:decimal(.) &gt; 0" id="CAST">cast</assert></rule>
              </pattern>
            </schema>
            """
        let outcome = try run(schema, on: document)
        #expect(outcome.error?.code == "FORG0001")
        #expect(outcome.findings.isEmpty)
    }

    @Test func anErrorInAContextPredicateOnlyUnmatchesThatNode() throws {
        // XSLT 3.0 §5.5.4: a dynamic error while matching a pattern against a node means "no match".
        let schema = """
            <schema xmlns="http://purl.oclc.org/dsdl/schematron" queryBinding="xslt2">
              <ns prefix="t" uri="urn:t"/>
              <pattern>
                <rule context="t:*[xs:decimal(.) &gt; 1]"><report test="true()" id="BIG">big</report></rule>
              </pattern>
            </schema>
            """
        let outcome = try run(schema, on: document)
        #expect(outcome.error == nil)
        // Both lines ("10.00", "5"), both amounts and the total match; inv ("10.00515.00  ") and note ("  ") are
        // not decimals, so the cast fails for them and they do not match.
        #expect(outcome.findings.count == 5)
        #expect(!outcome.findings.contains { $0.path == "/Q{urn:t}inv[1]" || $0.path.hasSuffix("note[1]") })
    }

    @Test func aPatternNamingAbsentNodesIsNotEvaluated() throws {
        // XSLT matches a node against a pattern only when it has the pattern's name: with no t:absent in the
        // document, the cast in the predicate of the t:note step is never evaluated.
        let schema = """
            <schema xmlns="http://purl.oclc.org/dsdl/schematron" queryBinding="xslt2">
              <ns prefix="t" uri="urn:t"/>
              <pattern>
                <rule context="t:note[xs:decimal(.)]/t:absent"><report test="true()" id="ABSENT">absent</report></rule>
                <rule context="t:line[xs:decimal(@n)]"><report test="true()" id="SECOND">second</report></rule>
              </pattern>
            </schema>
            """
        let outcome = try run(schema, on: document)
        #expect(outcome.error == nil)
        // A numeric predicate selects by position: each line's @n is its position.
        #expect(outcome.findings.map(\.path) == ["/Q{urn:t}inv[1]/Q{urn:t}line[1]", "/Q{urn:t}inv[1]/Q{urn:t}line[2]"])
    }

    @Test func refusesUnknownFunctionsAtStartUp() throws {
        let schema = """
            <schema xmlns="http://purl.oclc.org/dsdl/schematron" queryBinding="xslt2">
              <pattern>
                <rule context="/"><assert test="no-such-function(.)" id="X">x</assert></rule>
              </pattern>
            </schema>
            """
        #expect(throws: SchematronError.self) {
            try withSchema(["main.sch": schema]) { path in _ = try RuleProgram.compile(path: path) }
        }
    }

    @Test func compilesTheOfficialRules() throws {
        let shared = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
            "../../../shared/rules"
        ).standardizedFileURL.path
        let rules = ProcessInfo.processInfo.environment["EINGANG_RULES"] ?? shared
        for file in [
            "cen/ubl/EN16931-UBL-validation.sch", "cen/cii/EN16931-CII-validation.sch",
            "xrechnung/ubl/XRechnung-UBL-validation.sch", "xrechnung/cii/XRechnung-CII-validation.sch",
        ] {
            let program = try RuleProgram.compile(path: rules + "/" + file)
            #expect(program.checkCount > 50, "\(file)")
        }
    }

    /// A parallel run (``RuleProgram/run(_:on:threads:alongside:)``) shares out rule contexts and runs of handled
    /// nodes; each program's outcome must be the one of a run on one thread: the same findings in the same order,
    /// or the same first dynamic error, whether it comes from a context or from a check in any run of nodes.
    @Test(arguments: [
        ("", ""),
        // A check fails on lines 700 and 1,800: the error of line 700 is the first.
        ("amount-700", "amount-1800"),
        // Only the later run of nodes fails.
        ("", "amount-1800"),
        // A rule's context fails (its predicate casts) and a check of the same pattern too: the context error is
        // met first.
        ("ctx", "amount-1800"),
    ])
    func parallelRunsGiveTheOutcomeOfOneThread(early: String, late: String) throws {
        let schema = """
            <schema xmlns="http://purl.oclc.org/dsdl/schematron" queryBinding="xslt2">
              <ns prefix="t" uri="urn:t"/>
              <pattern id="lines">
                <rule context="t:line[if (@n = 1500 and '\(early)' = 'ctx') then xs:decimal('ctx') &gt; 0 else false()]">
                  <assert id="CTX" test="true()"/>
                </rule>
                <rule context="t:line[@n mod 3 = 0]">
                  <assert id="THIRD" test="@n mod 2 = 1">line <value-of select="@n"/> is even</assert>
                </rule>
                <rule context="t:line">
                  <assert id="LINE" test="xs:decimal(t:amount) &lt; 1000">line <value-of select="@n"/></assert>
                  <report id="SEVEN" test="ends-with(@n, '7')">seven</report>
                </rule>
                <rule context="t:line | t:total">
                  <assert id="NEVER" test="false()">never: every line is handled by a rule above</assert>
                </rule>
              </pattern>
              <pattern id="total">
                <rule context="t:total">
                  <assert id="TOTAL" test="xs:decimal(.) = sum(//t:amount/xs:decimal(.))">total</assert>
                </rule>
              </pattern>
            </schema>
            """
        var lines = ""
        for line in 1...2_000 {
            let amount =
                line == 700 && !early.isEmpty && early != "ctx"
                ? early
                : line == 1_800 && !late.isEmpty
                    ? late
                    : line % 400 == 0 ? "2000" : "\(line)"
            lines += "<line n=\"\(line)\"><amount>\(amount)</amount></line>"
        }
        let document = "<inv xmlns=\"urn:t\">\(lines)<total>1</total></inv>"
        try withSchema(["main.sch": schema]) { path in
            let program = try RuleProgram.compile(path: path)
            let tree = try ParsedDocument.parse(Array(document.utf8)).tree
            let alone = program.run(on: tree)
            if early.isEmpty && late.isEmpty {
                #expect(alone.error == nil)
                #expect(alone.findings.count > RuleProgram.nodesPerJob)
            } else {
                let first = early.isEmpty ? late : early
                #expect(
                    alone.error.map { "\($0)".contains("'\(first)'") } == true,
                    "\(String(describing: alone.error))"
                )
            }
            for threads in [1, 2, 3] {
                var ranAlongside = 0
                let outcomes = RuleProgram.run([program, program], on: tree, threads: threads) { ranAlongside += 1 }
                #expect(ranAlongside == 1)
                #expect(outcomes.count == 2)
                for outcome in outcomes {
                    #expect(outcome.findings == alone.findings, "\(threads) threads")
                    #expect(outcome.error == alone.error, "\(threads) threads")
                }
            }
        }
    }
}
