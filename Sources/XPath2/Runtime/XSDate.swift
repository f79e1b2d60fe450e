/// An xs:date as Saxon reads, writes and compares it (XSD 1.1 year numbering: year 0 exists and is a leap year).
///
/// Dates compare by their starting instant; a date without a timezone is taken to be in the implicit timezone,
/// which is UTC here (Saxon's default on this platform: `implicit-timezone()` is `PT0S`).
public struct XSDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The year; 0 and negative years are astronomical (0 = 1 BCE).
    public let year: Int
    /// 1...12.
    public let month: Int
    /// 1...31, valid for the month.
    public let day: Int
    /// The timezone offset in minutes east of UTC, or nil when the value has none.
    public let timezoneMinutes: Int?

    /// Parses `-?YYYY-MM-DD` with an optional `Z` or `±hh:mm` (hh ≤ 14, mm ≤ 59, as Saxon accepts), surrounded by
    /// optional whitespace. Years have at least four digits, and no leading zero when longer; the year must fit in
    /// 32 bits (Saxon raises FODT0001 beyond that, this returns nil like every other failure).
    public init?(lexical: String) {
        var bytes = Substring(lexical).utf8[...]
        while let first = bytes.first, XSDecimal.isXMLSpace(first) { bytes.removeFirst() }
        while let last = bytes.last, XSDecimal.isXMLSpace(last) { bytes.removeLast() }
        let text = Array(bytes)
        var index = 0
        func digits(_ count: Int) -> Int? {
            guard index + count <= text.count else { return nil }
            var value = 0
            for byte in text[index..<(index + count)] {
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            index += count
            return value
        }
        func expect(_ character: Unicode.Scalar) -> Bool {
            guard index < text.count, text[index] == UInt8(ascii: character) else { return false }
            index += 1
            return true
        }
        let negative = expect("-")
        var yearLength = 0
        while index + yearLength < text.count, text[index + yearLength] != UInt8(ascii: "-") { yearLength += 1 }
        guard yearLength >= 4, yearLength <= 10, yearLength == 4 || text[index] != UInt8(ascii: "0"),
            let year = digits(yearLength), year <= Int(Int32.max),
            expect("-"), let month = digits(2), expect("-"), let day = digits(2)
        else { return nil }
        var timezone: Int?
        if index < text.count {
            if expect("Z") {
                timezone = 0
            } else {
                let sign = expect("+") ? 1 : (expect("-") ? -1 : 0)
                guard sign != 0, let hours = digits(2), expect(":"), let minutes = digits(2), hours <= 14, minutes <= 59
                else { return nil }
                timezone = sign * (hours * 60 + minutes)
            }
        }
        guard index == text.count, (1...12).contains(month), day >= 1,
            day <= XSDate.daysInMonth(negative ? -year : year, month)
        else { return nil }
        self.year = negative ? -year : year
        self.month = month
        self.day = day
        timezoneMinutes = timezone
    }

    static func daysInMonth(_ year: Int, _ month: Int) -> Int {
        switch month {
        case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 in the proleptic Gregorian calendar (H. Hinnant's `days_from_civil`).
    var daysSinceEpoch: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The starting instant in minutes since 1970-01-01T00:00Z, using UTC as the implicit timezone.
    var instant: Int { daysSinceEpoch * 1440 - (timezoneMinutes ?? 0) }

    public static func == (a: XSDate, b: XSDate) -> Bool { a.instant == b.instant }

    public static func < (a: XSDate, b: XSDate) -> Bool { a.instant < b.instant }

    public func hash(into hasher: inout Hasher) { hasher.combine(instant) }

    /// The canonical form: at least four year digits, `Z` for a zero offset.
    public var description: String {
        func padded(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        var text = (year < 0 ? "-" : "") + padded(abs(year), 4) + "-" + padded(month, 2) + "-" + padded(day, 2)
        if let timezone = timezoneMinutes {
            if timezone == 0 {
                text += "Z"
            } else {
                text += (timezone < 0 ? "-" : "+") + padded(abs(timezone) / 60, 2) + ":" + padded(abs(timezone) % 60, 2)
            }
        }
        return text
    }
}
