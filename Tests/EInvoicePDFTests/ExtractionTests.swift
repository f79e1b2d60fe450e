import EInvoicePDF
import EInvoiceTestPDF
import EInvoiceTestSupport
import Foundation
import Testing

@Suite struct ExtractionTests {
    static let layouts: [TestPDF.Layout] = [.table, .objectStreams]

    @Test(arguments: layouts)
    func extractsTheEmbeddedInvoice(_ layout: TestPDF.Layout) throws {
        let xml = try HybridInvoices.xrechnungCII()
        let pdf = TestPDF.hybrid(
            [.init(name: "factur-x.xml", data: xml)],
            conformanceLevel: "XRECHNUNG",
            layout: layout
        )
        let extracted = try extractInvoice(from: pdf)
        #expect(extracted.xml == xml)
        #expect(extracted.fileName == "factur-x.xml")
        #expect(extracted.relationship == "Alternative")
        #expect(extracted.mimeType == "text/xml")
        #expect(extracted.isAssociated)
        #expect(extracted.declaredConformanceLevel == "XRECHNUNG")
        #expect(extracted.declaredDocumentType == "INVOICE")
        #expect(extracted.warnings.isEmpty)
    }

    @Test(arguments: ["factur-x.xml", "zugferd-invoice.xml", "ZUGFeRD-invoice.xml", "xrechnung.xml"])
    func knowsTheInvoiceNames(_ name: String) throws {
        let pdf = TestPDF.hybrid([.init(name: name, data: Array("<x/>".utf8))], conformanceLevel: nil)
        let extracted = try extractInvoice(from: pdf)
        #expect(extracted.fileName == name)
        #expect(extracted.xml == Array("<x/>".utf8))
        #expect(extracted.warnings == ["the PDF has no XMP metadata, so it declares no Factur-X profile"])
    }

    @Test func recognisesPDFsByContent() {
        #expect(isPDF(Array("%PDF-1.7\n".utf8)))
        #expect(isPDF(Array(String(repeating: " ", count: 1000).utf8) + Array("%PDF-1.4".utf8)))
        #expect(!isPDF(Array(String(repeating: " ", count: 1020).utf8) + Array("%PDF-1.4".utf8)))
        #expect(!isPDF(Array("<?xml version=\"1.0\"?><a/>".utf8)))
    }

