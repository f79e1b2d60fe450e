#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A point in time in UTC, taken apart without a calendar library: the report must not depend on the machine's
/// time zone or locale.
struct ReportTime: Equatable {
    var year: Int
    var month: Int
    var day: Int
    var hour: Int
    var minute: Int
    var second: Int

    init(_ date: Date) {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        var days = seconds / 86_400
        var rest = seconds % 86_400
        if rest < 0 {
            rest += 86_400
            days -= 1
        }
        (hour, minute, second) = (rest / 3600, rest % 3600 / 60, rest % 60)
        // Days since 1970-01-01 to a proleptic Gregorian date (H. Hinnant, "chrono-Compatible Low-Level Date
        // Algorithms", civil_from_days).
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
    }

    /// `2026-11-29T05:50:56Z`, for `<time datetime>`.
    var iso8601: String {
        "\(Self.pad(year, 4))-\(Self.pad(month))-\(Self.pad(day))T\(Self.pad(hour)):\(Self.pad(minute)):\(Self.pad(second))Z"
    }

    /// `29.11.2026, 05:50:56 UTC` in German, `2026-11-29 05:50:56 UTC` in English.
    func display(_ language: ReportLanguage) -> String {
        let time = "\(Self.pad(hour)):\(Self.pad(minute)):\(Self.pad(second)) UTC"
        switch language {
        case .german: return "\(Self.pad(day)).\(Self.pad(month)).\(Self.pad(year, 4)), \(time)"
        case .english: return "\(Self.pad(year, 4))-\(Self.pad(month))-\(Self.pad(day)) \(time)"
        }
    }

    static func pad(_ value: Int, _ width: Int = 2) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    /// An ISO date (`2026-11-29`) written the German way (`29.11.2026`); nil when `text` is no such date.
    static func germanDate(_ text: String) -> String? {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
            bytes.enumerated().allSatisfy({
                $0.offset == 4 || $0.offset == 7 || ($0.element >= 0x30 && $0.element <= 0x39)
            })
        else { return nil }
        let parts = text.split(separator: "-")
        return "\(parts[2]).\(parts[1]).\(parts[0])"
    }
}
