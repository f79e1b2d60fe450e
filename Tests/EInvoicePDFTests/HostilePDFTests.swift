import EInvoicePDF
import EInvoiceTestPDF
import EInvoiceTestSupport
import Testing

/// Hostile and broken PDFs: each is rejected with its reason, in bounded time and memory, never a crash.
@Suite struct HostilePDFTests {
    static let invoice = TestPDF.Attachment(name: "factur-x.xml", data: Array("<a/>".utf8))

    /// `bytes` with the first `old` replaced by `new`, byte for byte (the files are binary).
    func replacing(_ old: String, with new: String, in bytes: [UInt8]) -> [UInt8] {
        let needle = Array(old.utf8)
        guard
            let start = (0...(bytes.count - needle.count)).first(where: {
                bytes[$0..<$0 + needle.count].elementsEqual(needle)
            })
        else { return bytes }
        return Array(bytes[..<start]) + Array(new.utf8) + Array(bytes[(start + needle.count)...])
    }

    func code(_ bytes: [UInt8], limits: PDFLimits = PDFLimits()) -> PDFExtractionError.Code? {
        do {
            _ = try extractInvoice(from: bytes, limits: limits)
            return nil
        } catch {
            return error.code
        }
    }

    @Test func rejectsNonPDFs() {
        #expect(code(Array("<?xml version=\"1.0\"?><rsm:CrossIndustryInvoice/>".utf8)) == .notPDF)
        #expect(code([]) == .notPDF)
        #expect(code([UInt8](repeating: 0xFF, count: 5000)) == .notPDF)
    }

    @Test func rejectsEncryptedPDFs() {
        let pdf = TestPDF.hybrid([Self.invoice]) { _ in " /Encrypt <</Filter /Standard /V 2 /R 3 /Length 128>>" }
        #expect(code(pdf) == .encrypted)
    }

    @Test(arguments: ExtractionTests.layouts)
    func rejectsTruncatedPDFs(_ layout: TestPDF.Layout) {
        let pdf = TestPDF.hybrid([Self.invoice], layout: layout)
        #expect(code(Array(pdf.prefix(pdf.count / 2))) == .truncated)
        #expect(code(Array(pdf.prefix(20))) == .truncated)
    }

    @Test func rejectsBrokenCrossReferences() {
        let pdf = TestPDF.hybrid([Self.invoice])
        // Seven bytes inserted after the header: every offset of the table is wrong.
        let shifted = Array(pdf.prefix(9)) + Array("% junk\n".utf8) + Array(pdf.dropFirst(9))
        #expect(code(shifted) == .brokenXRef)
        // startxref pointing into the middle of the file.
        let startxref = TestPDF.lastStartXRef(pdf)
        let wrong = replacing("startxref\n\(startxref)\n", with: "startxref\n\(startxref / 2)\n", in: pdf)
        #expect(wrong != pdf)
        #expect(code(wrong) == .brokenXRef)
    }

    @Test(arguments: ExtractionTests.layouts)
    func rejectsCyclicCrossReferences(_ layout: TestPDF.Layout) {
        let pdf = TestPDF.hybrid([Self.invoice], layout: layout) { " /Prev \($0)" }
        #expect(code(pdf) == .cyclicXRef)
    }

    @Test func rejectsTwoSectionsThatPointAtEachOther() {
        let base = TestPDF.hybrid([Self.invoice])
        // Update B's /Prev is a placeholder of ten digits, later the offset of update C's section, whose /Prev is B.
        let first = TestPDF.appendUpdate(to: base, objects: [(3, "<<>>")], root: 1, size: 10, previous: 1_000_000_000)
        let both = TestPDF.appendUpdate(to: first, objects: [(3, "<<>>")], root: 1, size: 10)
        let target = String(TestPDF.lastStartXRef(both))
        let patched = replacing(
            "/Prev 1000000000",
            with: "/Prev " + String(repeating: "0", count: 10 - target.count) + target,
            in: both
        )
        #expect(patched != both)
        #expect(code(patched) == .cyclicXRef)
    }

    @Test func rejectsObjectsThatReferToThemselves() {
        var pdf = TestPDF()
        let catalog = pdf.add("")
        let loop = pdf.add("")
        pdf.set(loop, "\(loop) 0 R")
        pdf.set(catalog, "<</Type /Catalog /AF \(loop) 0 R>>")
        #expect(code(pdf.file(root: catalog)) == .cyclicXRef)

        var tree = TestPDF()
        let root = tree.add("")
        let node = tree.add("")
        tree.set(node, "<</Kids [\(node) 0 R]>>")
        tree.set(root, "<</Type /Catalog /Names <</EmbeddedFiles \(node) 0 R>>>>")
        #expect(code(tree.file(root: root)) == .cyclicXRef)
    }

