/// The bytes of an HTML page under construction. Markup comes only from string literals (`StaticString`), and
/// every other value goes through ``text(_:)``, which escapes it: a report shows invoice content, and an invoice
/// is untrusted input. Public for the clerks' workspace (EInvoiceWeb), whose pages are built the same way.
public struct HTMLBuffer: Sendable {
    public private(set) var bytes: [UInt8]

    public init(capacity: Int) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    /// Appends markup written in this module.
    public mutating func raw(_ markup: StaticString) {
        markup.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// Appends a decimal number.
    public mutating func number(_ value: Int) {
        bytes.append(contentsOf: String(value).utf8)
    }

    /// Appends `value` as text, escaped for element content and quoted attribute values alike.
    public mutating func text(_ value: String) {
        var value = value
        value.withUTF8 { appendEscaped($0) }
    }

    /// Appends valid UTF-8 as text, escaped.
    mutating func text(utf8: UnsafeBufferPointer<UInt8>) {
        appendEscaped(utf8)
    }

    /// Escapes `&`, `<`, `>`, `"` and `'`; shows C0 controls as their Control Pictures (U+2400…), DEL as U+2421;
    /// replaces C1 controls, noncharacters and the bidirectional embedding, override and isolate controls with
    /// U+FFFD, so nothing from an invoice can form markup or reorder what the page shows. Expects valid UTF-8.
    private mutating func appendEscaped(_ input: UnsafeBufferPointer<UInt8>) {
        var index = 0
        var runStart = 0
        let count = input.count
        while index < count {
            let byte = input[index]
            guard Self.attention[Int(byte)] else {
                index += 1
                continue
            }
            var replacement: StaticString? = nil
            var picture: UInt8? = nil
            var length = 1
            switch byte {
            case UInt8(ascii: "&"): replacement = "&amp;"
            case UInt8(ascii: "<"): replacement = "&lt;"
            case UInt8(ascii: ">"): replacement = "&gt;"
            case UInt8(ascii: "\""): replacement = "&quot;"
            case UInt8(ascii: "'"): replacement = "&#39;"
            case 0x7F: picture = 0x21
            case 0xC2:
                // U+0080…U+009F: C2 80…C2 9F.
                if index + 1 < count, input[index + 1] <= 0x9F {
                    replacement = "\u{FFFD}"
                    length = 2
                }
            case 0xE2:
                // U+202A…U+202E: E2 80 AA…AE; U+2066…U+2069: E2 81 A6…A9.
                if index + 2 < count {
                    let second = input[index + 1]
                    let third = input[index + 2]
                    if (second == 0x80 && third >= 0xAA && third <= 0xAE)
                        || (second == 0x81 && third >= 0xA6 && third <= 0xA9)
                    {
                        replacement = "\u{FFFD}"
                        length = 3
                    }
                }
            case 0xEF:
                // U+FDD0…U+FDEF: EF B7 90…AF; U+FFFE, U+FFFF: EF BF BE, EF BF BF.
                if index + 2 < count {
                    let second = input[index + 1]
                    let third = input[index + 2]
                    if (second == 0xB7 && third >= 0x90 && third <= 0xAF) || (second == 0xBF && third >= 0xBE) {
                        replacement = "\u{FFFD}"
                        length = 3
                    }
                }
            default:
                // C0 controls other than tab, line feed and carriage return.
                picture = byte
            }
            if replacement == nil && picture == nil {
                index += 1
                continue
            }
            if runStart < index {
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: input[runStart..<index]))
            }
            if let replacement {
                raw(replacement)
            } else if let picture {
                // U+2400 + c: E2 90 80+c.
                bytes.append(0xE2)
                bytes.append(0x90)
                bytes.append(0x80 + picture)
            }
            index += length
            runStart = index
        }
        if runStart < count {
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: input[runStart..<count]))
        }
    }

    /// The bytes `appendEscaped` looks at more closely.
    private static let attention: [Bool] = (0...255).map { byte in
        switch byte {
        case 0x09, 0x0A, 0x0D: false
        case 0x00...0x1F, 0x7F, 0xC2, 0xE2, 0xEF: true
        case 0x26, 0x3C, 0x3E, 0x22, 0x27: true
        default: false
        }
    }
}
