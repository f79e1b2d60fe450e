import EInvoiceXML

/// Reads the business terms of a UN/CEFACT CII D16B `CrossIndustryInvoice` by direct navigation of its header
/// groups and lines (bindings of EN 16931-3-3, as the CEN and XRechnung rules use them).
struct CIIReader {
    typealias Terms = BusinessTerms
    let reader: TreeReader<CIIName>

    init(_ reader: TreeReader<CIIName>) {
        self.reader = reader
    }

    func read(_ root: Int32) -> Terms {
        var terms = Terms()
        terms.syntax = "cii"
        for child in reader.elements(root) {
            switch reader.names[child] {
            case .exchangedDocumentContext:
                for parameter in reader.elements(child) {
                    switch reader.names[parameter] {
                    case .businessProcessSpecifiedDocumentContextParameter:
                        terms.businessProcessType = reader.text(parameter, .id)
                    case .guidelineSpecifiedDocumentContextParameter:
                        terms.specificationIdentifier = reader.text(parameter, .id)
                    default: break
                    }
                }
            case .exchangedDocument: exchangedDocument(child, into: &terms)
            case .supplyChainTradeTransaction:
                for part in reader.elements(child) {
                    switch reader.names[part] {
                    case .includedSupplyChainTradeLineItem: terms.lines.append(line(part))
                    case .applicableHeaderTradeAgreement: agreement(part, into: &terms)
                    case .applicableHeaderTradeDelivery: delivery(part, into: &terms)
                    case .applicableHeaderTradeSettlement: settlement(part, into: &terms)
                    default: break
                    }
                }
            default: break
            }
        }
        Terms.assignVATTotals(&terms)
        return terms
    }

    /// A date: the `udt:DateTimeString`, `udt:DateString` or `qdt:DateTimeString` child of `node`, converted from
    /// format 102.
    func date(_ node: Int32) -> String? {
        for child in reader.elements(node) {
            switch reader.names[child] {
            case .dateTimeString, .dateString, .qualifiedDateTimeString:
                return TextValues.isoDate(cii: reader.text(child), format: reader.attribute(child, .formatAttribute))
            default: continue
            }
        }
        return nil
    }

    func identifier(_ node: Int32) -> Terms.Identifier {
        Terms.Identifier(id: reader.text(node), scheme: reader.attribute(node, .schemeIDAttribute))
    }

    /// The first `ram:IssuerAssignedID` of a referenced document.
    private func issuerAssignedID(_ node: Int32) -> String? { reader.text(node, .issuerAssignedID) }

    // MARK: - Header

    private func exchangedDocument(_ node: Int32, into terms: inout Terms) {
        for child in reader.elements(node) {
            switch reader.names[child] {
            case .id: terms.invoiceNumber = reader.text(child)
            case .typeCode: terms.typeCode = reader.text(child)
            case .issueDateTime: terms.issueDate = date(child)
            case .includedNote:
                var note = Terms.Note()
                var hasContent = false
                for part in reader.elements(child) {
                    switch reader.names[part] {
                    case .content:
                        if !hasContent { note.text = reader.freeText(part) }
                        hasContent = true
                    case .subjectCode: note.subjectCode = reader.text(part)
                    default: break
                    }
                }
                terms.notes.append(note)
            default: break
            }
        }
    }

    private func agreement(_ node: Int32, into terms: inout Terms) {
        for child in reader.elements(node) {
            guard let name = reader.names[child] else { continue }
            switch name {
            case .buyerReference: terms.buyerReference = reader.text(child)
            case .sellerTradeParty: terms.seller = party(child)
            case .buyerTradeParty: terms.buyer = party(child)
            case .sellerTaxRepresentativeTradeParty: terms.sellerTaxRepresentative = party(child)
            case .sellerOrderReferencedDocument: terms.salesOrderReference = issuerAssignedID(child)
            case .buyerOrderReferencedDocument: terms.purchaseOrderReference = issuerAssignedID(child)
            case .contractReferencedDocument: terms.contractReference = issuerAssignedID(child)
            case .specifiedProcuringProject: terms.projectReference = reader.text(child, .id)
            case .additionalReferencedDocument: additionalDocument(child, into: &terms)
            default: break
            }
        }
    }

