/// Finds the invoice among a PDF's embedded files (ISO 32000-1 §7.11.4, §14.13 of ISO 32000-2 / PDF/A-3 `/AF`).
struct InvoiceLocator {
    let document: PDFDocument

    /// The names under which ZUGFeRD 1.0/2.x, Factur-X and XRechnung embed the invoice, lowercased.
    static let invoiceNames: Set<String> = ["factur-x.xml", "zugferd-invoice.xml", "xrechnung.xml"]
    /// Order-X's name: an order, not an invoice.
    static let orderNames: Set<String> = ["order-x.xml"]

    struct Candidate {
        var name: String
        var relationship: String?
        var stream: PDFStream
        var streamKey: Int
        var isAssociated: Bool
    }

    func extract() throws(PDFExtractionError) -> ExtractedInvoice {
        guard let catalog = try document.resolve(document.trailer["Root"] ?? .null).dictionary else {
            throw PDFExtractionError(.malformed, "the document catalog (/Root) is not a dictionary")
        }
        let candidates = try embeddedFiles(catalog)
        let invoices = candidates.filter { Self.invoiceNames.contains($0.name.lowercased()) }
        guard let invoice = invoices.first else {
            if candidates.contains(where: { Self.orderNames.contains($0.name.lowercased()) }) {
                throw PDFExtractionError(.order, "the PDF carries an order (order-x.xml), not an invoice")
            }
            let names = candidates.map(\.name)
            throw PDFExtractionError(
                .noInvoice,
                names.isEmpty
                    ? "the PDF has no embedded invoice XML (it has no embedded files at all)"
                    : "the PDF has no embedded invoice XML (factur-x.xml, zugferd-invoice.xml or xrechnung.xml); "
                        + "its embedded files: \(names.prefix(10).joined(separator: ", "))"
                        + (names.count > 10 ? " and \(names.count - 10) more" : "")
            )
        }
        guard invoices.count == 1 else {
            throw PDFExtractionError(
                .severalInvoices,
                "the PDF embeds \(invoices.count) files that could be the invoice: "
                    + invoices.map(\.name).joined(separator: ", ")
            )
        }
        let xml = try document.decodedData(invoice.stream)
        let mimeType = invoice.stream.dictionary["Subtype"]?.name
        var warnings: [String] = []
        if !invoice.isAssociated {
            warnings.append("\(invoice.name) is not among the document's associated files (/AF), as PDF/A-3 requires")
        }
        switch invoice.relationship {
        case "Alternative"?: break
        case let relationship?:
            warnings.append("\(invoice.name) has the relationship \(relationship); Alternative is expected")
        case nil:
            warnings.append("\(invoice.name) has no /AFRelationship; Alternative is expected")
        }
        switch mimeType {
        case "text/xml"?, "application/xml"?: break
        case let type?: warnings.append("\(invoice.name) has the MIME type \(type); text/xml is expected")
        case nil: warnings.append("\(invoice.name) has no MIME type (/Subtype); text/xml is expected")
        }
        let metadata = xmp(catalog, warnings: &warnings)
        if let declared = metadata.documentFileName, declared.lowercased() != invoice.name.lowercased() {
            warnings.append("the XMP metadata names the invoice file \(declared), but the PDF embeds \(invoice.name)")
        }
        return ExtractedInvoice(
            xml: xml,
            fileName: invoice.name,
            relationship: invoice.relationship,
            mimeType: mimeType,
            isAssociated: invoice.isAssociated,
            declaredConformanceLevel: metadata.conformanceLevel,
            declaredDocumentType: metadata.documentType,
            warnings: warnings
        )
    }

    /// The embedded files of the name tree and of the catalog's `/AF`, each once (by its stream).
    private func embeddedFiles(_ catalog: PDFDictionary) throws(PDFExtractionError) -> [Candidate] {
        var found: [Candidate] = []
        var associatedKeys: Set<Int> = []
        var budget = document.limits.maxTreeNodes
        if let associated = try document.resolve(catalog["AF"] ?? .null).array {
            for item in associated.prefix(budget) {
                if let candidate = try fileSpecification(item, key: nil, isAssociated: true) {
                    associatedKeys.insert(candidate.streamKey)
                    found.append(candidate)
                }
            }
        }
        if let names = try document.resolve(catalog["Names"] ?? .null).dictionary,
            let tree = names["EmbeddedFiles"]
        {
            for (key, value) in try nameTree(tree, budget: &budget) {
                guard let candidate = try fileSpecification(value, key: key, isAssociated: false),
                    associatedKeys.insert(candidate.streamKey).inserted
                else { continue }
                found.append(candidate)
            }
        }
        return found
    }

