/// A lexical token of XPath 2.0 (XPath 2.0 §A.2).
enum Token: Equatable {
    /// An NCName or QName as written (`cbc:ID`, `xs:decimal`, `div`); operators that are words stay names.
    case name(String)
    /// `prefix:*`
    case prefixWildcard(String)
    /// `*:local`
    case localWildcard(String)
    case string(String)
    case integer(String)
    case decimal(String)
    case double(String)
    /// `$name`
    case variable(String)
    /// Punctuation and symbolic operators: `( ) [ ] , / // @ . .. :: * + - = != < <= > >= << >> |`.
    case symbol(String)
    case end
}

/// Splits an expression into tokens; ``XPathParser`` reads them.
struct Lexer {
    private let scalars: [Unicode.Scalar]
    private var index = 0

    init(_ source: String) {
        scalars = Array(source.unicodeScalars)
    }

    static func isNameStart(_ c: Unicode.Scalar) -> Bool {
        c == "_" || (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || c.value >= 0xC0
    }

    static func isNameChar(_ c: Unicode.Scalar) -> Bool {
        isNameStart(c) || c == "-" || c == "." || (c >= "0" && c <= "9") || c.value == 0xB7
    }

    private func peek(_ offset: Int = 0) -> Unicode.Scalar? {
        index + offset < scalars.count ? scalars[index + offset] : nil
    }

    private mutating func skipWhitespaceAndComments() throws(XPathError) {
        while let c = peek() {
            if c == " " || c == "\t" || c == "\n" || c == "\r" {
                index += 1
            } else if c == "(" && peek(1) == ":" {
                var depth = 0
                repeat {
                    if peek() == "(" && peek(1) == ":" {
                        depth += 1
                        index += 2
                    } else if peek() == ":" && peek(1) == ")" {
                        depth -= 1
                        index += 2
                    } else if peek() == nil {
                        throw XPathError("XPST0003", "unterminated comment")
                    } else {
                        index += 1
                    }
                } while depth > 0
            } else {
                return
            }
        }
    }

    private mutating func ncName() -> String {
        var s = String.UnicodeScalarView()
        while let c = peek(), Lexer.isNameChar(c) {
            s.append(c)
            index += 1
        }
        return String(s)
    }

    /// All tokens, ending with ``Token/end``.
    mutating func tokenize() throws(XPathError) -> [Token] {
        var tokens: [Token] = []
        while true {
            try skipWhitespaceAndComments()
            guard let c = peek() else {
                tokens.append(.end)
                return tokens
            }
            if Lexer.isNameStart(c) {
                var name = ncName()
                if peek() == ":" && peek(1) == "*" {
                    index += 2
                    tokens.append(.prefixWildcard(name))
                    continue
                }
                if peek() == ":", let next = peek(1), Lexer.isNameStart(next) {
                    index += 1
                    name += ":" + ncName()
                }
                tokens.append(.name(name))
            } else if c == "$" {
                index += 1
                try skipWhitespaceAndComments()
                var name = ncName()
                if peek() == ":", let next = peek(1), Lexer.isNameStart(next) {
                    index += 1
                    name += ":" + ncName()
                }
                if name.isEmpty { throw XPathError("XPST0003", "expected a variable name after $") }
                tokens.append(.variable(name))
            } else if c == "\"" || c == "'" {
                index += 1
                var s = String.UnicodeScalarView()
                while true {
                    guard let d = peek() else { throw XPathError("XPST0003", "unterminated string literal") }
                    index += 1
                    if d == c {
                        if peek() == c {
                            s.append(c)
                            index += 1
                        } else {
                            break
                        }
                    } else {
                        s.append(d)
                    }
                }
                tokens.append(.string(String(s)))
            } else if (c >= "0" && c <= "9") || (c == "." && (peek(1).map { $0 >= "0" && $0 <= "9" } ?? false)) {
                tokens.append(try number())
            } else if c == "*" && peek(1) == ":", let next = peek(2), Lexer.isNameStart(next) {
                index += 2
                tokens.append(.localWildcard(ncName()))
            } else {
                let two = peek(1).map { String(c) + String($0) } ?? ""
                if ["//", "::", "..", "!=", "<=", ">=", "<<", ">>"].contains(two) {
                    index += 2
                    tokens.append(.symbol(two))
                } else if "()[],/@.*+-=<>|?:".unicodeScalars.contains(c) {
                    index += 1
                    tokens.append(.symbol(String(c)))
                } else {
                    throw XPathError("XPST0003", "unexpected character '\(c)'")
                }
            }
        }
    }

    private mutating func number() throws(XPathError) -> Token {
        var s = String.UnicodeScalarView()
        func digits(_ lexer: inout Lexer, _ s: inout String.UnicodeScalarView) {
            while let d = lexer.peek(), d >= "0" && d <= "9" {
                s.append(d)
                lexer.index += 1
            }
        }
        digits(&self, &s)
        var isDecimal = false
        if peek() == "." {
            isDecimal = true
            s.append(".")
            index += 1
            digits(&self, &s)
        }
        if peek() == "e" || peek() == "E" {
            s.append("e")
            index += 1
            if peek() == "+" || peek() == "-" {
                s.append(peek()!)
                index += 1
            }
            let before = s.count
            digits(&self, &s)
            if s.count == before { throw XPathError("XPST0003", "malformed double literal") }
            return .double(String(s))
        }
        if let c = peek(), Lexer.isNameStart(c) {
            throw XPathError("XPST0003", "a number must not be followed by a name character")
        }
        return isDecimal ? .decimal(String(s)) : .integer(String(s))
    }
}
