import EInvoiceTestSupport
import Testing

@testable import EInvoiceValidation
@testable import Schematron
@testable import XPath2

/// Every regular expression written as a literal in the official rules runs on the regex machine, not on Swift's
/// slower `Regex` (patterns held in variables, such as XRechnung's `$XR-SKONTO-REGEX`, are compiled when first used,
/// the same way; `RegexMachineTests` lists them). A new rule release with a pattern the machine leaves to Swift
/// shows up here: it stays correct, only slower.
@Suite struct OfficialRegexTests {
    @Test(arguments: [
        "cen/ubl/EN16931-UBL-validation.sch", "cen/cii/EN16931-CII-validation.sch",
        "xrechnung/ubl/XRechnung-UBL-validation.sch", "xrechnung/cii/XRechnung-CII-validation.sch",
    ])
    func theRulesRegexesRunOnTheMachine(_ file: String) throws {
        let program = try ResourceCache(directory: try PackagePaths.rulesDirectory()).program(file)
        for regex in program.program.regexes {
            #expect(regex.machine != nil, "\(regex.translatedPattern)")
        }
    }
}