    /// `ram:AdditionalReferencedDocument`: type 50 is BT-17, 130 is BT-18, 916 is BG-24.
    private func additionalDocument(_ node: Int32, into terms: inout Terms) {
        switch reader.text(node, .typeCode) {
        case "50":
            if terms.tenderOrLotReference == nil { terms.tenderOrLotReference = issuerAssignedID(node) }
        case "130":
            if terms.invoicedObjectIdentifier == nil, let id = issuerAssignedID(node) {
                terms.invoicedObjectIdentifier = Terms.Identifier(id: id, scheme: reader.text(node, .referenceTypeCode))
            }
        case "916":
            var attachment = Terms.Attachment()
            for child in reader.elements(node) {
                switch reader.names[child] {
                case .issuerAssignedID: attachment.id = reader.text(child)
                case .uriID: attachment.externalURI = reader.text(child)
                case .name: attachment.description = reader.freeText(child)
                case .attachmentBinaryObject:
                    attachment.mimeCode = reader.attribute(child, .mimeCodeAttribute)
                    attachment.filename = reader.attribute(child, .filenameAttribute)
                    attachment.sizeBytes = TextValues.base64DecodedSize(reader.freeText(child))
                default: break
                }
            }
            terms.attachments.append(attachment)
        default: break
        }
    }

    /// A `TradePartyType`. `ram:SpecifiedTaxRegistration/ram:ID` is the VAT identifier with scheme `VA`, the tax
    /// registration identifier with scheme `FC`.
    private func party(_ node: Int32) -> Terms.Party {
        var party = Terms.Party()
        for child in reader.elements(node) {
            guard let name = reader.names[child] else { continue }
            switch name {
            case .id, .globalID: party.identifiers.append(identifier(child))
            case .name: party.name = reader.text(child)
            case .description: party.additionalLegalInformation = reader.freeText(child)
            case .specifiedLegalOrganization:
                for part in reader.elements(child) {
                    switch reader.names[part] {
                    case .id: party.legalRegistrationIdentifier = identifier(part)
                    case .tradingBusinessName: party.tradingName = reader.text(part)
                    default: break
                    }
                }
            case .definedTradeContact: party.contact = contact(child)
            case .postalTradeAddress: party.address = address(child)
            case .uriUniversalCommunication:
                if let uri = reader.first(child, .uriID) { party.electronicAddress = identifier(uri) }
            case .specifiedTaxRegistration:
                guard let id = reader.first(child, .id) else { break }
                switch reader.attribute(id, .schemeIDAttribute) {
                case "VA": first(&party.vatIdentifier, reader.text(id))
                case "FC": first(&party.taxRegistrationIdentifier, reader.text(id))
                default: break
                }
            default: break
            }
        }
        return party
    }

    private func contact(_ node: Int32) -> Terms.Contact {
        var contact = Terms.Contact()
        var department: String?
        for child in reader.elements(node) {
            switch reader.names[child] {
            case .personName: contact.name = reader.text(child)
            case .departmentName: department = reader.text(child)
            case .telephoneUniversalCommunication: contact.telephone = reader.text(child, .completeNumber)
            case .emailURIUniversalCommunication: contact.email = reader.text(child, .uriID)
            default: break
            }
        }
        if contact.name == nil { contact.name = department }
        return contact
    }

    private func address(_ node: Int32) -> Terms.Address {
        var address = Terms.Address()
        for child in reader.elements(node) {
            switch reader.names[child] {
            case .lineOne: address.line1 = reader.text(child)
            case .lineTwo: address.line2 = reader.text(child)
            case .lineThree: address.line3 = reader.text(child)
            case .cityName: address.city = reader.text(child)
            case .postcodeCode: address.postCode = reader.text(child)
            case .countrySubDivisionName: address.countrySubdivision = reader.text(child)
            case .countryID: address.countryCode = reader.text(child)
            default: break
            }
        }
        return address
    }

    private func delivery(_ node: Int32, into terms: inout Terms) {
        var delivery = Terms.Delivery()
        var found = false
        for child in reader.elements(node) {
            switch reader.names[child] {
            case .shipToTradeParty:
                found = true
                for part in reader.elements(child) {
                    switch reader.names[part] {
                    case .id: if delivery.locationIdentifier == nil { delivery.locationIdentifier = identifier(part) }
                    case .globalID: delivery.locationIdentifier = identifier(part)
                    case .name: delivery.partyName = reader.text(part)
                    case .postalTradeAddress: delivery.address = address(part)
                    default: break
                    }
                }
            case .actualDeliverySupplyChainEvent:
                if let occurrence = reader.first(child, .occurrenceDateTime) {
                    found = true
                    delivery.actualDeliveryDate = date(occurrence)
                }
            case .despatchAdviceReferencedDocument: terms.despatchAdviceReference = issuerAssignedID(child)
            case .receivingAdviceReferencedDocument: terms.receivingAdviceReference = issuerAssignedID(child)
            default: break
            }
        }
        if found { terms.delivery = delivery }
    }
}
