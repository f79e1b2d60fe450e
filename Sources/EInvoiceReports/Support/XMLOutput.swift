/// Writes indented XML text: elements one per line, two spaces per level, every value escaped.
struct XMLOutput {
    private(set) var text = ""
    private var depth = 0

    init() {
        text.reserveCapacity(8192)
    }

    mutating func line(_ markup: String) {
        indent()
        text += markup
        text += "\n"
    }

    /// Markup written as given, its first line indented (a quoted element keeps its own indentation).
    mutating func raw(_ markup: String) {
        line(markup)
    }

    mutating func open(_ name: String, _ attributes: [(String, String)] = []) {
        indent()
        startTag(name, attributes)
        text += ">\n"
        depth += 1
    }

    mutating func close(_ name: String) {
        depth -= 1
        indent()
        text += "</" + name + ">\n"
    }

    mutating func empty(_ name: String, _ attributes: [(String, String)] = []) {
        indent()
        startTag(name, attributes)
        text += "/>\n"
    }

    mutating func element(_ name: String, _ content: String) {
        element(name, [], content)
    }

    mutating func element(_ name: String, _ attributes: [(String, String)], _ content: String) {
        indent()
        startTag(name, attributes)
        text += ">"
        Self.escape(content, into: &text, inAttribute: false)
        text += "</" + name + ">\n"
    }

    private mutating func startTag(_ name: String, _ attributes: [(String, String)]) {
        text += "<" + name
        for (key, value) in attributes {
            text += " " + key + "=\""
            Self.escape(value, into: &text, inAttribute: true)
            text += "\""
        }
    }

    private mutating func indent() {
        text += String(repeating: "  ", count: depth)
    }

    /// Escapes markup characters; in attributes also quotes and the white space that attribute-value
    /// normalisation would turn into spaces. Characters XML 1.0 does not allow (controls, U+FFFE, U+FFFF) become
    /// U+FFFD: a file name may hold them, a report must stay well-formed.
    static func escape(_ value: String, into output: inout String, inAttribute: Bool) {
        let needsWork = value.utf8.contains { byte in
            byte < 0x20 || byte == UInt8(ascii: "&") || byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">")
                || byte == UInt8(ascii: "\"") || byte == 0xEF
        }
        if !needsWork {
            output += value
            return
        }
        for scalar in value.unicodeScalars {
            switch scalar {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\"" where inAttribute: output += "&quot;"
            case "\n" where inAttribute: output += "&#10;"
            case "\r": output += "&#13;"
            case "\t" where inAttribute: output += "&#9;"
            case "\n", "\t": output.unicodeScalars.append(scalar)
            case "\u{0}"..."\u{1F}", "\u{FFFE}", "\u{FFFF}": output += "\u{FFFD}"
            default: output.unicodeScalars.append(scalar)
            }
        }
    }
}
