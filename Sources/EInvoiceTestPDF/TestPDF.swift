internal import CZlib

/// Writes small PDFs for tests: hybrid invoices (PDF/A-3 style, the XML embedded as an associated file with XMP
/// metadata) in both cross-reference layouts, and the pieces hostile variants are built from. Our own writer, so
/// the tests need nothing but the corpus.
public struct TestPDF {
    /// An embedded file and how the document names it.
    public struct Attachment: Sendable {
        public var name: String
        public var data: [UInt8]
        public var relationship: String?
        public var mimeType: String?
        public var isCompressed: Bool
        /// The filters of the embedded file stream, in decoding order; when nil, FlateDecode if `isCompressed`.
        public var filters: [Filter]?
        /// Listed in the catalog's `/AF`.
        public var isAssociated: Bool
        /// Listed in the `/EmbeddedFiles` name tree.
        public var isInNameTree: Bool

        public init(
            name: String,
            data: [UInt8],
            relationship: String? = "Alternative",
            mimeType: String? = "text/xml",
            isCompressed: Bool = true,
            filters: [Filter]? = nil,
            isAssociated: Bool = true,
            isInNameTree: Bool = true
        ) {
            self.filters = filters
            self.name = name
            self.data = data
            self.relationship = relationship
            self.mimeType = mimeType
            self.isCompressed = isCompressed
            self.isAssociated = isAssociated
            self.isInNameTree = isInNameTree
        }
    }

    /// How the objects are indexed: a classic `xref` table, or a cross-reference stream with the dictionaries in
    /// an object stream (PDF 1.5, what most current producers write).
    public enum Layout: Sendable {
        case table, objectStreams
    }

    /// The objects so far: number → body (without `N 0 obj` / `endobj`). Number 0 is unused.
    public private(set) var bodies: [[UInt8]] = [[]]
    /// Whether each object is a stream (streams cannot go into object streams).
    private var isStream: [Bool] = [false]

    public init() {}

    /// Adds an object written as PDF source and returns its number.
    @discardableResult
    public mutating func add(_ body: String) -> Int {
        bodies.append(Array(body.utf8))
        isStream.append(false)
        return bodies.count - 1
    }

    /// Adds a stream: `dictionary` is the inside of its `<< >>` without `/Length` and `/Filter`.
    @discardableResult
    public mutating func addStream(_ dictionary: String, data: [UInt8], compressed: Bool = true) -> Int {
        addStream(dictionary, data: data, filters: compressed ? [.flate] : [])
    }

    /// Adds a stream encoded by `filters` (in decoding order, as `/Filter` lists them).
    @discardableResult
    public mutating func addStream(_ dictionary: String, data: [UInt8], filters: [Filter]) -> Int {
        let payload = Self.encode(data, filters: filters)
        let names = filters.map { "/" + $0.rawValue }.joined(separator: " ")
        let filter = filters.isEmpty ? "" : filters.count == 1 ? " /Filter \(names)" : " /Filter [\(names)]"
        var body = Array("<<\(dictionary) /Length \(payload.count)\(filter)>>\nstream\n".utf8)
        body += payload
        body += Array("\nendstream".utf8)
        bodies.append(body)
        isStream.append(true)
        return bodies.count - 1
    }

    /// Replaces the body of object `number` (to make references point forward).
    public mutating func set(_ number: Int, _ body: String) {
        bodies[number] = Array(body.utf8)
    }

