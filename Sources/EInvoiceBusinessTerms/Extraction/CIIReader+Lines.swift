extension CIIReader {
    /// One `ram:IncludedSupplyChainTradeLineItem` (BG-25).
    func line(_ node: Int32) -> Terms.Line {
        var line = Terms.Line()
        for child in reader.elements(node) {
            switch reader.names[child] {
            case .associatedDocumentLineDocument:
                for part in reader.elements(child) {
                    switch reader.names[part] {
                    case .lineID: line.id = reader.text(part)
                    case .includedNote:
                        if line.note == nil, let content = reader.first(part, .content) {
                            line.note = reader.freeText(content)
                        }
                    default: break
                    }
                }
            case .specifiedTradeProduct: line.item = item(child)
            case .specifiedLineTradeAgreement: agreement(child, into: &line)
            case .specifiedLineTradeDelivery:
                if let quantity = reader.first(child, .billedQuantity) { line.quantity = self.quantity(quantity) }
            case .specifiedLineTradeSettlement: settlement(child, into: &line)
            default: break
            }
        }
        return line
    }

    private func quantity(_ node: Int32) -> Terms.Quantity {
        Terms.Quantity(value: reader.text(node), unitCode: reader.attribute(node, .unitCodeAttribute))
    }

    private func item(_ node: Int32) -> Terms.Item {
        var item = Terms.Item()
        for child in reader.elements(node) {
            guard let name = reader.names[child] else { continue }
            switch name {
            case .globalID: item.standardIdentifier = identifier(child)
            case .sellerAssignedID: item.sellersIdentifier = reader.text(child)
            case .buyerAssignedID: item.buyersIdentifier = reader.text(child)
            case .name: item.name = reader.text(child)
            case .description: item.description = reader.freeText(child)
            case .applicableProductCharacteristic:
                item.attributes.append(
                    Terms.Item.Attribute(
                        name: reader.text(child, .description) ?? "",
                        value: reader.text(child, .value) ?? ""
                    )
                )
            case .designatedProductClassification:
                if let code = reader.first(child, .classCode) {
                    item.classifications.append(
                        Terms.Item.Classification(
                            id: reader.text(code),
                            scheme: reader.attribute(code, .listIDAttribute),
                            schemeVersion: reader.attribute(code, .listVersionIDAttribute)
                        )
                    )
                }
            case .originTradeCountry: item.originCountry = reader.text(child, .id)
            default: break
            }
        }
        return item
    }

    /// `ram:SpecifiedLineTradeAgreement`: BT-132 and BG-29. The base quantity (BT-149/150) is the net price's, else
    /// the gross price's.
    private func agreement(_ node: Int32, into line: inout Terms.Line) {
        var price = Terms.Price()
        var hasPrice = false
        var grossBaseQuantity: Terms.Quantity?
        for child in reader.elements(node) {
            switch reader.names[child] {
            case .buyerOrderReferencedDocument: line.orderLineReference = reader.text(child, .lineID)
            case .grossPriceProductTradePrice:
                hasPrice = true
                for part in reader.elements(child) {
                    switch reader.names[part] {
                    case .chargeAmount: price.grossPrice = reader.text(part)
                    case .basisQuantity: grossBaseQuantity = quantity(part)
                    case .appliedTradeAllowanceCharge: price.discount = reader.text(part, .actualAmount)
                    default: break
                    }
                }
            case .netPriceProductTradePrice:
                hasPrice = true
                for part in reader.elements(child) {
                    switch reader.names[part] {
                    case .chargeAmount: price.netPrice = reader.text(part)
                    case .basisQuantity: price.baseQuantity = quantity(part)
                    default: break
                    }
                }
            default: break
            }
        }
        if price.baseQuantity == nil { price.baseQuantity = grossBaseQuantity }
        if hasPrice { line.price = price }
    }

    /// `ram:SpecifiedLineTradeSettlement`: BG-30, BG-26, BG-27/28, BT-131, BT-128, BT-133.
    private func settlement(_ node: Int32, into line: inout Terms.Line) {
        for child in reader.elements(node) {
            switch reader.names[child] {
            case .applicableTradeTax:
                line.vatCategoryCode = reader.text(child, .categoryCode)
                line.vatRate = reader.text(child, .rateApplicablePercent)
            case .billingSpecifiedPeriod: line.period = period(child)
            case .specifiedTradeAllowanceCharge:
                let (isCharge, allowanceCharge) = self.allowanceCharge(child)
                if isCharge { line.charges.append(allowanceCharge) } else { line.allowances.append(allowanceCharge) }
            case .specifiedTradeSettlementLineMonetarySummation:
                line.netAmount = reader.text(child, .lineTotalAmount)
            case .additionalReferencedDocument:
                if line.objectIdentifier == nil, reader.text(child, .typeCode) == "130",
                    let id = reader.text(child, .issuerAssignedID)
                {
                    line.objectIdentifier = Terms.Identifier(id: id, scheme: reader.text(child, .referenceTypeCode))
                }
            case .receivableSpecifiedTradeAccountingAccount: line.buyerAccountingReference = reader.text(child, .id)
            default: break
            }
        }
    }
}
