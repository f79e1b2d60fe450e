extension String {
    /// The string without the XML whitespace (space, tab, line feed, carriage return) at either end; the string
    /// itself, uncopied, when there is none.
    var trimmingXMLWhitespace: String {
        let utf8 = self.utf8
        guard let first = utf8.first, let last = utf8.last else { return self }
        if !first.isXMLWhitespace && !last.isXMLWhitespace { return self }
        guard let start = utf8.firstIndex(where: { !$0.isXMLWhitespace }) else { return "" }
        let end = utf8.lastIndex(where: { !$0.isXMLWhitespace })!
        return String(Substring(utf8[start...end]))
    }
}

extension UInt8 {
    var isXMLWhitespace: Bool { self == 0x20 || self == 0x09 || self == 0x0A || self == 0x0D }
}

/// Conversions of values whose form differs between the syntaxes but whose content does not; each is listed in
/// `docs/booking-entry.md`.
package enum TextValues {
    /// An ISO 8601 date from a CII date string: format `102` (`YYYYMMDD`) becomes `YYYY-MM-DD`; any other format,
    /// or a value that is not eight digits, stays as written.
    static func isoDate(cii value: String, format: String?) -> String {
        guard format == nil || format == "102" else { return value }
        let bytes = Array(value.utf8)
        guard bytes.count == 8, bytes.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return value }
        return String(decoding: bytes[0..<4], as: UTF8.self) + "-" + String(decoding: bytes[4..<6], as: UTF8.self)
            + "-" + String(decoding: bytes[6..<8], as: UTF8.self)
    }

    /// BT-8 in the model's code list: CII codes the value added tax point date with UNTDID 2475 (5 invoice date,
    /// 29 delivery date, 72 paid to date), UBL and EN 16931 with UNTDID 2005 (3, 35, 432). Other values stay as
    /// written.
    static func taxPointDateCode(cii value: String) -> String {
        switch value {
        case "5": "3"
        case "29": "35"
        case "72": "432"
        default: value
        }
    }

    /// A UBL note split into BT-21 and BT-22: XRechnung writes the subject code as a prefix `#AAA#` (three capital
    /// letters, UNTDID 4451) of `cbc:Note`.
    static func ublNote(_ text: String) -> BusinessTerms.Note {
        let utf8 = text.utf8
        guard utf8.count >= 5 else { return BusinessTerms.Note(text: text) }
        let prefix = Array(utf8.prefix(5))
        guard prefix[0] == 0x23, prefix[4] == 0x23, prefix[1...3].allSatisfy({ $0 >= 0x41 && $0 <= 0x5A }) else {
            return BusinessTerms.Note(text: text)
        }
        return BusinessTerms.Note(
            subjectCode: String(decoding: prefix[1...3], as: UTF8.self),
            text: String(Substring(utf8.dropFirst(5)))
        )
    }

    /// The XRechnung payment terms lines of BT-20: each line that, without surrounding whitespace, reads
    /// `#KIND#TAGE=n#PROZENT=p#` or `#KIND#TAGE=n#PROZENT=p#BASISBETRAG=b#` with KIND `SKONTO` or `VERZUG`.
    static func paymentTermsEntries(_ text: String) -> [BusinessTerms.PaymentTerms.Entry] {
        var entries: [BusinessTerms.PaymentTerms.Entry] = []
        for line in text.split(whereSeparator: { $0 == "\n" || $0 == "\r" }) {
            let trimmed = String(line).trimmingXMLWhitespace
            guard trimmed.hasPrefix("#"), trimmed.hasSuffix("#") else { continue }
            let segments = trimmed.split(separator: "#", omittingEmptySubsequences: false)
            // "", KIND, TAGE=…, PROZENT=…, [BASISBETRAG=…,] ""
            guard segments.count == 5 || segments.count == 6, segments.first == "", segments.last == "" else {
                continue
            }
            let kind = String(segments[1])
            guard kind == "SKONTO" || kind == "VERZUG",
                let days = value(segments[2], key: "TAGE"), isDigits(days),
                let percent = value(segments[3], key: "PROZENT"), isDecimal(percent)
            else { continue }
            var baseAmount: String?
            if segments.count == 6 {
                guard let base = value(segments[4], key: "BASISBETRAG"), isDecimal(base) else { continue }
                baseAmount = base
            }
            entries.append(.init(kind: kind, days: days, percent: percent, baseAmount: baseAmount))
        }
        return entries
    }

    private static func value(_ segment: Substring, key: String) -> String? {
        guard segment.hasPrefix(key + "=") else { return nil }
        return String(segment.dropFirst(key.count + 1))
    }

    private static func isDigits(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }

    private static func isDecimal(_ text: String) -> Bool {
        var digits = text.hasPrefix("-") ? Substring(text.dropFirst()) : Substring(text)
        if let dot = digits.firstIndex(of: ".") {
            let fraction = digits[digits.index(after: dot)...]
            guard isDigits(String(fraction)) else { return false }
            digits = digits[..<dot]
        }
        return isDigits(String(digits))
    }

    /// The number of bytes a base64 text decodes to, counted without decoding it: every byte but whitespace and
    /// the `=` padding is one base64 symbol of six bits. One tight pass, as attachments are most of an invoice's
    /// bytes.
    /// Sixteen bytes at a time (attachments of several megabytes are common), then the rest one by one.
    package static func base64DecodedSize(_ text: String) -> Int {
        var text = text
        return text.withUTF8 { bytes in
            let raw = UnsafeRawBufferPointer(bytes)
            let space = SIMD16<UInt8>(repeating: 0x20)
            let padding = SIMD16<UInt8>(repeating: 0x3D)
            let one = SIMD16<UInt8>(repeating: 1)
            var ignored = 0
            var index = 0
            while index + 16 <= raw.count {
                // At most 255 blocks per partial sum, so no lane of it overflows.
                var lanes = SIMD16<UInt8>()
                var blocks = 0
                while blocks < 255, index + 16 <= raw.count {
                    let block = raw.loadUnaligned(fromByteOffset: index, as: SIMD16<UInt8>.self)
                    lanes &+= SIMD16<UInt8>().replacing(with: one, where: (block .<= space) .| (block .== padding))
                    index += 16
                    blocks += 1
                }
                ignored &+= Int(SIMD16<UInt16>(truncatingIfNeeded: lanes).wrappedSum())
            }
            while index < raw.count {
                let byte = raw[index]
                ignored &+= byte <= 0x20 || byte == 0x3D ? 1 : 0
                index += 1
            }
            return (raw.count - ignored) * 3 / 4
        }
    }
}
