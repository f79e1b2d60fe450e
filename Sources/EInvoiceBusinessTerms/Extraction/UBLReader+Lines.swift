import EInvoiceXML

extension UBLReader {
    /// BG-25 lines with their XRechnung sub-lines, built without recursion: the lines are listed depth first with
    /// the index of their parent, then each line's sub-lines are attached from the last line up.
    func lines(_ topLevel: [Int32]) -> [Terms.Line] {
        var nodes: [(node: Int32, parent: Int)] = []
        nodes.reserveCapacity(topLevel.count)
        var hasSubLines = false
        var stack: [(node: Int32, parent: Int)] = []
        for top in topLevel {
            stack.append((top, -1))
            while let entry = stack.popLast() {
                let index = nodes.count
                nodes.append(entry)
                var subLines: [Int32] = []
                for child in reader.elements(entry.node) {
                    let name = reader.names[child]
                    if name == .subInvoiceLine || name == .subCreditNoteLine { subLines.append(child) }
                }
                if !subLines.isEmpty {
                    hasSubLines = true
                    for subLine in subLines.reversed() { stack.append((subLine, index)) }
                }
            }
        }
        var lines = nodes.map { line($0.node) }
        guard hasSubLines else { return lines }
        var children = [[Int]](repeating: [], count: nodes.count)
        for (index, entry) in nodes.enumerated() where entry.parent >= 0 { children[entry.parent].append(index) }
        for index in nodes.indices.reversed() where !children[index].isEmpty {
            lines[index].subLines = children[index].map { lines[$0] }
        }
        return nodes.indices.filter { nodes[$0].parent < 0 }.map { lines[$0] }
    }

    /// One line's own terms (its sub-lines are attached by ``lines(_:)``).
    private func line(_ node: Int32) -> Terms.Line {
        var line = Terms.Line()
        for child in reader.elements(node) {
            guard let name = reader.names[child] else { continue }
            switch name {
            case .id: line.id = reader.text(child)
            case .note: if line.note == nil { line.note = reader.freeText(child) }
            case .invoicedQuantity, .creditedQuantity: line.quantity = quantity(child)
            case .lineExtensionAmount: line.netAmount = reader.text(child)
            case .accountingCost: line.buyerAccountingReference = reader.text(child)
            case .invoicePeriod:
                line.period = Terms.Period(
                    startDate: reader.text(child, .startDate),
                    endDate: reader.text(child, .endDate)
                )
            case .orderLineReference: line.orderLineReference = reader.text(child, .lineID)
            case .documentReference:
                if line.objectIdentifier == nil, reader.text(child, .documentTypeCode) == "130",
                    let id = reader.first(child, .id)
                {
                    line.objectIdentifier = Terms.Identifier(
                        id: reader.text(id),
                        scheme: reader.attribute(id, .schemeIDAttribute)
                    )
                }
            case .allowanceCharge:
                let (isCharge, allowanceCharge) = self.allowanceCharge(child)
                if isCharge { line.charges.append(allowanceCharge) } else { line.allowances.append(allowanceCharge) }
            case .item: item(child, into: &line)
            case .price: line.price = price(child)
            default: break
            }
        }
        return line
    }

    private func quantity(_ node: Int32) -> Terms.Quantity {
        Terms.Quantity(value: reader.text(node), unitCode: reader.attribute(node, .unitCodeAttribute))
    }

    /// `cac:Item`: BG-31, and BG-30 from its `cac:ClassifiedTaxCategory`.
    private func item(_ node: Int32, into line: inout Terms.Line) {
        var item = Terms.Item()
        for child in reader.elements(node) {
            guard let name = reader.names[child] else { continue }
            switch name {
            case .description: item.description = reader.freeText(child)
            case .name: item.name = reader.text(child)
            case .buyersItemIdentification: item.buyersIdentifier = reader.text(child, .id)
            case .sellersItemIdentification: item.sellersIdentifier = reader.text(child, .id)
            case .standardItemIdentification:
                if let id = reader.first(child, .id) {
                    item.standardIdentifier = Terms.Identifier(
                        id: reader.text(id),
                        scheme: reader.attribute(id, .schemeIDAttribute)
                    )
                }
            case .originCountry: item.originCountry = reader.text(child, .identificationCode)
            case .commodityClassification:
                if let code = reader.first(child, .itemClassificationCode) {
                    item.classifications.append(
                        Terms.Item.Classification(
                            id: reader.text(code),
                            scheme: reader.attribute(code, .listIDAttribute),
                            schemeVersion: reader.attribute(code, .listVersionIDAttribute)
                        )
                    )
                }
            case .classifiedTaxCategory:
                line.vatCategoryCode = reader.text(child, .id)
                line.vatRate = reader.text(child, .percent)
            case .additionalItemProperty:
                item.attributes.append(
                    Terms.Item.Attribute(name: reader.text(child, .name) ?? "", value: reader.text(child, .value) ?? "")
                )
            default: break
            }
        }
        line.item = item
    }

    /// `cac:Price`: BT-146, BT-149/150, and from its allowance BT-147 (amount) and BT-148 (base amount).
    private func price(_ node: Int32) -> Terms.Price {
        var price = Terms.Price()
        for child in reader.elements(node) {
            switch reader.names[child] {
            case .priceAmount: price.netPrice = reader.text(child)
            case .baseQuantity: price.baseQuantity = quantity(child)
            case .allowanceCharge:
                price.discount = reader.text(child, .amount)
                price.grossPrice = reader.text(child, .baseAmount)
            default: break
            }
        }
        return price
    }
}
