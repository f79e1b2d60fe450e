import EInvoiceValidation

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Builds the validator from the rules directory and our scenario configuration in `Schemas/`.
enum Setup {
    struct SetupError: Error, CustomStringConvertible {
        var description: String
    }

    static func makeValidator(_ options: RuleOptions) throws -> Validator {
        let environment = ProcessInfo.processInfo.environment
        guard let rules = locate(explicit: options.rulesDirectory ?? environment["EINGANG_RULES"], suffix: "shared/rules") else {
            throw SetupError(description: "config.rules-not-found: no rules directory; pass --rules DIR or set EINGANG_RULES")
        }
        let resources: [String: ValidatorConfiguration.Resource] = [
            "resources/ubl/2.1/xsd/maindoc/UBL-Invoice-2.1.xsd": .init(path: "xsd/ubl-2.1/maindoc/UBL-Invoice-2.1.xsd", step: nil),
            "resources/ubl/2.1/xsd/maindoc/UBL-CreditNote-2.1.xsd": .init(path: "xsd/ubl-2.1/maindoc/UBL-CreditNote-2.1.xsd", step: nil),
            "resources/cii/16b/xsd/CrossIndustryInvoice_100pD16B.xsd": .init(path: "xsd/cii-d16b/CrossIndustryInvoice_100pD16B.xsd", step: nil),
            "resources/ubl/2.1/xsl/EN16931-UBL-validation.xsl": .init(path: "cen/ubl/EN16931-UBL-validation.sch", step: "cen"),
            "resources/cii/16b/xsl/EN16931-CII-validation.xsl": .init(path: "cen/cii/EN16931-CII-validation.sch", step: "cen"),
            "resources/xrechnung/3.0.2/xsl/XRechnung-UBL-validation.xsl": .init(path: "xrechnung/ubl/XRechnung-UBL-validation.sch", step: "xr"),
            "resources/xrechnung/3.0.2/xsl/XRechnung-CII-validation.xsl": .init(path: "xrechnung/cii/XRechnung-CII-validation.sch", step: "xr"),
        ]
        let cen = [
            "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2": "cen/ubl/EN16931-UBL-validation.sch",
            "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2": "cen/ubl/EN16931-UBL-validation.sch",
            "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100": "cen/cii/EN16931-CII-validation.sch",
        ]
        return try Validator(configuration: ValidatorConfiguration(rulesDirectory: rules, resources: resources, cenRules: cen))
    }

    /// An explicit directory, else `suffix` beside the working directory or any ancestor of it or of the executable.
    static func locate(explicit: String?, suffix: String) -> String? {
        if let explicit { return explicit }
        let manager = FileManager.default
        var starts = [manager.currentDirectoryPath]
        starts.append(URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().path)
        for start in starts {
            var directory = URL(fileURLWithPath: start)
            for _ in 0..<12 {
                let candidate = directory.appendingPathComponent("../" + suffix).standardizedFileURL.path
                if manager.fileExists(atPath: candidate) { return candidate }
                directory.deleteLastPathComponent()
            }
        }
        return nil
    }
}