    @Test func readsUncompressedFilesAndReportsOtherRelationshipsAndTypes() throws {
        let pdf = TestPDF.hybrid(
            [
                .init(
                    name: "factur-x.xml",
                    data: Array("<a/>".utf8),
                    relationship: "Data",
                    mimeType: "application/octet-stream",
                    isCompressed: false
                )
            ]
        )
        let extracted = try extractInvoice(from: pdf)
        #expect(extracted.xml == Array("<a/>".utf8))
        #expect(extracted.relationship == "Data")
        #expect(extracted.mimeType == "application/octet-stream")
        #expect(
            extracted.warnings == [
                "factur-x.xml has the relationship Data; Alternative is expected",
                "factur-x.xml has the MIME type application/octet-stream; text/xml is expected",
            ]
        )
    }

    @Test func warnsWhenTheFileIsNoAssociatedFile() throws {
        let pdf = TestPDF.hybrid([.init(name: "factur-x.xml", data: Array("<a/>".utf8), isAssociated: false)])
        let extracted = try extractInvoice(from: pdf)
        #expect(!extracted.isAssociated)
        #expect(extracted.warnings.contains { $0.contains("not among the document's associated files") })
    }

    @Test func findsTheFileThroughTheAssociatedFilesAlone() throws {
        let pdf = TestPDF.hybrid([.init(name: "factur-x.xml", data: Array("<a/>".utf8), isInNameTree: false)])
        #expect(try extractInvoice(from: pdf).xml == Array("<a/>".utf8))
    }

    @Test func readsNameTreesWithKids() throws {
        var pdf = TestPDF()
        let catalog = pdf.add("")
        let stream = pdf.addStream("/Type /EmbeddedFile /Subtype /text#2Fxml", data: Array("<b/>".utf8))
        let other = pdf.addStream("/Type /EmbeddedFile", data: Array("hello".utf8))
        let specification = pdf.add(
            "<</Type /Filespec /F (factur-x.xml) /UF <FEFF006600610063007400750072002D0078002E0078006D006C>"
                + " /EF <</F \(stream) 0 R>> /AFRelationship /Alternative>>"
        )
        let note = pdf.add("<</Type /Filespec /F (note.txt) /EF <</F \(other) 0 R>>>>")
        let leafA = pdf.add("<</Limits [(a) (a)] /Names [(a) \(note) 0 R]>>")
        let leafB = pdf.add("<</Limits [(f) (f)] /Names [(f) \(specification) 0 R]>>")
        let middle = pdf.add("<</Kids [\(leafB) 0 R]>>")
        let tree = pdf.add("<</Kids [\(leafA) 0 R \(middle) 0 R]>>")
        pdf.set(catalog, "<</Type /Catalog /Names <</EmbeddedFiles \(tree) 0 R>> /AF [\(specification) 0 R]>>")
        let extracted = try extractInvoice(from: pdf.file(root: catalog))
        // The /UF name, UTF-16 with a byte order mark.
        #expect(extracted.fileName == "factur-x.xml")
        #expect(extracted.xml == Array("<b/>".utf8))
    }

    @Test func readsIncrementalUpdates() throws {
        let base = TestPDF.hybrid([.init(name: "factur-x.xml", data: Array("<old/>".utf8))])
        // Object 6 is the embedded file of a one-page hybrid (catalog, pages, font, content, page, file, …).
        let replacement = "<</Type /EmbeddedFile /Subtype /text#2Fxml /Length 6>>\nstream\n<new/>\nendstream"
        let updated = TestPDF.appendUpdate(to: base, objects: [(6, replacement)], root: 1, size: 11)
        #expect(try extractInvoice(from: updated).xml == Array("<new/>".utf8))
    }

    @Test func toleratesBytesAfterTheEnd() throws {
        let pdf = TestPDF.hybrid([.init(name: "factur-x.xml", data: Array("<a/>".utf8))])
        let trailing = [UInt8](repeating: 0x0A, count: 100_000) + Array("-- signature --".utf8)
        #expect(try extractInvoice(from: pdf + trailing).xml == Array("<a/>".utf8))
    }

    /// Filter chains other producers write (`mutool clean -a` hex-encodes every stream over FlateDecode).
    static let filterChains: [[TestPDF.Filter]] = [
        [.lzw], [.asciiHex], [.ascii85], [.runLength], [.asciiHex, .flate], [.ascii85, .lzw], [.ascii85, .runLength],
    ]

    @Test(arguments: filterChains)
    func readsTheStandardFilters(_ filters: [TestPDF.Filter]) throws {
        // The invoice, then bytes that do not repeat: LZW's table fills and is cleared several times.
        var state: UInt32 = 88_172_645
        let noise = (0..<40_000).map { _ -> UInt8 in
            state ^= state << 13
            state ^= state >> 17
            state ^= state << 5
            return UInt8(truncatingIfNeeded: state)
        }
        let data = try HybridInvoices.xrechnungCII() + noise + [UInt8](repeating: 0, count: 1000)
        let pdf = TestPDF.hybrid([.init(name: "factur-x.xml", data: data, filters: filters)])
        #expect(try extractInvoice(from: pdf).xml == data)
    }

    @Test func decodesTheSpecificationsLZWExample() throws {
        // ISO 32000-1 §7.4.4.2, example 1: "-----A---B" is the code sequence 256 45 258 258 65 259 66 257.
        let encoded: [UInt8] = [0x80, 0x0B, 0x60, 0x50, 0x22, 0x0C, 0x0C, 0x85, 0x01]
        #expect(TestPDF.Filter.lzw.encode(Array("-----A---B".utf8)) == encoded)
        let pdf = TestPDF.hybrid([.init(name: "factur-x.xml", data: Array("-----A---B".utf8), filters: [.lzw])])
        #expect(try extractInvoice(from: pdf).xml == Array("-----A---B".utf8))
    }

    @Test func warnsWhenTheMetadataDeclaresNoProfile() throws {
        // Ghostscript's pdfwrite, for one, writes XMP metadata without the Factur-X extension schema.
        let pdf = TestPDF.hybrid([.init(name: "factur-x.xml", data: Array("<a/>".utf8))])
        // Renames the element in place (opening and closing tag), so every offset stays right.
        let needle = Array("ConformanceLevel".utf8)
        var plain = pdf
        var renamed = 0
        for start in 0...(plain.count - needle.count) where plain[start..<start + needle.count].elementsEqual(needle) {
            plain[start + needle.count - 1] = UInt8(ascii: "1")
            renamed += 1
        }
        #expect(renamed == 2)
        let extracted = try extractInvoice(from: plain)
        #expect(extracted.declaredConformanceLevel == nil)
        #expect(
            extracted.warnings == [
                "the PDF's XMP metadata declares no Factur-X profile (no fx:ConformanceLevel of the Factur-X or "
                    + "ZUGFeRD extension schema)"
            ]
        )
    }

    @Test func toleratesBytesBeforeTheHeader() throws {
        let pdf = TestPDF.hybrid([.init(name: "factur-x.xml", data: Array("<a/>".utf8))])
        #expect(try extractInvoice(from: Array("JUNK\r\n".utf8) + pdf).xml == Array("<a/>".utf8))
    }
}

/// Writes the fuzzer's seeds (FuzzTesting/Seeds/pdf, checked in) when `EINGANG_WRITE_FUZZ_SEEDS` names a directory.
@Suite struct FuzzSeeds {
    @Test func writeWhenAsked() throws {
        guard let directory = ProcessInfo.processInfo.environment["EINGANG_WRITE_FUZZ_SEEDS"] else { return }
        let xml = Array("<rsm:CrossIndustryInvoice xmlns:rsm=\"x\"><a>1</a></rsm:CrossIndustryInvoice>".utf8)
        let seeds: [(String, [UInt8])] = [
            ("table.pdf", TestPDF.hybrid([.init(name: "factur-x.xml", data: xml)])),
            ("streams.pdf", TestPDF.hybrid([.init(name: "factur-x.xml", data: xml)], layout: .objectStreams)),
            (
                "plain.pdf",
                TestPDF.hybrid(
                    [.init(name: "xrechnung.xml", data: xml, relationship: nil, mimeType: nil, isCompressed: false)],
                    conformanceLevel: nil
                )
            ),
            ("lzw.pdf", TestPDF.hybrid([.init(name: "factur-x.xml", data: xml + xml, filters: [.ascii85, .lzw])])),
            (
                "runlength.pdf",
                TestPDF.hybrid([.init(name: "factur-x.xml", data: xml, filters: [.asciiHex, .runLength])])
            ),
        ]
        for (name, bytes) in seeds {
            #expect(FileManager.default.createFile(atPath: directory + "/" + name, contents: Data(bytes)))
        }
    }
}