    /// The file: header, objects, cross-reference section, trailer. `trailer` is added inside the trailer
    /// dictionary; it gets the offset of the cross-reference section (for hostile `/Prev`s).
    public func file(root: Int, layout: Layout = .table, trailer: (Int) -> String = { _ in "" }) -> [UInt8] {
        var output = Array("%PDF-1.7\n%\u{E2}\u{E3}\u{CF}\u{D3}\n".utf8)
        var offsets = [Int](repeating: 0, count: bodies.count)
        switch layout {
        case .table:
            for number in 1..<bodies.count {
                offsets[number] = output.count
                output += Array("\(number) 0 obj\n".utf8) + bodies[number] + Array("\nendobj\n".utf8)
            }
            let xref = output.count
            output += Array("xref\n0 \(bodies.count)\n0000000000 65535 f \n".utf8)
            for number in 1..<bodies.count {
                output += Array(
                    (String(repeating: "0", count: 10 - String(offsets[number]).count)
                        + "\(offsets[number]) 00000 n \n").utf8
                )
            }
            output += Array("trailer\n<</Size \(bodies.count) /Root \(root) 0 R\(trailer(xref))>>\n".utf8)
            output += Array("startxref\n\(xref)\n%%EOF\n".utf8)
        case .objectStreams:
            // Streams directly in the file; every other object in one object stream.
            let packed = (1..<bodies.count).filter { !isStream[$0] }
            let container = bodies.count
            let xrefNumber = bodies.count + 1
            var header = ""
            var content: [UInt8] = []
            for number in packed {
                header += "\(number) \(content.count) "
                content += bodies[number] + [0x0A]
            }
            let first = header.utf8.count
            let objectStream = Self.deflate(Array(header.utf8) + content)
            for number in 1..<bodies.count where isStream[number] {
                offsets[number] = output.count
                output += Array("\(number) 0 obj\n".utf8) + bodies[number] + Array("\nendobj\n".utf8)
            }
            let containerOffset = output.count
            output += Array(
                "\(container) 0 obj\n<</Type /ObjStm /N \(packed.count) /First \(first) /Length \(objectStream.count) /Filter /FlateDecode>>\nstream\n"
                    .utf8
            )
            output += objectStream + Array("\nendstream\nendobj\n".utf8)
            let xref = output.count
            // Rows of /W [1 4 2], PNG-predicted (Up) as producers write them.
            var rows: [[UInt8]] = []
            func row(_ type: UInt8, _ field: Int, _ third: Int) -> [UInt8] {
                [type] + (0..<4).reversed().map { UInt8(truncatingIfNeeded: field >> ($0 * 8)) }
                    + [UInt8(truncatingIfNeeded: third >> 8), UInt8(truncatingIfNeeded: third)]
            }
            rows.append(row(0, 0, 65535))
            for number in 1..<bodies.count {
                if let index = packed.firstIndex(of: number) {
                    rows.append(row(2, container, index))
                } else {
                    rows.append(row(1, offsets[number], 0))
                }
            }
            rows.append(row(1, containerOffset, 0))
            rows.append(row(1, xref, 0))
            var predicted: [UInt8] = []
            var previous = [UInt8](repeating: 0, count: 7)
            for current in rows {
                predicted.append(2)
                for index in 0..<7 { predicted.append(current[index] &- previous[index]) }
                previous = current
            }
            let data = Self.deflate(predicted)
            output += Array(
                ("\(xrefNumber) 0 obj\n<</Type /XRef /Size \(xrefNumber + 1) /W [1 4 2] /Root \(root) 0 R"
                    + " /Filter /FlateDecode /DecodeParms <</Predictor 12 /Columns 7>> /Length \(data.count)"
                    + "\(trailer(xref))>>\nstream\n").utf8
            )
            output += data + Array("\nendstream\nendobj\nstartxref\n\(xref)\n%%EOF\n".utf8)
        }
        return output
    }

    /// zlib-compressed `data` (FlateDecode).
    public static func deflate(_ data: [UInt8]) -> [UInt8] {
        var length = compressBound(uLong(data.count))
        var output = [UInt8](repeating: 0, count: Int(length))
        let status = output.withUnsafeMutableBufferPointer { target in
            data.withUnsafeBufferPointer { source in
                compress2(target.baseAddress, &length, source.baseAddress, uLong(data.count), 9)
            }
        }
        precondition(status == Z_OK, "compress2 failed")
        return Array(output[0..<Int(length)])
    }

    /// An XMP packet with the Factur-X extension schema fields (Factur-X 1.0 §6.2.2).
    public static func xmp(
        conformanceLevel: String,
        fileName: String = "factur-x.xml",
        documentType: String = "INVOICE"
    )
        -> String
    {
        """
        <?xpacket begin="\u{FEFF}" id="W5M0MpCehiHzreSzNTczkc9d"?>
        <x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
        <rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"><pdfaid:part>3</pdfaid:part>
        <pdfaid:conformance>B</pdfaid:conformance></rdf:Description>
        <rdf:Description rdf:about="" xmlns:fx="urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#">
        <fx:DocumentType>\(documentType)</fx:DocumentType><fx:DocumentFileName>\(fileName)</fx:DocumentFileName>
        <fx:Version>1.0</fx:Version><fx:ConformanceLevel>\(conformanceLevel)</fx:ConformanceLevel>
        </rdf:Description></rdf:RDF></x:xmpmeta>
        <?xpacket end="w"?>
        """
    }

