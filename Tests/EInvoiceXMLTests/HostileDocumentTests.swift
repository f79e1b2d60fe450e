import EInvoiceXML
import Testing

/// Bad input is normal input: every hostile document is refused with a clear code, never a crash or a hang.
@Suite struct HostileDocumentTests {
    private func code(_ text: String, limits: ParseLimits = ParseLimits()) -> IntakeError.Code? {
        code(Array(text.utf8), limits: limits)
    }

    private func code(_ bytes: [UInt8], limits: ParseLimits = ParseLimits()) -> IntakeError.Code? {
        do {
            _ = try ParsedDocument.parse(bytes, limits: limits)
            return nil
        } catch {
            return error.code
        }
    }

    @Test func rejectsEmptyInput() {
        #expect(code("") == .empty)
    }

    @Test func rejectsTextThatIsNotXML() {
        #expect(code("hello, this is not an invoice") == .notWellFormed)
    }

    @Test func rejectsTruncatedDocumentWithTheFirstErrorPosition() throws {
        do {
            _ = try ParsedDocument.parse(Array("<a>\n<b></c>\n</a>".utf8))
            Issue.record("a mismatched tag was accepted")
        } catch {
            #expect(error.code == .notWellFormed)
            #expect(error.position?.line == 2)
            #expect(error.message.contains("mismatch"))
        }
        #expect(code("<Invoice><ID>1</ID>") == .notWellFormed)
    }

    @Test func rejectsBillionLaughs() {
        let laughs = """
            <?xml version="1.0"?>
            <!DOCTYPE lolz [
              <!ENTITY lol "lol">
              <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
              <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
              <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
            ]>
            <lolz>&lol4;</lolz>
            """
        #expect(code(laughs) == .doctypeForbidden)
    }

    @Test func neverReadsExternalEntities() {
        let xxe = """
            <?xml version="1.0"?>
            <!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]>
            <a>&x;</a>
            """
        #expect(code(xxe) == .doctypeForbidden)
    }

    @Test func rejectsAnyDoctype() {
        #expect(code("<!DOCTYPE a><a/>") == .doctypeForbidden)
    }

    @Test func rejectsBytesThatContradictTheDeclaredEncoding() {
        var bytes = Array("<?xml version=\"1.0\" encoding=\"UTF-8\"?><a>".utf8)
        bytes.append(0xE4)  // Latin-1 'ä' is not UTF-8
        bytes.append(contentsOf: Array("</a>".utf8))
        #expect(code(bytes) == .notWellFormed)
    }

    @Test func acceptsUTF16WithByteOrderMark() throws {
        var bytes: [UInt8] = [0xFF, 0xFE]
        for unit in "<a>ä</a>".utf16 {
            bytes.append(UInt8(unit & 0xFF))
            bytes.append(UInt8(unit >> 8))
        }
        let document = try ParsedDocument.parse(bytes)
        #expect(document.tree.stringValue(0) == "ä")
    }

    @Test func rejectsDocumentsOverTheSizeLimit() {
        let big = "<a>" + String(repeating: "x", count: 2000) + "</a>"
        #expect(code(big, limits: ParseLimits(maxBytes: 1000)) == .tooLarge)
    }

    @Test func rejectsDeepNesting() {
        let deep = String(repeating: "<a>", count: 300) + String(repeating: "</a>", count: 300)
        #expect(code(deep) != nil)
        let moderate = String(repeating: "<a>", count: 50) + String(repeating: "</a>", count: 50)
        #expect(code(moderate, limits: ParseLimits(maxDepth: 20)) == .tooDeep)
    }
}
