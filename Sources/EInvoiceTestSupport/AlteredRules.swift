// Foundation: directory enumeration and string replacement are not in FoundationEssentials.
import Foundation

/// A deliberately altered copy of the official rules, made at test time in a temporary directory (never in the
/// repository): BR-DE-15 ("Buyer reference (BT-10) must be given") is inverted in the XRechnung UBL and CII rules,
/// so an invoice with a buyer reference fails it and one without passes it. Under this bundle the valid samples
/// are rejected for BR-DE-15, `ubl-invoice-missing-buyer-reference.xml` is accepted, and
/// `cii-invoice-wrong-total.xml` fails BR-DE-15 besides BR-CO-15.
public enum AlteredRules {
    /// The two assertions as the official files write them, and their inversion.
    static let changes: [(file: String, test: String)] = [
        ("xrechnung/ubl/XRechnung-UBL-validation.sch", "cbc:BuyerReference[boolean(normalize-space(.))]"),
        (
            "xrechnung/cii/XRechnung-CII-validation.sch",
            "rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeAgreement/ram:BuyerReference"
                + "[boolean(normalize-space(.))]"
        ),
    ]

    /// Copies the official rules into `directory/rules` with BR-DE-15 inverted and returns that path.
    public static func make(in directory: TemporaryDirectory) throws -> String {
        let source = try PackagePaths.rulesDirectory()
        let target = directory.path("rules")
        let manager = FileManager.default
        guard let enumerator = manager.enumerator(atPath: source) else {
            throw TestDataError("cannot list \(source)")
        }
        while let relative = enumerator.nextObject() as? String {
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: source + "/" + relative, isDirectory: &isDirectory),
                !isDirectory.boolValue
            else { continue }
            guard let bytes = manager.contents(atPath: source + "/" + relative) else {
                throw TestDataError("cannot read \(source)/\(relative)")
            }
            try directory.write(Array(bytes), to: "rules/" + relative)
        }
        for change in changes {
            let path = target + "/" + change.file
            let text = try String(contentsOfFile: path, encoding: .utf8)
            let official = "test=\"\(change.test)\""
            guard text.components(separatedBy: official).count == 2 else {
                throw TestDataError("\(change.file): the BR-DE-15 assertion is not there once as expected")
            }
            let altered = text.replacingOccurrences(of: official, with: "test=\"not(\(change.test))\"")
            try directory.write(altered, to: "rules/" + change.file)
        }
        return target
    }
}
