import EInvoiceBusinessTerms
import Testing

@Suite struct PaymentTests {
    typealias Terms = BusinessTerms

    static let ubl = Documents.ublInvoice(
        """
        <cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>
        <cac:AccountingSupplierParty><cac:Party>
          <cac:PartyIdentification><cbc:ID schemeID="SEPA">DE98ZZZ09999999999</cbc:ID></cac:PartyIdentification>
          <cac:PartyIdentification><cbc:ID schemeID="0088">4000001000005</cbc:ID></cac:PartyIdentification>
          <cac:PartyLegalEntity><cbc:RegistrationName>Lieferant GmbH</cbc:RegistrationName></cac:PartyLegalEntity>
        </cac:Party></cac:AccountingSupplierParty>
        <cac:PaymentMeans>
          <cbc:PaymentMeansCode name="Überweisung">58</cbc:PaymentMeansCode>
          <cbc:PaymentID>RE-2024-001</cbc:PaymentID>
          <cac:PayeeFinancialAccount>
            <cbc:ID>DE02120300000000202051</cbc:ID>
            <cbc:Name>Lieferant GmbH</cbc:Name>
            <cac:FinancialInstitutionBranch><cbc:ID>BYLADEM1001</cbc:ID></cac:FinancialInstitutionBranch>
          </cac:PayeeFinancialAccount>
        </cac:PaymentMeans>
        <cac:PaymentMeans>
          <cbc:PaymentMeansCode>59</cbc:PaymentMeansCode>
          <cbc:PaymentID>RE-2024-001</cbc:PaymentID>
          <cac:PaymentMandate>
            <cbc:ID>MANDAT-7</cbc:ID>
            <cac:PayerFinancialAccount><cbc:ID>DE75512108001245126199</cbc:ID></cac:PayerFinancialAccount>
          </cac:PaymentMandate>
        </cac:PaymentMeans>
        <cac:PaymentMeans>
          <cbc:PaymentMeansCode>48</cbc:PaymentMeansCode>
          <cac:CardAccount>
            <cbc:PrimaryAccountNumberID>1234</cbc:PrimaryAccountNumberID>
            <cbc:NetworkID>VISA</cbc:NetworkID>
            <cbc:HolderName>Max Muster</cbc:HolderName>
          </cac:CardAccount>
        </cac:PaymentMeans>
        <cac:PaymentTerms><cbc:Note>#SKONTO#TAGE=14#PROZENT=2.00#
        #SKONTO#TAGE=30#PROZENT=1.00#BASISBETRAG=100.00#
        Zahlbar innerhalb von 60 Tagen ohne Abzug.
        </cbc:Note></cac:PaymentTerms>
        """
    )

    static let cii = Documents.ciiTransaction(
        """
        <ram:ApplicableHeaderTradeAgreement>
          <ram:SellerTradeParty>
            <ram:GlobalID schemeID="0088">4000001000005</ram:GlobalID>
            <ram:Name>Lieferant GmbH</ram:Name>
          </ram:SellerTradeParty>
        </ram:ApplicableHeaderTradeAgreement>
        <ram:ApplicableHeaderTradeSettlement>
          <ram:CreditorReferenceID>DE98ZZZ09999999999</ram:CreditorReferenceID>
          <ram:PaymentReference>RE-2024-001</ram:PaymentReference>
          <ram:InvoiceCurrencyCode>EUR</ram:InvoiceCurrencyCode>
          <ram:SpecifiedTradeSettlementPaymentMeans>
            <ram:TypeCode>58</ram:TypeCode>
            <ram:Information>Überweisung</ram:Information>
            <ram:PayeePartyCreditorFinancialAccount>
              <ram:IBANID>DE02120300000000202051</ram:IBANID>
              <ram:AccountName>Lieferant GmbH</ram:AccountName>
            </ram:PayeePartyCreditorFinancialAccount>
            <ram:PayeeSpecifiedCreditorFinancialInstitution>
              <ram:BICID>BYLADEM1001</ram:BICID>
            </ram:PayeeSpecifiedCreditorFinancialInstitution>
          </ram:SpecifiedTradeSettlementPaymentMeans>
          <ram:SpecifiedTradeSettlementPaymentMeans>
            <ram:TypeCode>59</ram:TypeCode>
            <ram:PayerPartyDebtorFinancialAccount>
              <ram:IBANID>DE75512108001245126199</ram:IBANID>
            </ram:PayerPartyDebtorFinancialAccount>
          </ram:SpecifiedTradeSettlementPaymentMeans>
          <ram:SpecifiedTradeSettlementPaymentMeans>
            <ram:TypeCode>48</ram:TypeCode>
            <ram:ApplicableTradeSettlementFinancialCard>
              <ram:ID>1234</ram:ID>
              <ram:CardholderName>Max Muster</ram:CardholderName>
            </ram:ApplicableTradeSettlementFinancialCard>
          </ram:SpecifiedTradeSettlementPaymentMeans>
          <ram:SpecifiedTradePaymentTerms>
            <ram:Description>#SKONTO#TAGE=14#PROZENT=2.00#
        #SKONTO#TAGE=30#PROZENT=1.00#BASISBETRAG=100.00#
        Zahlbar innerhalb von 60 Tagen ohne Abzug.
        </ram:Description>
            <ram:DueDateDateTime><udt:DateTimeString format="102">20240415</udt:DateTimeString></ram:DueDateDateTime>
            <ram:DirectDebitMandateID>MANDAT-7</ram:DirectDebitMandateID>
          </ram:SpecifiedTradePaymentTerms>
        </ram:ApplicableHeaderTradeSettlement>
        """
    )

