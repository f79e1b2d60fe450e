extension CIIReader {
    /// `ram:ApplicableHeaderTradeSettlement`: currencies, payee, BG-16/BG-19, BG-23, BG-14, BG-20/21, payment terms,
    /// BG-22, BG-3, BT-19.
    func settlement(_ node: Int32, into terms: inout Terms) {
        var means: [Terms.PaymentMeans] = []
        var remittance: String?
        var directDebit = Terms.DirectDebit()
        var termTexts: [String] = []
        for child in reader.elements(node) {
            guard let name = reader.names[child] else { continue }
            switch name {
            case .creditorReferenceID: directDebit.creditorIdentifier = reader.text(child)
            case .paymentReference: remittance = reader.text(child)
            case .taxCurrencyCode: terms.vatAccountingCurrency = reader.text(child)
            case .invoiceCurrencyCode: terms.currency = reader.text(child)
            case .payeeTradeParty: terms.payee = payee(child)
            case .specifiedTradeSettlementPaymentMeans:
                means.append(paymentMeans(child, debitedAccount: &directDebit.debitedAccount))
            case .applicableTradeTax: terms.vatBreakdown.append(tradeTax(child, into: &terms))
            case .billingSpecifiedPeriod: terms.invoicingPeriod = period(child)
            case .specifiedTradeAllowanceCharge:
                let (isCharge, allowanceCharge) = self.allowanceCharge(child)
                if isCharge { terms.charges.append(allowanceCharge) } else { terms.allowances.append(allowanceCharge) }
            case .specifiedTradePaymentTerms:
                for part in reader.elements(child) {
                    switch reader.names[part] {
                    case .description: termTexts.append(reader.freeText(part))
                    case .dueDateDateTime: if terms.dueDate == nil { terms.dueDate = date(part) }
                    case .directDebitMandateID:
                        if directDebit.mandateReference == nil { directDebit.mandateReference = reader.text(part) }
                    default: break
                    }
                }
            case .specifiedTradeSettlementHeaderMonetarySummation: terms.totals = totals(child)
            case .invoiceReferencedDocument:
                var preceding = Terms.PrecedingInvoice()
                preceding.number = reader.text(child, .issuerAssignedID)
                preceding.issueDate = reader.first(child, .formattedIssueDateTime).flatMap(date)
                terms.precedingInvoices.append(preceding)
            case .receivableSpecifiedTradeAccountingAccount:
                terms.buyerAccountingReference = reader.text(child, .id)
            default: break
            }
        }
        let hasDirectDebit = directDebit != Terms.DirectDebit()
        if !means.isEmpty || remittance != nil || hasDirectDebit {
            var instructions = Terms.PaymentInstructions()
            instructions.means = means
            instructions.remittanceInformation = remittance
            instructions.directDebit = hasDirectDebit ? directDebit : nil
            terms.paymentInstructions = instructions
        }
        if !termTexts.isEmpty {
            var paymentTerms = Terms.PaymentTerms()
            let text = termTexts.joined(separator: "\n")
            paymentTerms.text = text
            paymentTerms.entries = TextValues.paymentTermsEntries(text)
            terms.paymentTerms = paymentTerms
        }
    }

    func period(_ node: Int32) -> Terms.Period {
        var period = Terms.Period()
        for child in reader.elements(node) {
            switch reader.names[child] {
            case .startDateTime: period.startDate = date(child)
            case .endDateTime: period.endDate = date(child)
            default: break
            }
        }
        return period
    }

    /// BG-10 Payee: name, identifiers, legal registration identifier.
    private func payee(_ node: Int32) -> Terms.Party {
        var party = Terms.Party()
        for child in reader.elements(node) {
            switch reader.names[child] {
            case .id, .globalID: party.identifiers.append(identifier(child))
            case .name: party.name = reader.text(child)
            case .specifiedLegalOrganization:
                if let id = reader.first(child, .id) { party.legalRegistrationIdentifier = identifier(id) }
            default: break
            }
        }
        return party
    }

    private func paymentMeans(_ node: Int32, debitedAccount: inout String?) -> Terms.PaymentMeans {
        var means = Terms.PaymentMeans()
        var bic: String?
        for child in reader.elements(node) {
            switch reader.names[child] {
            case .typeCode: means.typeCode = reader.text(child)
            case .information: means.text = reader.text(child)
            case .applicableTradeSettlementFinancialCard:
                var card = Terms.PaymentCard()
                card.primaryAccountNumber = reader.text(child, .id)
                card.holderName = reader.text(child, .cardholderName)
                means.paymentCard = card
            case .payerPartyDebtorFinancialAccount:
                if debitedAccount == nil { debitedAccount = reader.text(child, .ibanID) }
            case .payeePartyCreditorFinancialAccount:
                var transfer = means.creditTransfer ?? Terms.CreditTransfer()
                for part in reader.elements(child) {
                    switch reader.names[part] {
                    case .ibanID: transfer.accountIdentifier = reader.text(part)
                    case .proprietaryID:
                        if transfer.accountIdentifier == nil { transfer.accountIdentifier = reader.text(part) }
                    case .accountName: transfer.accountName = reader.text(part)
                    default: break
                    }
                }
                means.creditTransfer = transfer
            case .payeeSpecifiedCreditorFinancialInstitution: bic = reader.text(child, .bicID)
            default: break
            }
        }
        if let bic {
            var transfer = means.creditTransfer ?? Terms.CreditTransfer()
            transfer.serviceProviderIdentifier = bic
            means.creditTransfer = transfer
        }
        return means
    }

    /// One `ram:ApplicableTradeTax` of the header: BG-23, and BT-7/BT-8, which CII writes per VAT breakdown.
    private func tradeTax(_ node: Int32, into terms: inout Terms) -> Terms.VATBreakdown {
        var breakdown = Terms.VATBreakdown()
        for child in reader.elements(node) {
            switch reader.names[child] {
            case .calculatedAmount: breakdown.taxAmount = reader.text(child)
            case .exemptionReason: breakdown.exemptionReason = reader.freeText(child)
            case .basisAmount: breakdown.taxableAmount = reader.text(child)
            case .categoryCode: breakdown.categoryCode = reader.text(child)
            case .exemptionReasonCode: breakdown.exemptionReasonCode = reader.text(child)
            case .rateApplicablePercent: breakdown.rate = reader.text(child)
            case .taxPointDate: if terms.taxPointDate == nil { terms.taxPointDate = date(child) }
            case .dueDateTypeCode:
                if terms.taxPointDateCode == nil {
                    terms.taxPointDateCode = TextValues.taxPointDateCode(cii: reader.text(child))
                }
            default: break
            }
        }
        return breakdown
    }

    /// A `ram:SpecifiedTradeAllowanceCharge` of the document or a line, and whether it is a charge.
    func allowanceCharge(_ node: Int32) -> (isCharge: Bool, Terms.AllowanceCharge) {
        var isCharge = false
        var result = Terms.AllowanceCharge()
        for child in reader.elements(node) {
            switch reader.names[child] {
            case .chargeIndicator:
                let value = reader.text(child, .indicator)
                isCharge = value == "true" || value == "1"
            case .calculationPercent: result.percentage = reader.text(child)
            case .basisAmount: result.baseAmount = reader.text(child)
            case .actualAmount: result.amount = reader.text(child)
            case .reasonCode: result.reasonCode = reader.text(child)
            case .reason: result.reason = reader.text(child)
            case .categoryTradeTax:
                result.vatCategoryCode = reader.text(child, .categoryCode)
                result.vatRate = reader.text(child, .rateApplicablePercent)
            default: break
            }
        }
        return (isCharge, result)
    }

    private func totals(_ node: Int32) -> Terms.Totals {
        var totals = Terms.Totals()
        for child in reader.elements(node) {
            switch reader.names[child] {
            case .lineTotalAmount: totals.lineNetTotal = reader.text(child)
            case .chargeTotalAmount: totals.chargeTotal = reader.text(child)
            case .allowanceTotalAmount: totals.allowanceTotal = reader.text(child)
            case .taxBasisTotalAmount: totals.totalWithoutVAT = reader.text(child)
            case .taxTotalAmount:
                let amount = Terms.Amount(
                    value: reader.text(child),
                    currency: reader.attribute(child, .currencyIDAttribute)
                )
                if totals.vatTotal == nil {
                    totals.vatTotal = amount
                } else if totals.vatTotalInAccountingCurrency == nil {
                    totals.vatTotalInAccountingCurrency = amount
                }
            case .roundingAmount: totals.roundingAmount = reader.text(child)
            case .grandTotalAmount: totals.totalWithVAT = reader.text(child)
            case .totalPrepaidAmount: totals.paidAmount = reader.text(child)
            case .duePayableAmount: totals.amountDue = reader.text(child)
            default: break
            }
        }
        return totals
    }
}
