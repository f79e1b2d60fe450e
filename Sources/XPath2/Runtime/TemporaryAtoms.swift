// TEMPORARY stand-ins until the real atomic types land; compile-checking only.
public struct XSDecimal: Hashable, Comparable, Sendable, CustomStringConvertible {
    var value: Double
    public init(_ int: Int) { value = Double(int) }
    init(d: Double) { value = d }
    public init?(lexical: String) { guard let d = Double(lexical.trimmingSpaces) else { return nil }; value = d }
    public init?(integerLexical: String) { guard let d = Int(integerLexical.trimmingSpaces) else { return nil }; value = Double(d) }
    public init(converting d: Double) throws(XPathError) { value = d }
    public var description: String { value == value.rounded() ? String(Int(value)) : String(value) }
    public static func < (a: Self, b: Self) -> Bool { a.value < b.value }
    public static func + (a: Self, b: Self) -> Self { .init(d: a.value + b.value) }
    public static func - (a: Self, b: Self) -> Self { .init(d: a.value - b.value) }
    public static func * (a: Self, b: Self) -> Self { .init(d: a.value * b.value) }
    public func divided(by o: Self) throws(XPathError) -> Self { if o.value == 0 { throw XPathError("FOAR0001", "div") }; return .init(d: value / o.value) }
    public func idiv(_ o: Self) throws(XPathError) -> Self { if o.value == 0 { throw XPathError("FOAR0001", "div") }; return .init(d: (value / o.value).rounded(.towardZero)) }
    public func mod(_ o: Self) throws(XPathError) -> Self { if o.value == 0 { throw XPathError("FOAR0001", "div") }; return .init(d: value.truncatingRemainder(dividingBy: o.value)) }
    public func truncated() -> Self { .init(d: value.rounded(.towardZero)) }
    public func round() -> Self { .init(d: (value + 0.5).rounded(.down)) }
    public func floor() -> Self { .init(d: value.rounded(.down)) }
    public func ceiling() -> Self { .init(d: value.rounded(.up)) }
    public func roundHalfToEven(precision: Int) -> Self { self }
    public func toInt() -> Int? { Int(exactly: value) }
    public var doubleValue: Double { value }
}
public enum XSDouble {
    public static func string(_ d: Double) -> String { d == d.rounded() && abs(d) < 1e6 ? String(Int(d)) : String(d) }
    public static func parse(_ s: String) -> Double? { Double(s.trimmingSpaces) }
}
public struct XSDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    var text: String
    public init?(lexical: String) { text = lexical.trimmingSpaces; if text.count < 10 { return nil } }
    public var description: String { text }
    public static func < (a: Self, b: Self) -> Bool { a.text < b.text }
}
public struct XPathRegex: @unchecked Sendable {
    let regex: Regex<AnyRegexOutput>
    public init(pattern: String, flags: String = "") throws(XPathError) {
        do { regex = try Regex(pattern) } catch { throw XPathError("FORX0002", "bad regex") }
    }
    public func matches(_ s: String) -> Bool { s.contains(regex) }
    public func replace(_ s: String, with r: String) throws(XPathError) -> String { s.replacing(regex, with: r) }
    public func tokenize(_ s: String) throws(XPathError) -> [String] { s.split(separator: regex, omittingEmptySubsequences: false).map(String.init) }
}