    /// A hybrid invoice: `pages` pages of text, the attachments as associated files and in the name tree, and XMP
    /// metadata when `conformanceLevel` is given.
    public static func hybrid(
        _ attachments: [Attachment],
        conformanceLevel: String? = "EN 16931",
        layout: Layout = .table,
        pages: Int = 1,
        padding: Int = 0,
        trailer: (Int) -> String = { _ in "" }
    ) -> [UInt8] {
        var pdf = TestPDF()
        let catalog = pdf.add("")
        let pageTree = pdf.add("")
        let font = pdf.add("<</Type /Font /Subtype /Type1 /BaseFont /Helvetica>>")
        var pageNumbers: [Int] = []
        for page in 0..<pages {
            var text = "BT /F1 11 Tf 56 780 Td 14 TL (Rechnung, Seite \(page + 1)) Tj\n"
            for line in 0..<40 { text += "(Position \(line + 1)   Artikel \(line * 7 + page)   1,00 EUR) '\n" }
            text += "ET"
            let content = pdf.addStream("", data: Array(text.utf8))
            pageNumbers.append(
                pdf.add(
                    "<</Type /Page /Parent \(pageTree) 0 R /MediaBox [0 0 595 842] /Contents \(content) 0 R"
                        + " /Resources <</Font <</F1 \(font) 0 R>>>>>>"
                )
            )
        }
        pdf.set(
            pageTree,
            "<</Type /Pages /Kids [\(pageNumbers.map { "\($0) 0 R" }.joined(separator: " "))] /Count \(pages)>>"
        )
        if padding > 0 {
            // Stands in for an embedded font or a logo: bytes a reader must skip, not read.
            var state: UInt32 = 2_463_534_242
            let noise = (0..<padding).map { _ -> UInt8 in
                state ^= state << 13
                state ^= state >> 17
                state ^= state << 5
                return UInt8(truncatingIfNeeded: state)
            }
            pdf.addStream("/Subtype /Type1C", data: noise, compressed: false)
        }
        var associated: [String] = []
        var named: [String] = []
        for attachment in attachments {
            let subtype = attachment.mimeType.map { " /Subtype /" + $0.replacingSlash() } ?? ""
            let stream = pdf.addStream(
                "/Type /EmbeddedFile\(subtype) /Params <</Size \(attachment.data.count)>>",
                data: attachment.data,
                filters: attachment.filters ?? (attachment.isCompressed ? [.flate] : [])
            )
            let relationship = attachment.relationship.map { " /AFRelationship /\($0)" } ?? ""
            let specification = pdf.add(
                "<</Type /Filespec /F (\(attachment.name)) /UF (\(attachment.name)) /Desc (Invoice)"
                    + " /EF <</F \(stream) 0 R /UF \(stream) 0 R>>\(relationship)>>"
            )
            if attachment.isAssociated { associated.append("\(specification) 0 R") }
            if attachment.isInNameTree { named.append("(\(attachment.name)) \(specification) 0 R") }
        }
        var catalogBody = "<</Type /Catalog /Pages \(pageTree) 0 R"
        if let conformanceLevel {
            let name = attachments.first?.name ?? "factur-x.xml"
            let metadata = pdf.addStream(
                "/Type /Metadata /Subtype /XML",
                data: Array(xmp(conformanceLevel: conformanceLevel, fileName: name).utf8),
                compressed: false
            )
            catalogBody += " /Metadata \(metadata) 0 R"
        }
        if !associated.isEmpty { catalogBody += " /AF [\(associated.joined(separator: " "))]" }
        if !named.isEmpty {
            let tree = pdf.add("<</Names [\(named.joined(separator: " "))]>>")
            catalogBody += " /Names <</EmbeddedFiles \(tree) 0 R>>"
        }
        pdf.set(catalog, catalogBody + ">>")
        return pdf.file(root: catalog, layout: layout, trailer: trailer)
    }

    /// Appends an incremental update to `base`: the objects (number → body), a cross-reference table for them and
    /// a trailer whose `/Prev` is `previous` (the base's last `startxref` when nil).
    public static func appendUpdate(
        to base: [UInt8],
        objects: [(Int, String)],
        root: Int,
        size: Int,
        previous: Int? = nil
    ) -> [UInt8] {
        var output = base
        var offsets: [(Int, Int)] = []
        for (number, body) in objects {
            offsets.append((number, output.count))
            output += Array("\(number) 0 obj\n\(body)\nendobj\n".utf8)
        }
        let xref = output.count
        output += Array("xref\n".utf8)
        for (number, offset) in offsets {
            let padded = String(repeating: "0", count: 10 - String(offset).count) + String(offset)
            output += Array("\(number) 1\n\(padded) 00000 n \n".utf8)
        }
        let prev = previous ?? lastStartXRef(base)
        output += Array("trailer\n<</Size \(size) /Root \(root) 0 R /Prev \(prev)>>\nstartxref\n\(xref)\n%%EOF\n".utf8)
        return output
    }

    /// The offset after the last `startxref` of `pdf`.
    public static func lastStartXRef(_ pdf: [UInt8]) -> Int {
        let text = String(decoding: pdf.suffix(64), as: UTF8.self)
        let parts = text.split(whereSeparator: \.isWhitespace)
        guard let index = parts.lastIndex(of: "startxref"), index + 1 < parts.count else { return 0 }
        return Int(parts[index + 1]) ?? 0
    }
}

extension String {
    /// A MIME type as a PDF name: `/` is written `#2F`.
    fileprivate func replacingSlash() -> String {
        split(separator: "/", omittingEmptySubsequences: false).joined(separator: "#2F")
    }
}
