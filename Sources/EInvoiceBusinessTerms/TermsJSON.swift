/// The booking terms' JSON written directly: what `JSONEncoder` with `[.sortedKeys, .withoutEscapingSlashes]` (and
/// ``SortedJSON``) writes for ``BusinessTerms``, byte for byte, without `Codable`'s containers. Each struct's
/// `writeJSON(to:)` is generated from its stored properties and `CodingKeys` (`BusinessTerms+JSON.swift`, by
/// `scripts/generate-terms-json`), with the keys already sorted; nil is left out, as `encodeIfPresent` does.
///
/// Every accepted invoice is encoded once; through `Codable` that took about a tenth of its validation.
struct TermsJSON {
    var bytes: [UInt8] = []
    /// Whether the object being written has no member yet.
    private var isFirst = true

    /// Opens an object; returns what ``closeObject(_:)`` restores for the enclosing one.
    mutating func openObject() -> Bool {
        bytes.append(UInt8(ascii: "{"))
        defer { isFirst = true }
        return isFirst
    }

    mutating func closeObject(_ outer: Bool) {
        bytes.append(UInt8(ascii: "}"))
        isFirst = outer
    }

    /// A struct without properties: `{}`.
    mutating func emptyObject() {
        bytes += "{}".utf8
    }

    /// `,"key":` (the comma unless it is the first member); keys are plain ASCII, never escaped.
    private mutating func key(_ key: StaticString) {
        if !isFirst { bytes.append(UInt8(ascii: ",")) }
        isFirst = false
        bytes.append(UInt8(ascii: "\""))
        key.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes += "\":".utf8
    }

    mutating func string(_ name: StaticString, _ value: String?) {
        guard let value else { return }
        key(name)
        SortedJSON.writeString(value, into: &bytes)
    }

    mutating func integer(_ name: StaticString, _ value: Int?) {
        guard let value else { return }
        key(name)
        bytes += String(value).utf8
    }

    mutating func object(_ name: StaticString, _ value: (some TermsJSONWritable)?) {
        guard let value else { return }
        key(name)
        value.writeJSON(to: &self)
    }

    mutating func objects(_ name: StaticString, _ values: [some TermsJSONWritable]) {
        key(name)
        bytes.append(UInt8(ascii: "["))
        for (index, value) in values.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            value.writeJSON(to: &self)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    mutating func strings(_ name: StaticString, _ values: [String]) {
        key(name)
        bytes.append(UInt8(ascii: "["))
        for (index, value) in values.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            SortedJSON.writeString(value, into: &bytes)
        }
        bytes.append(UInt8(ascii: "]"))
    }
}

/// A business-terms struct that writes its own JSON (generated: `BusinessTerms+JSON.swift`).
protocol TermsJSONWritable {
    func writeJSON(to json: inout TermsJSON)
}

extension BusinessTerms {
    /// The JSON of a booking entry's terms (docs/booking-entry.md): the bytes `JSONEncoder` with sorted keys and
    /// unescaped slashes writes, several times faster.
    public func jsonBytes() -> [UInt8] {
        var json = TermsJSON()
        json.bytes.reserveCapacity(4096)
        writeJSON(to: &json)
        return json.bytes
    }
}
