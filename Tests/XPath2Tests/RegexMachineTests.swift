import EInvoiceXML
import Testing

@testable import XPath2

/// The regex machine gives what Swift's `Regex` gives for the same translated pattern (the Saxon table checks
/// both against Saxon through ``XPathRegex``), and takes the patterns the official rules use.
@Suite struct RegexMachineTests {
    /// Inputs beyond the table's own: each table input cut and repeated, and strings around the rules' patterns.
    private static func inputs(for pattern: String) -> [String] {
        var inputs = regexCases.filter { $0.pattern == pattern }.map(\.input)
        for input in inputs {
            inputs.append(String(input.dropFirst()))
            inputs.append(String(input.dropLast()))
            inputs.append(input + input)
            inputs.append(" " + input + "\n")
        }
        return inputs + [
            "", "a", "aaa", "abcabc", "DE75 5121 0800 1245 1261 99", "+49 (0)30 1234-56", "a\r\nb\nc", "ǅ1٣x",
        ]
    }

    @Test func theMachineAgreesWithSwiftsRegexOnEveryTablePattern() throws {
        var patterns: [(String, String)] = []
        for test in regexCases where !patterns.contains(where: { $0 == (test.pattern, test.flags) }) {
            patterns.append((test.pattern, test.flags))
        }
        var onMachine = 0
        for (pattern, flags) in patterns {
            guard let machine = try? XPathRegex(pattern: pattern, flags: flags),
                var swift = try? XPathRegex(pattern: pattern, flags: flags)
            else { continue }
            swift.machine = nil
            if machine.machine == nil { continue }
            onMachine += 1
            for input in Self.inputs(for: pattern) {
                let label = "\(pattern.debugDescription) \(flags) on \(input.debugDescription)"
                #expect(machine.matches(input) == swift.matches(input), "matches: \(label)")
                if machine.matchesEmptyString { continue }
                #expect((try? machine.tokenize(input)) == (try? swift.tokenize(input)), "tokenize: \(label)")
                let groups = (0...min(machine.groupCount, 9)).map { "<$\($0)>" }.joined()
                #expect(
                    (try? machine.replace(input, with: groups)) == (try? swift.replace(input, with: groups)),
                    "replace: \(label)"
                )
            }
        }
        // Most of the table is on the machine; what is not is back-references, the m flag's anchors and
        // repetitions of what can match nothing.
        #expect(onMachine * 10 >= patterns.count * 7, "\(onMachine) of \(patterns.count) patterns on the machine")
    }

    /// The XRechnung rules' patterns (literals and the `XR-…-REGEX` variables) and a few of the CEN rules'.
    @Test(arguments: [
        #"^[A-Z]{2}[0-9]{2}[a-zA-Z0-9]{0,30}$"#,
        #"([ \n\r\t\s])"#,
        #"(\r?\n)"#,
        #"^\s*(\d{4})(1[0-2]|0[1-9]){1}(3[01]|[12][0-9]|0[1-9]){1}\s*$"#,
        #".*([0-9].*){3,}.*"#,
        #"^[^@\s]+@([^@.\s]+\.)+[^@.\s]+$"#,
        #"(^|\r?\n)#(SKONTO)#TAGE=([0-9]+#PROZENT=[0-9]+\.[0-9]{2})(#BASISBETRAG=-?[0-9]+\.[0-9]{2})?#$"#,
        #"^([a-zA-Z])([a-zA-Z0-9+.-])+:.*"#,
        #"^[\p{IsBasicLatin}\p{IsLatin-1Supplement}]*$"#,
        #"[^\p{L}\p{N}]"#,
    ])
    func theRulesPatternsRunOnTheMachine(_ pattern: String) throws {
        let regex = try XPathRegex(pattern: pattern)
        #expect(regex.machine != nil)
        var swift = try XPathRegex(pattern: pattern)
        swift.machine = nil
        let inputs = [
            "DE75512108001245126199", "DE75 5121 0800 1245 1261 99", "de75512108001245126199", "DE7", "",
            "+49 30 1234567", "12", "a1b2c3", "max@example.org", "max@@example.org", "max@example", "a@b.c.d",
            "#SKONTO#TAGE=14#PROZENT=2.00#",
            "#SKONTO#TAGE=14#PROZENT=2.00#\n#SKONTO#TAGE=7#PROZENT=3.00#BASISBETRAG=-1.50#",
            "#SKONTO#TAGE=14#PROZENT=2.0#", "20241231", " 20241301 ", "2024123", "https://example.org/x", "1http:",
            "Grüße", "Ωmega", "line\r\nnext\nlast",
        ]
        for input in inputs {
            #expect(regex.matches(input) == swift.matches(input), "\(input.debugDescription)")
            guard !regex.matchesEmptyString else { continue }
            #expect((try regex.replace(input, with: "[$0]")) == (try swift.replace(input, with: "[$0]")))
        }
    }

    /// Every text a document can hold is searched on the machine, however long: tokenizing 1.2 MB of lines, and
    /// the telephone check on 200,000 characters without digits (on Swift's Regex that check grows with the
    /// square of the length: hours for this one).
    @Test func longInputsRunOnTheMachine() throws {
        #expect(XPathRegex.machineInputLimit > ParseLimits().maxBytes)
        let lines = String(repeating: "#SKONTO#TAGE=14#PROZENT=2.00#\n", count: 40_000)
        let newline = try XPathRegex(pattern: #"(\r?\n)"#)
        #expect(try newline.tokenize(lines).count == 40_001)
        let telephone = try XPathRegex(pattern: ".*([0-9].*){3,}.*")
        let letters = String(repeating: "a", count: 200_000)
        #expect(!telephone.matches(letters))
        #expect(telephone.matches(letters + "1" + letters + "2" + letters + "3"))
        #expect(try telephone.replace("ab1cd2ef3gh", with: "[$1]") == "[3gh]")
    }

    /// Patterns that backtrack badly run each (instruction, position) state once. On Swift's Regex, the telephone
    /// check on a 20,000-character text without digits took about half a minute, and grew with the square of
    /// the length (a creditor could stall a worker with one invoice).
    @Test func badlyBacktrackingPatternsRunEachStateOnce() throws {
        let telephone = try XPathRegex(pattern: ".*([0-9].*){3,}.*")
        #expect(telephone.machine != nil)
        let letters = String(repeating: "a", count: 20_000)
        #expect(!telephone.matches(letters))
        #expect(telephone.matches(letters + "1" + letters + "2" + letters + "3"))
        let alternatives = try XPathRegex(pattern: "^(a|aa)+b$")
        #expect(!alternatives.matches(String(repeating: "a", count: 5_000)))
        #expect(alternatives.matches(String(repeating: "a", count: 5_000) + "b"))
        #expect(try alternatives.replace(String(repeating: "a", count: 30) + "b", with: "[$1]") == "[a]")
    }
}
