import EInvoiceXML

/// Reads the business terms of a UBL 2.1 `Invoice` or `CreditNote` by walking its children once (bindings of
/// EN 16931-3-2, as the CEN and XRechnung rules use them).
struct UBLReader {
    typealias Terms = BusinessTerms
    let reader: TreeReader<UBLName>
    let isCreditNote: Bool

    init(_ reader: TreeReader<UBLName>, isCreditNote: Bool) {
        self.reader = reader
        self.isCreditNote = isCreditNote
    }

    /// What one payment-related walk finds that belongs to BG-16 and BG-19 as a whole.
    private struct PaymentParts {
        var means: [Terms.PaymentMeans] = []
        var remittance: String?
        var mandate: String?
        var debitedAccount: String?
        var creditorIdentifier: String?
    }

    func read(_ root: Int32) -> Terms {
        var terms = Terms()
        terms.syntax = isCreditNote ? "ubl-creditnote" : "ubl-invoice"
        var payment = PaymentParts()
        var termTexts: [String] = []
        var lineNodes: [Int32] = []
        for child in reader.elements(root) {
            guard let name = reader.names[child] else { continue }
            switch name {
            case .customizationID: terms.specificationIdentifier = reader.text(child)
            case .profileID: terms.businessProcessType = reader.text(child)
            case .id: terms.invoiceNumber = reader.text(child)
            case .issueDate: terms.issueDate = reader.text(child)
            case .dueDate: terms.dueDate = reader.text(child)
            case .invoiceTypeCode, .creditNoteTypeCode: terms.typeCode = reader.text(child)
            case .note: terms.notes.append(TextValues.ublNote(reader.freeText(child)))
            case .taxPointDate: terms.taxPointDate = reader.text(child)
            case .documentCurrencyCode: terms.currency = reader.text(child)
            case .taxCurrencyCode: terms.vatAccountingCurrency = reader.text(child)
            case .accountingCost: terms.buyerAccountingReference = reader.text(child)
            case .buyerReference: terms.buyerReference = reader.text(child)
            case .invoicePeriod:
                if terms.invoicingPeriod == nil {
                    terms.invoicingPeriod = period(child)
                    terms.taxPointDateCode = reader.text(child, .descriptionCode)
                }
            case .orderReference:
                terms.purchaseOrderReference = reader.text(child, .id)
                terms.salesOrderReference = reader.text(child, .salesOrderID)
            case .billingReference:
                if let reference = reader.first(child, .invoiceDocumentReference) {
                    var preceding = Terms.PrecedingInvoice()
                    preceding.number = reader.text(reference, .id)
                    preceding.issueDate = reader.text(reference, .issueDate)
                    terms.precedingInvoices.append(preceding)
                }
            case .despatchDocumentReference: first(&terms.despatchAdviceReference, reader.text(child, .id))
            case .receiptDocumentReference: first(&terms.receivingAdviceReference, reader.text(child, .id))
            case .originatorDocumentReference: first(&terms.tenderOrLotReference, reader.text(child, .id))
            case .contractDocumentReference: first(&terms.contractReference, reader.text(child, .id))
            case .projectReference: first(&terms.projectReference, reader.text(child, .id))
            case .additionalDocumentReference: additionalDocument(child, into: &terms)
            case .accountingSupplierParty:
                if let party = reader.first(child, .party) {
                    terms.seller = self.party(party, isMainParty: true, creditor: &payment.creditorIdentifier)
                }
            case .accountingCustomerParty:
                if let party = reader.first(child, .party) {
                    terms.buyer = self.party(party, isMainParty: true, creditor: &payment.creditorIdentifier)
                }
            case .payeeParty: terms.payee = party(child, isMainParty: false, creditor: &payment.creditorIdentifier)
            case .taxRepresentativeParty:
                terms.sellerTaxRepresentative = party(child, isMainParty: false, creditor: &payment.creditorIdentifier)
            case .delivery: if terms.delivery == nil { terms.delivery = delivery(child) }
            case .paymentMeans: paymentMeans(child, into: &payment, dueDate: &terms.dueDate)
            case .paymentTerms:
                for note in reader.elements(child) where reader.names[note] == .note {
                    termTexts.append(reader.freeText(note))
                }
            case .allowanceCharge:
                let (isCharge, allowanceCharge) = self.allowanceCharge(child)
                if isCharge { terms.charges.append(allowanceCharge) } else { terms.allowances.append(allowanceCharge) }
            case .taxTotal: taxTotal(child, into: &terms)
            case .legalMonetaryTotal: monetaryTotal(child, into: &terms)
            case .invoiceLine, .creditNoteLine: lineNodes.append(child)
            default: break
            }
        }
        Terms.assignVATTotals(&terms)
        if !payment.means.isEmpty || payment.remittance != nil || payment.mandate != nil
            || payment.debitedAccount != nil || payment.creditorIdentifier != nil
        {
            var instructions = Terms.PaymentInstructions()
            instructions.means = payment.means
            instructions.remittanceInformation = payment.remittance
            if payment.mandate != nil || payment.debitedAccount != nil || payment.creditorIdentifier != nil {
                var directDebit = Terms.DirectDebit()
                directDebit.mandateReference = payment.mandate
                directDebit.creditorIdentifier = payment.creditorIdentifier
                directDebit.debitedAccount = payment.debitedAccount
                instructions.directDebit = directDebit
            }
            terms.paymentInstructions = instructions
        }
        if !termTexts.isEmpty {
            var paymentTerms = Terms.PaymentTerms()
            let text = termTexts.joined(separator: "\n")
            paymentTerms.text = text
            paymentTerms.entries = TextValues.paymentTermsEntries(text)
            terms.paymentTerms = paymentTerms
        }
        terms.lines = lines(lineNodes)
        return terms
    }

