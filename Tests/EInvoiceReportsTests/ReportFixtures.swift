import EInvoiceBusinessTerms
import EInvoiceReports
import EInvoiceTestSupport
import EInvoiceValidation
import EInvoiceXML

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Reports built the way the CLI builds them: the real validator on real documents, with a fixed timestamp so
/// that golden files do not change from run to run.
enum ReportFixtures {
    /// 2026-11-29 05:50:56 UTC.
    static let validatedAt = Date(timeIntervalSince1970: 1_795_931_456)

    static let validator: Result<Validator, TestDataError> = {
        do {
            return .success(
                try Validator.makeStandard(
                    rulesDirectory: try PackagePaths.rulesDirectory(),
                    schemasDirectory: try PackagePaths.schemasDirectory()
                ).0
            )
        } catch {
            return .failure(TestDataError("cannot build the validator: \(error)"))
        }
    }()

    /// The bytes of `Samples/<name>`.
    static func sample(_ name: String) throws -> [UInt8] {
        try read(PackagePaths.samplesDirectory() + "/" + name)
    }

    static func read(_ path: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw TestDataError("cannot read \(path)")
        }
        return Array(data)
    }

    /// Validates `bytes` and wraps the result with its identity, hash and the fixed timestamp.
    static func report(_ bytes: [UInt8], name: String) throws -> DocumentReport {
        let validation = try validator.get().validate(bytes, file: name)
        return DocumentReport(
            validation: validation,
            sourceName: name,
            source: bytes,
            sha256: SHA256.hex(bytes),
            identity: IdentityFixture.identity(of: bytes),
            validatedAt: validatedAt
        )
    }
}

/// The few business terms the report shows, read from UBL and CII by element paths: enough for the documents
/// the tests use (the package's own extraction of an invoice's identity is not part of this target).
enum IdentityFixture {
    static func identity(of bytes: [UInt8]) -> InvoiceIdentity? {
        guard let document = try? ParsedDocument.parse(bytes) else { return nil }
        let tree = document.tree
        guard let root = tree.firstElementChild(0), let rootName = tree.name(root) else { return nil }
        func find(_ path: [String]) -> String? {
            var node = root
            for local in path {
                guard let next = tree.elementChildren(node).first(where: { tree.name($0)?.local == local }) else {
                    return nil
                }
                node = next
            }
            return tree.stringValue(node)
        }
        switch rootName.local {
        case "Invoice", "CreditNote":
            let supplier = ["AccountingSupplierParty", "Party"]
            let total = ["LegalMonetaryTotal"]
            return InvoiceIdentity(
                syntax: rootName.local == "Invoice" ? "ubl-invoice" : "ubl-creditnote",
                invoiceNumber: find(["ID"]),
                typeCode: find([rootName.local + "TypeCode"]),
                issueDate: find(["IssueDate"]),
                currency: find(["DocumentCurrencyCode"]),
                sellerName: find(supplier + ["PartyLegalEntity", "RegistrationName"]),
                sellerVATID: find(supplier + ["PartyTaxScheme", "CompanyID"]),
                buyerName: find(["AccountingCustomerParty", "Party", "PartyLegalEntity", "RegistrationName"]),
                buyerReference: find(["BuyerReference"]),
                totalAmount: find(total + ["TaxInclusiveAmount"]),
                payableAmount: find(total + ["PayableAmount"])
            )
        case "CrossIndustryInvoice":
            let transaction = ["SupplyChainTradeTransaction"]
            let agreement = transaction + ["ApplicableHeaderTradeAgreement"]
            let settlement = transaction + ["ApplicableHeaderTradeSettlement"]
            let summation = settlement + ["SpecifiedTradeSettlementHeaderMonetarySummation"]
            var date = find(["ExchangedDocument", "IssueDateTime", "DateTimeString"])
            if let compact = date, compact.count == 8, compact.allSatisfy(\.isNumber) {
                let digits = Array(compact)
                date = String(digits[0..<4]) + "-" + String(digits[4..<6]) + "-" + String(digits[6..<8])
            }
            return InvoiceIdentity(
                syntax: "cii",
                invoiceNumber: find(["ExchangedDocument", "ID"]),
                typeCode: find(["ExchangedDocument", "TypeCode"]),
                issueDate: date,
                currency: find(settlement + ["InvoiceCurrencyCode"]),
                sellerName: find(agreement + ["SellerTradeParty", "Name"]),
                buyerName: find(agreement + ["BuyerTradeParty", "Name"]),
                buyerReference: find(agreement + ["BuyerReference"]),
                totalAmount: find(summation + ["GrandTotalAmount"]),
                payableAmount: find(summation + ["DuePayableAmount"])
            )
        default:
            return nil
        }
    }
}
