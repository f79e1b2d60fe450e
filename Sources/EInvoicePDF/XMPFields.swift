/// The Factur-X / ZUGFeRD extension schema fields of a PDF's XMP metadata (Factur-X 1.0 §6.2.2,
/// `fx:DocumentType`, `fx:DocumentFileName`, `fx:ConformanceLevel`), whatever prefix the producer bound.
///
/// Read by a scan of the packet, element or attribute form, not by an XML parser: the values are single words,
/// and a broken packet must not stop the invoice.
struct XMPFields {
    var conformanceLevel: String?
    var documentType: String?
    var documentFileName: String?

    init() {}

    init(_ packet: [UInt8]) {
        conformanceLevel = Self.value(of: "ConformanceLevel", in: packet)
        documentType = Self.value(of: "DocumentType", in: packet)
        documentFileName = Self.value(of: "DocumentFileName", in: packet)
    }

    /// The first value of `prefix:local`: `<p:local>value</p:local>` or `p:local="value"`.
    static func value(of local: String, in packet: [UInt8]) -> String? {
        let needle = Array((":" + local).utf8)
        guard packet.count > needle.count else { return nil }
        var index = 0
        while index <= packet.count - needle.count {
            defer { index += 1 }
            guard packet[index] == needle[0], packet[index..<index + needle.count].elementsEqual(needle) else {
                continue
            }
            var position = index + needle.count
            while position < packet.count && PDFParser.isWhitespace(packet[position]) { position += 1 }
            guard position < packet.count else { return nil }
            if packet[position] == UInt8(ascii: ">") {
                let start = position + 1
                guard let end = packet[start...].firstIndex(of: UInt8(ascii: "<")) else { return nil }
                return clean(packet[start..<end])
            }
            if packet[position] == UInt8(ascii: "=") {
                position += 1
                while position < packet.count && PDFParser.isWhitespace(packet[position]) { position += 1 }
                guard position < packet.count else { return nil }
                let quote = packet[position]
                guard quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") else { continue }
                let start = position + 1
                guard let end = packet[start...].firstIndex(of: quote) else { return nil }
                return clean(packet[start..<end])
            }
        }
        return nil
    }

    private static func clean(_ bytes: ArraySlice<UInt8>) -> String? {
        // The values are single words (`EN 16931`, `INVOICE`, `factur-x.xml`): no entities to expand.
        let text = String(decoding: bytes.prefix(256), as: UTF8.self)
        let trimmed = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        return trimmed.isEmpty ? nil : trimmed
    }
}
