import EInvoiceXML
import Testing

/// Bad input is normal input: every hostile document is refused with a clear code, never a crash, a hang, a
/// file read or a network access.
@Suite(.timeLimit(.minutes(1))) struct HostileDocumentTests {
    private func error(_ text: String, limits: ParseLimits = ParseLimits()) -> IntakeError? {
        error(Array(text.utf8), limits: limits)
    }

    private func error(_ bytes: [UInt8], limits: ParseLimits = ParseLimits()) -> IntakeError? {
        do {
            _ = try ParsedDocument.parse(bytes, limits: limits)
            return nil
        } catch {
            return error
        }
    }

    private func code(_ text: String, limits: ParseLimits = ParseLimits()) -> IntakeError.Code? {
        error(text, limits: limits)?.code
    }

    private func code(_ bytes: [UInt8], limits: ParseLimits = ParseLimits()) -> IntakeError.Code? {
        error(bytes, limits: limits)?.code
    }

    private func code(_ buffer: UnsafeRawBufferPointer) -> IntakeError.Code? {
        do {
            _ = try ParsedDocument.parse(buffer)
            return nil
        } catch {
            return error.code
        }
    }

    @Test func rejectsEmptyInput() {
        #expect(code("") == .empty)
        #expect(code(UnsafeRawBufferPointer(start: nil, count: 0)) == .empty)
    }

    @Test func rejectsTextThatIsNotXML() {
        let error = error("hello, this is not an invoice")
        #expect(error?.code == .notWellFormed)
        #expect(error?.position == SourcePosition(line: 1, column: 1))
        #expect(code("  \n\t") == .notWellFormed)
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
        let truncated = error("<a><b></b>")
        #expect(truncated?.code == .notWellFormed)
        #expect(truncated?.message == "Premature end of data in tag a line 1")
        #expect(truncated?.description == "xml.not-well-formed at 1:11: Premature end of data in tag a line 1")
    }

    @Test func rejectsBillionLaughs() {
        let laughs = """
            <?xml version="1.0"?>
            <!DOCTYPE lolz [
              <!ENTITY lol "lol">
              <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
              <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
              <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
              <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
              <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
              <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
              <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
              <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
            ]>
            <lolz>&lol9;</lolz>
            """
        let error = error(laughs)
        #expect(error?.code == .doctypeForbidden)
        #expect(error?.position?.line == 2)
    }

    @Test func neverReadsExternalEntities() {
        let xxe = """
            <?xml version="1.0"?>
            <!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]>
            <a>&x;</a>
            """
        let error = error(xxe)
        #expect(error?.code == .doctypeForbidden)
        #expect(error?.message.contains("root:") == false)
        #expect(code("<!DOCTYPE a SYSTEM \"file:///etc/passwd\"><a/>") == .doctypeForbidden)
        #expect(code("<!DOCTYPE a SYSTEM \"http://127.0.0.1:9/a.dtd\"><a/>") == .doctypeForbidden)
        // Without a DOCTYPE no entity can be declared: a reference is an error, never a look-up.
        #expect(code("<a>&x;</a>") == .notWellFormed)
    }

    @Test func rejectsAnyDoctype() {
        #expect(code("<!DOCTYPE a><a/>") == .doctypeForbidden)
        #expect(code("<?xml version=\"1.0\"?>\n<!-- c -->\n<!DOCTYPE a []>\n<a/>") == .doctypeForbidden)
    }

    @Test func rejectsBytesThatContradictTheDeclaredEncoding() {
        var bytes = Array("<?xml version=\"1.0\" encoding=\"UTF-8\"?><a>".utf8)
        bytes.append(0xE4)  // Latin-1 'ä' is not UTF-8
        bytes.append(contentsOf: Array("</a>".utf8))
        let error = error(bytes)
        #expect(error?.code == .notWellFormed)
        // The first line of libxml2's message only: the second quotes the document's bytes.
        #expect(error?.message == "Input is not proper UTF-8, indicate encoding !")
        #expect(error?.position == SourcePosition(line: 1, column: 42))
    }

    @Test func rejectsUnknownAndUnconvertibleEncodings() {
        #expect(code("<?xml version=\"1.0\" encoding=\"NO-SUCH-CHARSET\"?><a/>") == .encoding)
        #expect(code("<?xml version=\"1.0\" encoding=\"UTF-16\"?><a/>") == .encoding)
        // A lone UTF-16 surrogate: libxml2 reports the conversion failure without a parser context.
        let loneSurrogate: [UInt8] = [
            0xFF, 0xFE, 0x3C, 0, 0x61, 0, 0x3E, 0, 0x00, 0xD8, 0x3C, 0, 0x2F, 0, 0x61, 0, 0x3E, 0,
        ]
        let error = error(loneSurrogate)
        #expect(error?.code == .encoding)
        #expect(error?.message == "input conversion failed due to input error")
        #expect(code([0xFF, 0xFE, 0x3C, 0, 0x61, 0, 0x2F, 0, 0x3E, 0, 0x20]) == .encoding)
    }

    @Test func acceptsUTF16WithByteOrderMark() throws {
        for bigEndian in [false, true] {
            var bytes: [UInt8] = bigEndian ? [0xFE, 0xFF] : [0xFF, 0xFE]
            for unit in "<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n<a b=\"ö\">ä</a>".utf16 {
                let pair = [UInt8(unit & 0xFF), UInt8(unit >> 8)]
                bytes.append(contentsOf: bigEndian ? pair.reversed() : pair)
            }
            let tree = try ParsedDocument.parse(bytes).tree
            let root = try #require(tree.firstElementChild(tree.root))
            #expect(tree.stringValue(tree.root) == "ä")
            #expect(tree.attribute(root, "b") == "ö")
            #expect(tree.line(root) == 2)
        }
    }

    @Test func acceptsLatin1WhenDeclared() throws {
        var bytes = Array("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a>".utf8)
        bytes.append(0xE4)
        bytes.append(contentsOf: Array("</a>".utf8))
        #expect(try ParsedDocument.parse(bytes).tree.stringValue(0) == "ä")
    }

    @Test func rejectsUndeclaredPrefixes() {
        let error = error("<a>\n  <p:b/>\n</a>")
        #expect(error?.code == .notWellFormed)
        #expect(error?.message == "Namespace prefix p on b is not defined")
        #expect(error?.position?.line == 2)
        #expect(code("<a p:x=\"1\"/>") == .notWellFormed)
    }

    @Test func acceptsNamespaceWarnings() throws {
        // libxml2 only warns about a relative namespace URI; it is well-formed.
        let tree = try ParsedDocument.parse(Array("<a xmlns=\"relative\"/>".utf8)).tree
        #expect(tree.name(1) == QName(namespace: "relative", local: "a"))
    }

    @Test func rejectsDocumentsOverTheSizeLimit() {
        let big = "<a>" + String(repeating: "x", count: 2000) + "</a>"
        let error = error(big, limits: ParseLimits(maxBytes: 1000))
        #expect(error?.code == .tooLarge)
        #expect(error?.position == nil)
        #expect(code(big, limits: ParseLimits(maxBytes: big.utf8.count)) == nil)
        #expect(ParseLimits().maxBytes == 15 * 1024 * 1024)
        var huge = Array("<a>".utf8)
        huge.append(contentsOf: repeatElement(UInt8(ascii: "x"), count: 15 * 1024 * 1024))
        huge.append(contentsOf: Array("</a>".utf8))
        #expect(code(huge) == .tooLarge)
    }

    @Test func rejectsDeepNesting() {
        let deep = String(repeating: "<a>", count: 300) + String(repeating: "</a>", count: 300)
        #expect(code(deep) == .tooDeep)
        // Far deeper than any stack would survive if anything recursed.
        let abyss = String(repeating: "<a>", count: 100_000) + String(repeating: "</a>", count: 100_000)
        #expect(code(abyss, limits: ParseLimits(maxDepth: 100_000)) == .tooDeep)
        let moderate = String(repeating: "<a>", count: 50) + String(repeating: "</a>", count: 50)
        #expect(code(moderate, limits: ParseLimits(maxDepth: 20)) == .tooDeep)
    }

    @Test func acceptsNestingUpToTheLimit() {
        func nested(_ depth: Int) -> String {
            String(repeating: "<a>", count: depth) + String(repeating: "</a>", count: depth)
        }
        #expect(code(nested(256)) == nil)
        #expect(code(nested(257)) == .tooDeep)
        #expect(code(nested(20), limits: ParseLimits(maxDepth: 20)) == nil)
        let error = error("<a>\n<a>\n<a/></a></a>", limits: ParseLimits(maxDepth: 2))
        #expect(error?.code == .tooDeep)
        #expect(error?.position?.line == 3)
    }

    @Test func rejectsTooManyNodes() {
        let flat = "<a>" + String(repeating: "<b/>", count: 100) + "</a>"
        #expect(code(flat, limits: ParseLimits(maxNodes: 101)) == nil)
        #expect(code(flat, limits: ParseLimits(maxNodes: 100)) == .tooManyNodes)
        let attributes = "<a " + (0..<50).map { "x\($0)=\"\"" }.joined(separator: " ") + "/>"
        #expect(code(attributes, limits: ParseLimits(maxNodes: 50)) == .tooManyNodes)
        let comments = "<a>" + String(repeating: "<!---->", count: 100) + "</a>"
        #expect(code(comments, limits: ParseLimits(maxNodes: 50)) == .tooManyNodes)
    }

    private func element(attributes: Int, value: String = "") -> String {
        "<a" + (0..<attributes).map { " x\($0)='\(value)'" }.joined() + "/>"
    }

    @Test func rejectsTooManyAttributesBeforeParsing() {
        #expect(code(element(attributes: 100)) == nil)
        let error = error("<r>\n  " + element(attributes: 101) + "</r>")
        #expect(error?.code == .tooManyAttributes)
        #expect(error?.position == SourcePosition(line: 2, column: 3))
        #expect(code(element(attributes: 10), limits: ParseLimits(maxAttributes: 9)) == .tooManyAttributes)
        // libxml2 2.9 needs seconds for this one (quadratic): it must never see it.
        #expect(code(element(attributes: 40_000)) == .tooManyAttributes)
        let declarations = "<a" + (0..<101).map { " xmlns:p\($0)='urn:\($0)'" }.joined() + "/>"
        #expect(code(declarations) == .tooManyAttributes)
    }

    @Test func countsAttributesThatHideBehindQuotesAndBrackets() {
        // A `>` inside a value does not end the tag.
        #expect(code(element(attributes: 101, value: ">")) == .tooManyAttributes)
        // A `<` inside a value starts what libxml2, recovering, parses as a new tag.
        #expect(code("<a x=\"" + element(attributes: 101) + "\"/>") == .tooManyAttributes)
        // The other quote does not close a value.
        #expect(code(element(attributes: 101, value: "\"")) == .tooManyAttributes)
        // In UTF-16 as in UTF-8.
        var utf16: [UInt8] = [0xFF, 0xFE]
        for unit in element(attributes: 101).utf16 { utf16 += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        #expect(code(utf16) == .tooManyAttributes)
    }

    @Test func acceptsEqualsSignsOutsideTags() throws {
        let text = "<a b=\"====\">" + String(repeating: "=", count: 1000) + "<!-- ==== --></a>"
        #expect(code(text) == nil)
    }

    @Test func rejectsTooManyNamespacesInScope() {
        func level(_ depth: Int) -> String {
            "<e" + (0..<40).map { " xmlns:n\(depth)_\($0)='urn:x'" }.joined() + ">"
        }
        let nested = (0..<3).map(level).joined() + (0..<3).map { _ in "</e>" }.joined()
        let error = error(nested)
        #expect(error?.code == .tooManyNamespaces)
        #expect(code(nested, limits: ParseLimits(maxNamespaces: 120)) == nil)
        // Siblings do not add up: each one's declarations go out of scope at its end.
        let siblings = "<r>" + (0..<3).map { level($0) + "</e>" }.joined() + "</r>"
        #expect(code(siblings) == nil)
        // 250 levels of 100 declarations made libxml2 2.9 take over ten seconds for 1 MB.
        let bomb = (0..<250).map { depth in
            "<e" + (0..<100).map { " xmlns:n\(depth)_\($0)='u'" }.joined() + ">"
        }.joined()
        #expect(code(bomb + String(repeating: "<e/>", count: 100_000)) == .tooManyNamespaces)
    }

    @Test func refusesEncodingsInWhichMarkupCouldHide() {
        func declared(_ encoding: String) -> IntakeError.Code? {
            code("<?xml version=\"1.0\" encoding=\"\(encoding)\"?><a/>")
        }
        #expect(declared("ISO-2022-JP") == .encoding)
        #expect(declared("UTF-7") == .encoding)
        #expect(declared("IBM037") == .encoding)
        #expect(declared("UTF-16") == .encoding)
        #expect(code(Array("<?xml version='1.0' encoding = 'utf-7' ?><a/>".utf8)) == .encoding)
        #expect(declared("UTF-8") == nil)
        #expect(declared("us-ascii") == nil)
        #expect(declared("ISO-8859-15") == nil)
        #expect(declared("windows-1252") == nil)
        // EBCDIC "<?xm" and UCS-4 "<".
        #expect(code([0x4C, 0x6F, 0xA7, 0x94, 0x93, 0x40]) == .encoding)
        #expect(code([0x3C, 0, 0, 0, 0x61, 0, 0, 0, 0x2F, 0, 0, 0, 0x3E, 0, 0, 0]) == .encoding)
        // UTF-16 that declares another encoding, which libxml2 would switch to.
        var utf16: [UInt8] = [0xFF, 0xFE]
        for unit in "<?xml version=\"1.0\" encoding=\"ISO-2022-JP\"?><a/>".utf16 {
            utf16 += [UInt8(unit & 0xFF), UInt8(unit >> 8)]
        }
        #expect(code(utf16) == .encoding)
    }

    @Test func rejectsTheSameDocumentTheSameWayOnManyThreadsAtOnce() async {
        let loneSurrogate: [UInt8] = [0xFF, 0xFE, 0x3C, 0, 0x61, 0, 0x3E, 0, 0x00, 0xD8, 0x3C, 0, 0x2F, 0, 0x61, 0]
        let documents: [([UInt8], IntakeError.Code?)] = [
            (Array("<a><b>text</b></a>".utf8), nil),
            (Array("<a><b></a>".utf8), .notWellFormed),
            (Array("<!DOCTYPE a><a/>".utf8), .doctypeForbidden),
            (Array("<?xml version=\"1.0\" encoding=\"NO-SUCH-CHARSET\"?><a/>".utf8), .encoding),
            (loneSurrogate, .encoding),
            (Array(String(repeating: "<a>", count: 300).utf8), .tooDeep),
        ]
        let failures = await withTaskGroup(of: Int.self) { group in
            for task in 0..<8 {
                group.addTask {
                    var failures = 0
                    for round in 0..<200 {
                        let (bytes, expected) = documents[(task + round) % documents.count]
                        if code(bytes) != expected { failures += 1 }
                    }
                    return failures
                }
            }
            return await group.reduce(0, +)
        }
        #expect(failures == 0)
    }
}