    static var expectedInstructions: Terms.PaymentInstructions {
        var transfer = Terms.PaymentMeans()
        transfer.typeCode = "58"
        transfer.text = "Überweisung"
        transfer.creditTransfer = Terms.CreditTransfer()
        transfer.creditTransfer?.accountIdentifier = "DE02120300000000202051"
        transfer.creditTransfer?.accountName = "Lieferant GmbH"
        transfer.creditTransfer?.serviceProviderIdentifier = "BYLADEM1001"
        var debit = Terms.PaymentMeans()
        debit.typeCode = "59"
        var card = Terms.PaymentMeans()
        card.typeCode = "48"
        card.paymentCard = Terms.PaymentCard()
        card.paymentCard?.primaryAccountNumber = "1234"
        card.paymentCard?.holderName = "Max Muster"
        var instructions = Terms.PaymentInstructions()
        instructions.means = [transfer, debit, card]
        instructions.remittanceInformation = "RE-2024-001"
        instructions.directDebit = Terms.DirectDebit()
        instructions.directDebit?.mandateReference = "MANDAT-7"
        instructions.directDebit?.creditorIdentifier = "DE98ZZZ09999999999"
        instructions.directDebit?.debitedAccount = "DE75512108001245126199"
        return instructions
    }

    @Test(arguments: [ubl, cii])
    func readsSeveralPaymentMeansWithDirectDebitAndCard(_ document: String) throws {
        let terms = try Documents.terms(document)
        #expect(terms.paymentInstructions == Self.expectedInstructions)
    }

    /// The SEPA creditor identifier is BT-90 in UBL, never one of the seller's identifiers (BT-29).
    @Test func ublSEPAIdentifierIsTheCreditorIdentifierOnly() throws {
        let seller = try #require(try Documents.terms(Self.ubl).seller)
        #expect(seller.identifiers == [Terms.Identifier(id: "4000001000005", scheme: "0088")])
        #expect(seller.name == "Lieferant GmbH")
    }

    @Test(arguments: [ubl, cii])
    func readsSkontoLinesAndKeepsTheText(_ document: String) throws {
        let terms = try #require(try Documents.terms(document).paymentTerms)
        #expect(
            terms.entries == [
                .init(kind: "SKONTO", days: "14", percent: "2.00"),
                .init(kind: "SKONTO", days: "30", percent: "1.00", baseAmount: "100.00"),
            ]
        )
        #expect(
            terms.text
                == "#SKONTO#TAGE=14#PROZENT=2.00#\n#SKONTO#TAGE=30#PROZENT=1.00#BASISBETRAG=100.00#\n"
                + "Zahlbar innerhalb von 60 Tagen ohne Abzug.\n"
        )
    }

    @Test func bothSyntaxesGiveTheSamePaymentTerms() throws {
        let ubl = try Documents.terms(Self.ubl)
        let cii = try Documents.terms(Self.cii)
        #expect(ubl.paymentTerms == cii.paymentTerms)
        #expect(ubl.paymentInstructions == cii.paymentInstructions)
        #expect(cii.dueDate == "2024-04-15")
    }

    @Test func skontoLinesThatBreakThePatternAreNotListed() throws {
        let text = """
            #VERZUG#TAGE=30#PROZENT=5.00#
            #skonto#TAGE=7#PROZENT=3.00#
            #SKONTO#TAGE=sieben#PROZENT=3.00#
            #SKONTO#TAGE=7#PROZENT=3,00#
            #SKONTO#TAGE=7#PROZENT=3.00
            #SKONTO#TAGE=7#PROZENT=3.00#BASISBETRAG=-12.50#
            \t#SKONTO#TAGE=10#PROZENT=2.00#\r
            #SKONTO#TAGE=7#PROZENT=3.00#RABATT=1#

            """
        let document = Documents.ublInvoice("<cac:PaymentTerms><cbc:Note>\(text)</cbc:Note></cac:PaymentTerms>")
        let terms = try #require(try Documents.terms(document).paymentTerms)
        #expect(
            terms.entries == [
                .init(kind: "VERZUG", days: "30", percent: "5.00"),
                .init(kind: "SKONTO", days: "7", percent: "3.00", baseAmount: "-12.50"),
                .init(kind: "SKONTO", days: "10", percent: "2.00"),
            ]
        )
    }

    /// The XRechnung rule unit test with three Skonto lines, one with a base amount (BR-DE-18).
    @Test func readsTheSkontoOfTheXRechnungRuleTest() throws {
        let path = try corpusFile("xr-unit/ubl-inv/ubl-inv-br-de-18-skonto-many-tests.xml")
        let terms = try #require(try businessTerms(at: path).paymentTerms)
        #expect(
            terms.entries == [
                .init(kind: "SKONTO", days: "1", percent: "2.00"),
                .init(kind: "SKONTO", days: "2", percent: "1.00", baseAmount: "23.88"),
                .init(kind: "SKONTO", days: "3", percent: "0.00"),
            ]
        )
    }
}
