/// Reads PDF object syntax (ISO 32000-1 §7.2, §7.3) from a position in the file's bytes. Every token is bounded by
/// the file's end and every nesting by ``PDFLimits/maxDepth``; a fault throws `pdf.malformed` with the offset.
struct PDFParser {
    let bytes: [UInt8]
    var position: Int
    let maxDepth: Int

    init(bytes: [UInt8], position: Int, maxDepth: Int) {
        self.bytes = bytes
        self.position = position
        self.maxDepth = maxDepth
    }

    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 || byte == 0x0C || byte == 0x00
    }

    static func isDelimiter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "["),
            UInt8(ascii: "]"), UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "/"), UInt8(ascii: "%"):
            true
        default: false
        }
    }

    static func isRegular(_ byte: UInt8) -> Bool { !isWhitespace(byte) && !isDelimiter(byte) }

    func malformed(_ what: String) -> PDFExtractionError {
        PDFExtractionError(.malformed, "\(what) at byte \(position)")
    }

    /// Skips white space and comments.
    mutating func skipWhitespace() {
        while position < bytes.count {
            let byte = bytes[position]
            if Self.isWhitespace(byte) {
                position += 1
            } else if byte == UInt8(ascii: "%") {
                while position < bytes.count && bytes[position] != 0x0A && bytes[position] != 0x0D { position += 1 }
            } else {
                return
            }
        }
    }

    /// A run of regular characters (a keyword or a number), after white space; empty at a delimiter or the end.
    mutating func word() -> ArraySlice<UInt8> {
        skipWhitespace()
        let start = position
        while position < bytes.count && Self.isRegular(bytes[position]) { position += 1 }
        return bytes[start..<position]
    }

    /// Whether the next word is `keyword`; consumes it only then.
    mutating func accept(_ keyword: String) -> Bool {
        let saved = position
        if word().elementsEqual(keyword.utf8) { return true }
        position = saved
        return false
    }

    /// A non-negative integer word, or nil (position unchanged).
    mutating func unsignedInteger() -> Int? {
        let saved = position
        let token = word()
        guard !token.isEmpty, token.count <= 18, token.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
            position = saved
            return nil
        }
        return token.reduce(0) { $0 * 10 + Int($1 - 0x30) }
    }

    /// One object; `N G R` becomes a reference.
    mutating func object(depth: Int = 0) throws(PDFExtractionError) -> PDFObject {
        guard depth <= maxDepth else {
            throw PDFExtractionError(.malformed, "objects nested deeper than \(maxDepth) at byte \(position)")
        }
        skipWhitespace()
        guard position < bytes.count else { throw malformed("the file ends inside an object") }
        switch bytes[position] {
        case UInt8(ascii: "/"):
            return .name(try name())
        case UInt8(ascii: "("):
            return .string(try literalString())
        case UInt8(ascii: "<"):
            if position + 1 < bytes.count && bytes[position + 1] == UInt8(ascii: "<") {
                return .dictionary(try dictionary(depth: depth))
            }
            return .string(try hexString())
        case UInt8(ascii: "["):
            position += 1
            var items: [PDFObject] = []
            while true {
                skipWhitespace()
                guard position < bytes.count else { throw malformed("the file ends inside an array") }
                if bytes[position] == UInt8(ascii: "]") {
                    position += 1
                    return .array(items)
                }
                items.append(try object(depth: depth + 1))
            }
        default:
            return try scalar()
        }
    }

    private mutating func scalar() throws(PDFExtractionError) -> PDFObject {
        let start = position
        let token = word()
        if token.isEmpty { throw malformed("unexpected character") }
        if token.elementsEqual("true".utf8) { return .boolean(true) }
        if token.elementsEqual("false".utf8) { return .boolean(false) }
        if token.elementsEqual("null".utf8) { return .null }
        guard let number = Self.number(token) else {
            position = start
            throw malformed("unexpected keyword")
        }
        if case .integer(let value) = number, value >= 0 {
            // N G R
            let afterFirst = position
            if let generation = unsignedInteger(), accept("R") {
                return .reference(PDFReference(number: value, generation: generation))
            }
            position = afterFirst
        }
        return number
    }

    static func number(_ token: ArraySlice<UInt8>) -> PDFObject? {
        guard token.count <= 32 else { return nil }
        var negative = false
        var digits = token[...]
        if let first = digits.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
            negative = first == UInt8(ascii: "-")
            digits = digits.dropFirst()
        }
        guard !digits.isEmpty else { return nil }
        if digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
            guard digits.count <= 18 else { return .real(0) }
            let value = digits.reduce(0) { $0 * 10 + Int($1 - 0x30) }
            return .integer(negative ? -value : value)
        }
        var value = 0.0
        var scale = 0.0
        var seenDigit = false
        for byte in digits {
            if byte == UInt8(ascii: ".") {
                guard scale == 0 else { return nil }
                scale = 1
            } else if byte >= 0x30 && byte <= 0x39 {
                seenDigit = true
                if scale == 0 {
                    value = value * 10 + Double(byte - 0x30)
                } else {
                    scale /= 10
                    value += Double(byte - 0x30) * scale
                }
            } else {
                return nil
            }
        }
        return seenDigit ? .real(negative ? -value : value) : nil
    }

    private mutating func name() throws(PDFExtractionError) -> String {
        position += 1
        var decoded: [UInt8] = []
        while position < bytes.count && Self.isRegular(bytes[position]) {
            let byte = bytes[position]
            if byte == UInt8(ascii: "#"), position + 2 < bytes.count,
                let high = Self.hexValue(bytes[position + 1]), let low = Self.hexValue(bytes[position + 2])
            {
                decoded.append(high << 4 | low)
                position += 3
            } else {
                decoded.append(byte)
                position += 1
            }
        }
        return String(decoding: decoded, as: UTF8.self)
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: byte - 0x30
        case 0x41...0x46: byte - 0x41 + 10
        case 0x61...0x66: byte - 0x61 + 10
        default: nil
        }
    }

    private mutating func literalString() throws(PDFExtractionError) -> [UInt8] {
        position += 1
        var result: [UInt8] = []
        var open = 1
        while position < bytes.count {
            let byte = bytes[position]
            position += 1
            switch byte {
            case UInt8(ascii: "("):
                open += 1
                result.append(byte)
            case UInt8(ascii: ")"):
                open -= 1
                if open == 0 { return result }
                result.append(byte)
            case UInt8(ascii: "\\"):
                guard position < bytes.count else { break }
                let escaped = bytes[position]
                position += 1
                switch escaped {
                case UInt8(ascii: "n"): result.append(0x0A)
                case UInt8(ascii: "r"): result.append(0x0D)
                case UInt8(ascii: "t"): result.append(0x09)
                case UInt8(ascii: "b"): result.append(0x08)
                case UInt8(ascii: "f"): result.append(0x0C)
                case 0x0D:
                    if position < bytes.count && bytes[position] == 0x0A { position += 1 }
                case 0x0A:
                    break
                case 0x30...0x37:
                    var value = Int(escaped - 0x30)
                    for _ in 0..<2 {
                        guard position < bytes.count, (0x30...0x37).contains(bytes[position]) else { break }
                        value = value * 8 + Int(bytes[position] - 0x30)
                        position += 1
                    }
                    result.append(UInt8(truncatingIfNeeded: value))
                default:
                    result.append(escaped)
                }
            default:
                result.append(byte)
            }
        }
        throw malformed("the file ends inside a string")
    }

    private mutating func hexString() throws(PDFExtractionError) -> [UInt8] {
        position += 1
        var result: [UInt8] = []
        var high: UInt8?
        while position < bytes.count {
            let byte = bytes[position]
            position += 1
            if byte == UInt8(ascii: ">") {
                if let high { result.append(high << 4) }
                return result
            }
            if Self.isWhitespace(byte) { continue }
            guard let value = Self.hexValue(byte) else { throw malformed("a bad hex string") }
            if let pending = high {
                result.append(pending << 4 | value)
                high = nil
            } else {
                high = value
            }
        }
        throw malformed("the file ends inside a hex string")
    }

    private mutating func dictionary(depth: Int) throws(PDFExtractionError) -> PDFDictionary {
        position += 2
        var dictionary = PDFDictionary()
        while true {
            skipWhitespace()
            guard position < bytes.count else { throw malformed("the file ends inside a dictionary") }
            if bytes[position] == UInt8(ascii: ">") {
                guard position + 1 < bytes.count, bytes[position + 1] == UInt8(ascii: ">") else {
                    throw malformed("a dictionary not closed by >>")
                }
                position += 2
                return dictionary
            }
            guard bytes[position] == UInt8(ascii: "/") else { throw malformed("a dictionary key that is not a name") }
            let key = try name()
            dictionary.entries[key] = try object(depth: depth + 1)
        }
    }

    /// After a dictionary: the `stream` keyword and the start of the data (ISO 32000-1 §7.3.8.1), or nil.
    mutating func streamStart() -> Int? {
        let saved = position
        skipWhitespace()
        guard word().elementsEqual("stream".utf8) else {
            position = saved
            return nil
        }
        if position < bytes.count && bytes[position] == 0x0D { position += 1 }
        if position < bytes.count && bytes[position] == 0x0A { position += 1 }
        return position
    }
}