    @Test func rejectsDecompressionBombs() {
        // 24 MiB of zeros deflate to some 24 KiB; the default limit stops inflating at 16 MiB.
        let bomb = TestPDF.Attachment(name: "factur-x.xml", data: [UInt8](repeating: 0x20, count: 24 << 20))
        let pdf = TestPDF.hybrid([bomb])
        #expect(pdf.count < 200_000)
        #expect(code(pdf) == .inflateLimit)
        var small = PDFLimits()
        small.maxInflatedBytes = 1000
        #expect(
            code(
                TestPDF.hybrid([Self.invoice, .init(name: "x.txt", data: [UInt8](repeating: 1, count: 5000))]),
                limits: small
            ) == nil
        )
        #expect(
            code(TestPDF.hybrid([.init(name: "factur-x.xml", data: [UInt8](repeating: 1, count: 5000))]), limits: small)
                == .inflateLimit
        )
    }

    @Test(arguments: [TestPDF.Filter.runLength, .lzw, .ascii85])
    func rejectsDecompressionBombsInTheOtherFilters(_ filter: TestPDF.Filter) {
        // RunLength writes 128 bytes per 2, LZW's codes grow longer with each: both expand like a bomb.
        var small = PDFLimits()
        small.maxInflatedBytes = 100_000
        let pdf = TestPDF.hybrid([
            .init(name: "factur-x.xml", data: [UInt8](repeating: 0, count: 1 << 20), filters: [filter])
        ])
        #expect(pdf.count < 900_000)
        #expect(code(pdf, limits: small) == .inflateLimit)
    }

    @Test func rejectsCorruptAndImageFilters() {
        var pdf = TestPDF()
        let catalog = pdf.add("")
        let stream = pdf.addStream(
            "/Type /EmbeddedFile /Filter /ASCII85Decode",
            data: Array("ab{}~>".utf8),
            filters: []
        )
        let image = pdf.addStream("/Type /EmbeddedFile /Filter /DCTDecode", data: [0xFF, 0xD8], filters: [])
        let corrupt = pdf.add("<</Type /Filespec /F (factur-x.xml) /EF <</F \(stream) 0 R>>>>")
        let photo = pdf.add("<</Type /Filespec /F (factur-x.xml) /EF <</F \(image) 0 R>>>>")
        pdf.set(catalog, "<</Type /Catalog /AF [\(corrupt) 0 R]>>")
        #expect(code(pdf.file(root: catalog)) == .malformed)
        pdf.set(catalog, "<</Type /Catalog /AF [\(photo) 0 R]>>")
        #expect(code(pdf.file(root: catalog)) == .unsupportedFilter)
    }

    @Test func rejectsAbsurdObjectCounts() {
        let declared = TestPDF.hybrid([Self.invoice]) { _ in " /Size 2000000000" }
        #expect(code(declared) == .tooManyObjects)
        let pdf = TestPDF.hybrid([Self.invoice])
        let table = replacing("xref\n0 10\n", with: "xref\n0 999999999\n", in: pdf)
        #expect(table != pdf)
        #expect(code(table) == .tooManyObjects)
        let streams = TestPDF.hybrid([Self.invoice], layout: .objectStreams) { _ in " /Index [0 900000000]" }
        #expect(code(streams) == .tooManyObjects)
    }

    @Test func readsManyStreamsWithoutLengthInOnePass() {
        // 4,000 attachments whose streams lack /Length after 1 MiB of padding: each is found by the next
        // `endstream`, which must not mean a scan of the rest of the file per stream.
        var pdf = TestPDF()
        let catalog = pdf.add("")
        pdf.addStream("", data: [UInt8](repeating: 0x41, count: 1 << 20), compressed: false)
        var names: [String] = []
        for index in 0..<4000 {
            let stream = pdf.add("<</Type /EmbeddedFile>>\nstream\nnote \(index)\nendstream")
            let specification = pdf.add("<</Type /Filespec /F (n\(index).txt) /EF <</F \(stream) 0 R>>>>")
            names.append("(n\(index).txt) \(specification) 0 R")
        }
        let tree = pdf.add("<</Names [\(names.joined(separator: " "))]>>")
        pdf.set(catalog, "<</Type /Catalog /Names <</EmbeddedFiles \(tree) 0 R>>>>")
        #expect(code(pdf.file(root: catalog)) == .noInvoice)
    }

    @Test func rejectsDeepNesting() {
        var pdf = TestPDF()
        let catalog = pdf.add("")
        pdf.set(catalog, "<</Type /Catalog /AF " + String(repeating: "[", count: 100_000) + ">>")
        #expect(code(pdf.file(root: catalog)) == .malformed)
    }

    @Test func rejectsPDFsWithoutInvoice() {
        #expect(code(TestPDF.hybrid([])) == .noInvoice)
        #expect(code(TestPDF.hybrid([.init(name: "rechnung.xml", data: Array("<a/>".utf8))])) == .noInvoice)
    }

    @Test func rejectsSeveralCandidates() {
        let pdf = TestPDF.hybrid([Self.invoice, .init(name: "xrechnung.xml", data: Array("<b/>".utf8))])
        #expect(code(pdf) == .severalInvoices)
    }

    @Test func rejectsOrders() {
        #expect(code(TestPDF.hybrid([.init(name: "order-x.xml", data: Array("<order/>".utf8))])) == .order)
    }

    @Test(arguments: ExtractionTests.layouts)
    func survivesEveryTruncationAndBitFlip(_ layout: TestPDF.Layout) {
        let pdf = TestPDF.hybrid([Self.invoice], layout: layout)
        for length in stride(from: 0, to: pdf.count, by: 7) {
            _ = code(Array(pdf.prefix(length)))
        }
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<2000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            var mutated = pdf
            let position = Int(state >> 33) % mutated.count
            mutated[position] = UInt8(truncatingIfNeeded: state >> 7)
            _ = code(mutated)
        }
    }
}