    /// A file specification with an embedded file (`/EF`), or nil for anything else.
    private func fileSpecification(
        _ object: PDFObject,
        key: String?,
        isAssociated: Bool
    ) throws(PDFExtractionError)
        -> Candidate?
    {
        guard let specification = try document.resolve(object).dictionary,
            let embedded = try document.resolve(specification["EF"] ?? .null).dictionary
        else { return nil }
        guard let streamObject = embedded["UF"] ?? embedded["F"] else { return nil }
        guard let stream = try document.resolve(streamObject).stream else { return nil }
        let name =
            [specification["UF"], specification["F"]].lazy.compactMap { $0?.stringBytes }.map(Self.textString)
            .first { !$0.isEmpty } ?? key ?? ""
        // Indirect streams are the same file wherever they are named; direct ones are told apart by position.
        let streamKey = streamObject.reference?.number ?? -(stream.data.lowerBound + 1)
        return Candidate(
            name: name,
            relationship: specification["AFRelationship"]?.name,
            stream: stream,
            streamKey: streamKey,
            isAssociated: isAssociated
        )
    }

    /// The (key, value) pairs of a name tree (ISO 32000-1 §7.9.6), in order, within the node budget and depth.
    private func nameTree(_ root: PDFObject, budget: inout Int) throws(PDFExtractionError) -> [(String, PDFObject)] {
        var result: [(String, PDFObject)] = []
        var visited: Set<Int> = []
        var stack: [(PDFObject, Int)] = [(root, 0)]
        while let (node, depth) = stack.popLast() {
            budget -= 1
            guard budget >= 0 else {
                throw PDFExtractionError(.tooManyObjects, "the tree of embedded files has too many nodes")
            }
            guard depth <= document.limits.maxDepth else {
                throw PDFExtractionError(.malformed, "the tree of embedded files is nested too deeply")
            }
            if let reference = node.reference, !visited.insert(reference.number).inserted {
                throw PDFExtractionError(.cyclicXRef, "the tree of embedded files contains a cycle")
            }
            guard let dictionary = try document.resolve(node).dictionary else { continue }
            if let names = try document.resolve(dictionary["Names"] ?? .null).array {
                var index = 0
                while index + 1 < names.count {
                    let key = try document.resolve(names[index]).stringBytes.map(Self.textString) ?? ""
                    result.append((key, names[index + 1]))
                    index += 2
                }
            }
            if let kids = try document.resolve(dictionary["Kids"] ?? .null).array {
                for kid in kids.reversed() { stack.append((kid, depth + 1)) }
            }
        }
        return result
    }

    /// A PDF text string (ISO 32000-1 §7.9.2.2): UTF-16BE or UTF-8 with a byte order mark, else PDFDocEncoding
    /// (read as Latin-1, which it equals for the characters file names use).
    static func textString(_ bytes: [UInt8]) -> String {
        if bytes.count >= 2 && bytes[0] == 0xFE && bytes[1] == 0xFF {
            var units: [UInt16] = []
            var index = 2
            while index + 1 < bytes.count {
                units.append(UInt16(bytes[index]) << 8 | UInt16(bytes[index + 1]))
                index += 2
            }
            return String(decoding: units, as: UTF16.self)
        }
        if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF {
            return String(decoding: bytes.dropFirst(3), as: UTF8.self)
        }
        return String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) }))
    }

    /// The Factur-X fields of the catalog's XMP metadata; an unreadable stream is a warning, not a rejection.
    private func xmp(_ catalog: PDFDictionary, warnings: inout [String]) -> XMPFields {
        do {
            guard let stream = try document.resolve(catalog["Metadata"] ?? .null).stream else {
                warnings.append("the PDF has no XMP metadata, so it declares no Factur-X profile")
                return XMPFields()
            }
            let fields = XMPFields(try document.decodedData(stream))
            if fields.conformanceLevel == nil {
                warnings.append(
                    "the PDF's XMP metadata declares no Factur-X profile (no fx:ConformanceLevel of the Factur-X or "
                        + "ZUGFeRD extension schema)"
                )
            }
            return fields
        } catch {
            warnings.append("the PDF's XMP metadata cannot be read (\(error.code))")
            return XMPFields()
        }
    }
}
