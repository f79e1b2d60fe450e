/// A code list as the rules write it, `' AA AB AC '`, searched by `contains(list, concat(' ', x, ' '))`.
///
/// `' ' + x + ' '` occurs in the text exactly when x, non-empty and without a space, is one of the runs between
/// two spaces of the text; other x (empty, or with spaces) are searched in the text itself. Only ASCII lists are
/// kept as sets: string equality is then byte equality, as in the codepoint collation of `contains`.
struct TokenList: Sendable {
    /// Shorter lists are searched in the text.
    static let minimumLength = 64

    let text: String
    private let tokens: Set<String>?

    init(_ text: String) {
        self.text = text
        guard text.utf8.allSatisfy({ $0 < 0x80 }) else {
            tokens = nil
            return
        }
        var tokens: Set<String> = []
        var start: String.Index?
        for index in text.utf8.indices where text.utf8[index] == 0x20 {
            if let start, start < index { tokens.insert(String(text.utf8[start..<index])!) }
            start = text.utf8.index(after: index)
        }
        self.tokens = tokens
    }

    /// Whether `' ' + value + ' '` occurs in the text.
    func contains(spaced value: String) -> Bool {
        if let tokens, !value.isEmpty, !value.utf8.contains(0x20) {
            // A value with a byte outside ASCII cannot occur in an ASCII text.
            return value.utf8.allSatisfy { $0 < 0x80 } && tokens.contains(value)
        }
        return Evaluator.find(" " + value + " ", in: text) != nil
    }
}