    // MARK: - Document level

    private func period(_ node: Int32) -> Terms.Period {
        Terms.Period(startDate: reader.text(node, .startDate), endDate: reader.text(node, .endDate))
    }

    /// `cac:AdditionalDocumentReference`: BT-18 (type 130), BT-11 in a credit note (type 50), else BG-24.
    private func additionalDocument(_ node: Int32, into terms: inout Terms) {
        let typeCode = reader.text(node, .documentTypeCode)
        if typeCode == "130" {
            if terms.invoicedObjectIdentifier == nil, let id = reader.first(node, .id) {
                terms.invoicedObjectIdentifier = identifier(id)
            }
            return
        }
        if typeCode == "50" && isCreditNote {
            first(&terms.projectReference, reader.text(node, .id))
            return
        }
        var attachment = Terms.Attachment()
        for child in reader.elements(node) {
            switch reader.names[child] {
            case .id: attachment.id = reader.text(child)
            case .documentDescription: attachment.description = reader.freeText(child)
            case .attachment:
                for part in reader.elements(child) {
                    switch reader.names[part] {
                    case .embeddedDocumentBinaryObject:
                        attachment.mimeCode = reader.attribute(part, .mimeCodeAttribute)
                        attachment.filename = reader.attribute(part, .filenameAttribute)
                        attachment.sizeBytes = TextValues.base64DecodedSize(reader.freeText(part))
                    case .externalReference: attachment.externalURI = reader.text(part, .uri)
                    default: break
                    }
                }
            default: break
            }
        }
        terms.attachments.append(attachment)
    }

    private func identifier(_ node: Int32) -> Terms.Identifier {
        Terms.Identifier(id: reader.text(node), scheme: reader.attribute(node, .schemeIDAttribute))
    }

