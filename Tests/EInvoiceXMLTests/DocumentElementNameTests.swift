import Foundation
import Testing

@testable import EInvoiceXML

/// ``ParsedDocument/documentElementName(_:limits:)`` reads the document element's name from the start of a document
/// only: what comes before it is parsed as carefully as in a full parse, what follows it is not read.
@Suite struct DocumentElementNameTests {
    private static func name(_ text: String) -> QName? {
        ParsedDocument.documentElementName(Array(text.utf8))
    }

    @Test func prefixedAndDefaultNamespaces() {
        #expect(
            Self.name(#"<ubl:Invoice xmlns:ubl="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"/>"#)
                == QName(namespace: "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2", local: "Invoice")
        )
        #expect(
            Self.name(#"<CreditNote xmlns="urn:c"><x/></CreditNote>"#) == QName(namespace: "urn:c", local: "CreditNote")
        )
        #expect(Self.name("<plain/>") == QName(namespace: "", local: "plain"))
    }

    @Test func declarationCommentsAndInstructionsBeforeTheElement() {
        let text = """
            <?xml version="1.0" encoding="UTF-8"?>
            <!-- a comment --><?pi data?>
            <r xmlns="urn:r">
            """
        #expect(Self.name(text) == QName(namespace: "urn:r", local: "r"))
    }

    /// The rest of the document is never read: a document cut off, or broken, after the start tag still names it.
    @Test func whatFollowsTheStartTagIsNotRead() {
        #expect(Self.name(#"<r xmlns="urn:r"><a>unclosed"#) == QName(namespace: "urn:r", local: "r"))
        #expect(Self.name(#"<r xmlns="urn:r"></wrong>"#) == QName(namespace: "urn:r", local: "r"))
    }

    @Test func otherEncodings() {
        for bigEndian in [false, true] {
            var utf16: [UInt8] = bigEndian ? [0xFE, 0xFF] : [0xFF, 0xFE]
            for unit in "<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n<r\u{E4} xmlns=\"urn:r\"/>".utf16 {
                let pair = [UInt8(unit & 0xFF), UInt8(unit >> 8)]
                utf16.append(contentsOf: bigEndian ? pair.reversed() : pair)
            }
            #expect(ParsedDocument.documentElementName(utf16) == QName(namespace: "urn:r", local: "r\u{E4}"))
        }
        let latin1 = Array("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><r\u{E4} xmlns=\"urn:r\"/>".utf8)
            .replacingUTF8("\u{E4}", with: [0xE4])
        #expect(ParsedDocument.documentElementName(latin1) == QName(namespace: "urn:r", local: "r\u{E4}"))
    }

    @Test func nothingToName() {
        #expect(Self.name("") == nil)
        #expect(Self.name("not XML at all") == nil)
        #expect(Self.name("<?xml version=\"1.0\"?><!-- only a comment -->") == nil)
        #expect(Self.name(#"<r xmlns:p="urn:p"><p:a/></r"#) == QName(namespace: "", local: "r"))
        #expect(Self.name("<p:r/>") == nil)
        // A DOCTYPE is refused before anything it declares is read.
        #expect(Self.name(#"<!DOCTYPE r [<!ENTITY a "aaaa">]><r>&a;</r>"#) == nil)
        // Over the size limit: not read at all.
        var limits = ParseLimits()
        limits.maxBytes = 10
        #expect(ParsedDocument.documentElementName(Array("<r>0123456789</r>".utf8), limits: limits) == nil)
        // Too many attributes on one element (libxml2 checks them for duplicates pairwise): refused before libxml2
        // reads them, as a parse refuses them.
        var few = ParseLimits()
        few.maxAttributes = 3
        #expect(ParsedDocument.documentElementName(Array(#"<r a="1" b="2" c="3" d="4"/>"#.utf8), limits: few) == nil)
        #expect(ParsedDocument.documentElementName(Array(#"<r a="1" b="2" c="3"/>"#.utf8), limits: few) != nil)
    }
}

extension [UInt8] {
    fileprivate func replacingUTF8(_ text: String, with replacement: [UInt8]) -> [UInt8] {
        let pattern = Array(text.utf8)
        var result: [UInt8] = []
        var index = 0
        while index < count {
            if index + pattern.count <= count, Array(self[index..<index + pattern.count]) == pattern {
                result += replacement
                index += pattern.count
            } else {
                result.append(self[index])
                index += 1
            }
        }
        return result
    }
}
