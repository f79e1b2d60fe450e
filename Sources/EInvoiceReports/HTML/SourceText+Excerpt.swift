/// What to mark on the line of a finding.
enum ExcerptMark: Equatable {
    /// The start tag at or before the column; without a column, the first start tag of the element with this
    /// local name on the line (when the line is short, or the name occurs on it once).
    case startTag(column: Int?, localName: String?)
    /// The character at the column: where a parser stopped.
    case position(column: Int)
    /// Nothing: the line is shown highlighted as a whole.
    case none
}

/// One line of an excerpt: which bytes of the source to show, and which of them to mark.
struct ExcerptLine: Equatable {
    /// The 1-based line number.
    var number: Int
    /// The bytes shown.
    var shown: Range<Int>
    /// The bytes marked, inside `shown`.
    var marked: Range<Int>?
    /// Whether the line goes on before `shown` (other than indentation common to the excerpt).
    var cutBefore: Bool
    /// Whether the line goes on after `shown`.
    var cutAfter: Bool
    /// Whether this is the line of the finding.
    var isHit: Bool
}

extension SourceText {
    /// The lines around `line`, each cut to at most `width` characters; the line of the finding is cut around
    /// what it marks. Indentation common to the shown lines is dropped. Nil when `line` is outside the document.
    func excerpt(line: Int, mark: ExcerptMark, context: Int = 2, width: Int = 110) -> [ExcerptLine]? {
        guard let hitRange = range(ofLine: line) else { return nil }
        let marked = markedRange(onLine: line, hitRange, mark: mark, width: width)
        // A start tag that begins on an earlier line is shown from its beginning.
        let markLine = marked.map { self.line(containing: $0.lowerBound) } ?? line
        let first = max(1, min(line - context, markLine))
        let last = min(lineCount, line + context)
        var ranges: [Range<Int>] = []
        for number in first...last {
            if let range = range(ofLine: number) { ranges.append(range) }
        }
        let dedent = commonIndentation(ranges, width: width)
        var lines: [ExcerptLine] = []
        lines.reserveCapacity(ranges.count)
        for (offset, range) in ranges.enumerated() {
            let number = first + offset
            var start = min(range.lowerBound + dedent, range.upperBound)
            if let marked, range.contains(marked.lowerBound),
                advance(start, by: width * 2 / 3, limit: range.upperBound) <= marked.lowerBound
            {
                // The mark lies far into the line: show it with some text before it.
                start = retreat(marked.lowerBound, by: width / 3, floor: start)
            }
            let end = advance(start, by: width, limit: range.upperBound)
            var shownMark: Range<Int>? = nil
            if let marked {
                var lower = max(marked.lowerBound, start)
                let upper = min(marked.upperBound, end)
                // A tag continued from the line before is marked from its first non-blank character.
                while marked.lowerBound < start, lower < upper, utf8[lower] == 0x20 || utf8[lower] == 0x09 {
                    lower += 1
                }
                if lower < upper { shownMark = lower..<upper }
            }
            lines.append(
                ExcerptLine(
                    number: number,
                    shown: start..<end,
                    marked: shownMark,
                    cutBefore: start > range.lowerBound + dedent,
                    cutAfter: end < range.upperBound,
                    isHit: number == line
                )
            )
        }
        return lines
    }