    /// A `PartyType`: seller and buyer (`isMainParty`) take their name from `cac:PartyLegalEntity` and their
    /// trading name from `cac:PartyName`; payee and tax representative their name from `cac:PartyName`. An
    /// identifier with scheme `SEPA` is BT-90.
    private func party(_ node: Int32, isMainParty: Bool, creditor: inout String?) -> Terms.Party {
        var party = Terms.Party()
        for child in reader.elements(node) {
            guard let name = reader.names[child] else { continue }
            switch name {
            case .endpointID: party.electronicAddress = identifier(child)
            case .partyIdentification:
                guard let id = reader.first(child, .id) else { break }
                let identifier = self.identifier(id)
                if identifier.scheme?.uppercased() == "SEPA" {
                    if creditor == nil { creditor = identifier.id }
                } else {
                    party.identifiers.append(identifier)
                }
            case .partyName:
                let value = reader.text(child, .name)
                if isMainParty { party.tradingName = value } else { party.name = value }
            case .postalAddress: party.address = address(child)
            case .partyTaxScheme:
                let scheme = reader.first(child, .taxScheme).flatMap { reader.text($0, .id) }
                let companyID = reader.text(child, .companyID)
                if scheme?.uppercased() == "VAT" {
                    first(&party.vatIdentifier, companyID)
                } else {
                    first(&party.taxRegistrationIdentifier, companyID)
                }
            case .partyLegalEntity:
                for part in reader.elements(child) {
                    switch reader.names[part] {
                    case .registrationName: if isMainParty { party.name = reader.text(part) }
                    case .companyID: party.legalRegistrationIdentifier = identifier(part)
                    case .companyLegalForm: party.additionalLegalInformation = reader.freeText(part)
                    default: break
                    }
                }
            case .contact:
                var contact = Terms.Contact()
                for part in reader.elements(child) {
                    switch reader.names[part] {
                    case .name: contact.name = reader.text(part)
                    case .telephone: contact.telephone = reader.text(part)
                    case .electronicMail: contact.email = reader.text(part)
                    default: break
                    }
                }
                party.contact = contact
            default: break
            }
        }
        return party
    }

    private func address(_ node: Int32) -> Terms.Address {
        var address = Terms.Address()
        for child in reader.elements(node) {
            switch reader.names[child] {
            case .streetName: address.line1 = reader.text(child)
            case .additionalStreetName: address.line2 = reader.text(child)
            case .addressLine: address.line3 = reader.text(child, .line)
            case .cityName: address.city = reader.text(child)
            case .postalZone: address.postCode = reader.text(child)
            case .countrySubentity: address.countrySubdivision = reader.text(child)
            case .country: address.countryCode = reader.text(child, .identificationCode)
            default: break
            }
        }
        return address
    }

    private func delivery(_ node: Int32) -> Terms.Delivery {
        var delivery = Terms.Delivery()
        for child in reader.elements(node) {
            switch reader.names[child] {
            case .actualDeliveryDate: delivery.actualDeliveryDate = reader.text(child)
            case .deliveryLocation:
                for part in reader.elements(child) {
                    switch reader.names[part] {
                    case .id: delivery.locationIdentifier = identifier(part)
                    case .address: delivery.address = address(part)
                    default: break
                    }
                }
            case .deliveryParty:
                delivery.partyName = reader.first(child, .partyName).flatMap { reader.text($0, .name) }
            default: break
            }
        }
        return delivery
    }

    private func paymentMeans(_ node: Int32, into payment: inout PaymentParts, dueDate: inout String?) {
        var means = Terms.PaymentMeans()
        for child in reader.elements(node) {
            switch reader.names[child] {
            case .paymentMeansCode:
                means.typeCode = reader.text(child)
                means.text = reader.attribute(child, .nameAttribute)
            case .paymentDueDate: if isCreditNote && dueDate == nil { dueDate = reader.text(child) }
            case .paymentID: if payment.remittance == nil { payment.remittance = reader.text(child) }
            case .cardAccount:
                var card = Terms.PaymentCard()
                card.primaryAccountNumber = reader.text(child, .primaryAccountNumberID)
                card.holderName = reader.text(child, .holderName)
                means.paymentCard = card
            case .payeeFinancialAccount:
                var transfer = Terms.CreditTransfer()
                transfer.accountIdentifier = reader.text(child, .id)
                transfer.accountName = reader.text(child, .name)
                transfer.serviceProviderIdentifier =
                    reader.first(child, .financialInstitutionBranch).flatMap { reader.text($0, .id) }
                means.creditTransfer = transfer
            case .paymentMandate:
                if payment.mandate == nil { payment.mandate = reader.text(child, .id) }
                if payment.debitedAccount == nil {
                    payment.debitedAccount = reader.first(child, .payerFinancialAccount).flatMap {
                        reader.text($0, .id)
                    }
                }
            default: break
            }
        }
        payment.means.append(means)
    }

    /// A `cac:AllowanceCharge` of the document or a line, and whether it is a charge.
    func allowanceCharge(_ node: Int32) -> (isCharge: Bool, Terms.AllowanceCharge) {
        var isCharge = false
        var result = Terms.AllowanceCharge()
        for child in reader.elements(node) {
            switch reader.names[child] {
            case .chargeIndicator:
                let value = reader.text(child)
                isCharge = value == "true" || value == "1"
            case .allowanceChargeReasonCode: result.reasonCode = reader.text(child)
            case .allowanceChargeReason: result.reason = reader.text(child)
            case .multiplierFactorNumeric: result.percentage = reader.text(child)
            case .amount: result.amount = reader.text(child)
            case .baseAmount: result.baseAmount = reader.text(child)
            case .taxCategory:
                result.vatCategoryCode = reader.text(child, .id)
                result.vatRate = reader.text(child, .percent)
            default: break
            }
        }
        return (isCharge, result)
    }

    /// `cac:TaxTotal`: its `cbc:TaxAmount` is BT-110 or BT-111 by currency (sorted out once the currencies are
    /// known), its subtotals are BG-23.
    private func taxTotal(_ node: Int32, into terms: inout Terms) {
        for child in reader.elements(node) {
            switch reader.names[child] {
            case .taxAmount:
                let amount = Terms.Amount(
                    value: reader.text(child),
                    currency: reader.attribute(child, .currencyIDAttribute)
                )
                var totals = terms.totals ?? Terms.Totals()
                if totals.vatTotal == nil {
                    totals.vatTotal = amount
                } else if totals.vatTotalInAccountingCurrency == nil {
                    totals.vatTotalInAccountingCurrency = amount
                }
                terms.totals = totals
            case .taxSubtotal:
                var breakdown = Terms.VATBreakdown()
                for part in reader.elements(child) {
                    switch reader.names[part] {
                    case .taxableAmount: breakdown.taxableAmount = reader.text(part)
                    case .taxAmount: breakdown.taxAmount = reader.text(part)
                    case .taxCategory:
                        for item in reader.elements(part) {
                            switch reader.names[item] {
                            case .id: breakdown.categoryCode = reader.text(item)
                            case .percent: breakdown.rate = reader.text(item)
                            case .taxExemptionReasonCode: breakdown.exemptionReasonCode = reader.text(item)
                            case .taxExemptionReason: breakdown.exemptionReason = reader.freeText(item)
                            default: break
                            }
                        }
                    default: break
                    }
                }
                terms.vatBreakdown.append(breakdown)
            default: break
            }
        }
    }

    private func monetaryTotal(_ node: Int32, into terms: inout Terms) {
        var totals = terms.totals ?? Terms.Totals()
        for child in reader.elements(node) {
            switch reader.names[child] {
            case .lineExtensionAmount: totals.lineNetTotal = reader.text(child)
            case .taxExclusiveAmount: totals.totalWithoutVAT = reader.text(child)
            case .taxInclusiveAmount: totals.totalWithVAT = reader.text(child)
            case .allowanceTotalAmount: totals.allowanceTotal = reader.text(child)
            case .chargeTotalAmount: totals.chargeTotal = reader.text(child)
            case .prepaidAmount: totals.paidAmount = reader.text(child)
            case .payableRoundingAmount: totals.roundingAmount = reader.text(child)
            case .payableAmount: totals.amountDue = reader.text(child)
            default: break
            }
        }
        terms.totals = totals
    }
}