    /// The 1-based line that holds byte `offset`.
    func line(containing offset: Int) -> Int {
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if lineStarts[middle] <= offset { low = middle } else { high = middle - 1 }
        }
        return low + 1
    }

    /// Leading spaces and tabs that every non-blank line shares (looked for in the first `width` bytes).
    private func commonIndentation(_ ranges: [Range<Int>], width: Int) -> Int {
        var common = Int.max
        for range in ranges {
            var index = range.lowerBound
            let limit = min(range.upperBound, range.lowerBound + width)
            while index < limit, utf8[index] == 0x20 || utf8[index] == 0x09 { index += 1 }
            if index == range.upperBound { continue }  // blank
            common = min(common, index - range.lowerBound)
        }
        return common == Int.max ? 0 : common
    }

    /// The bytes to mark for a finding on `line` (byte range `range`). A start tag ends on the line libxml2
    /// reports for its element, so one not found there is looked for on the lines before, and then marked from
    /// its `<` over every line to its `>`.
    private func markedRange(onLine line: Int, _ range: Range<Int>, mark: ExcerptMark, width: Int) -> Range<Int>? {
        let start: Int?
        switch mark {
        case .none:
            return nil
        case .position(let column):
            guard column >= 1 else { return nil }
            var position = advance(range.lowerBound, by: column - 1, limit: range.upperBound)
            if position == range.upperBound {
                guard position > range.lowerBound else { return nil }
                position = retreat(position, by: 1, floor: range.lowerBound)
            }
            return position..<advance(position, by: 1, limit: range.upperBound)
        case .startTag(let column?, let localName) where column >= 1:
            let position = advance(range.lowerBound, by: column - 1, limit: range.upperBound)
            start = tagStart(atOrBefore: position, in: range) ?? startTag(before: line, named: localName)
        case .startTag(nil, let localName?):
            start = startTag(named: localName, in: range, width: width) ?? startTag(before: line, named: localName)
        case .startTag:
            return nil
        }
        guard let start else { return nil }
        return start..<tagEnd(from: start, limit: range.upperBound)
    }

    /// The last start tag named `localName` (any start tag when nil) on the few lines before `line`, when the
    /// lines between hold no other `<`: the beginning of a start tag that ends on `line`.
    private func startTag(before line: Int, named localName: String?, lines: Int = 8) -> Int? {
        guard let hit = range(ofLine: line) else { return nil }
        if utf8[hit].contains(UInt8(ascii: "<")) { return nil }
        var number = line - 1
        while number >= max(1, line - lines), let range = range(ofLine: number) {
            if let open = utf8[range].lastIndex(of: UInt8(ascii: "<")) {
                guard open + 1 < range.upperBound, isNameStart(utf8[open + 1]) else { return nil }
                guard let localName else { return open }
                var end = open + 1
                var localStart = end
                while end < range.upperBound, isNameByte(utf8[end]) {
                    if utf8[end] == UInt8(ascii: ":") { localStart = end + 1 }
                    end += 1
                }
                return utf8[localStart..<end].elementsEqual(localName.utf8) ? open : nil
            }
            number -= 1
        }
        return nil
    }

    /// The `<` of a start tag at `position` or the nearest one before it on the line.
    private func tagStart(atOrBefore position: Int, in range: Range<Int>) -> Int? {
        var index = min(position, range.upperBound - 1)
        while index >= range.lowerBound {
            if utf8[index] == UInt8(ascii: "<"), index + 1 < range.upperBound, isNameStart(utf8[index + 1]) {
                return index
            }
            index -= 1
        }
        return nil
    }

    /// Just past the `>` that closes the tag opened at `start` (quotes respected), or `limit`.
    private func tagEnd(from start: Int, limit: Int) -> Int {
        var index = start + 1
        var quote: UInt8? = nil
        while index < limit {
            let byte = utf8[index]
            if let open = quote {
                if byte == open { quote = nil }
            } else if byte == 0x22 || byte == 0x27 {
                quote = byte
            } else if byte == UInt8(ascii: ">") {
                return index + 1
            }
            index += 1
        }
        return limit
    }

    /// The first start tag on the line whose local name is `localName`; on a line longer than `width` characters
    /// only when the name starts exactly one tag there (so a minified document is not marked at a guess).
    private func startTag(named localName: String, in range: Range<Int>, width: Int) -> Int? {
        let name = Array(localName.utf8)
        guard !name.isEmpty else { return nil }
        var found: Int? = nil
        var index = range.lowerBound
        while index < range.upperBound {
            defer { index += 1 }
            guard utf8[index] == UInt8(ascii: "<"), index + 1 < range.upperBound, isNameStart(utf8[index + 1]) else {
                continue
            }
            var end = index + 1
            var localStart = end
            while end < range.upperBound, isNameByte(utf8[end]) {
                if utf8[end] == UInt8(ascii: ":") { localStart = end + 1 }
                end += 1
            }
            guard utf8[localStart..<end].elementsEqual(name) else { continue }
            if found != nil { return nil }
            found = index
            if advance(range.lowerBound, by: width, limit: range.upperBound) == range.upperBound { return index }
        }
        return found
    }

    private func isNameStart(_ byte: UInt8) -> Bool {
        (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A) || byte == 0x5F || byte >= 0x80
    }

    private func isNameByte(_ byte: UInt8) -> Bool {
        isNameStart(byte) || (byte >= 0x30 && byte <= 0x39) || byte == 0x2D || byte == 0x2E || byte == 0x3A
    }
}
