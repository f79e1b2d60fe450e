import EInvoiceBusinessTerms
import Foundation

/// A JSON document as the booking entry's encoder writes it, for comparing two entries field by field.
enum JSONValue: Decodable, Equatable {
    case null
    case bool(Bool)
    case number(String)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        if var array = try? decoder.unkeyedContainer() {
            var values: [JSONValue] = []
            while !array.isAtEnd { values.append(try array.decode(JSONValue.self)) }
            self = .array(values)
            return
        }
        if let object = try? decoder.container(keyedBy: Key.self) {
            var values: [String: JSONValue] = [:]
            for key in object.allKeys { values[key.stringValue] = try object.decode(JSONValue.self, forKey: key) }
            self = .object(values)
            return
        }
        let single = try decoder.singleValueContainer()
        if single.decodeNil() {
            self = .null
        } else if let value = try? single.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? single.decode(Int.self) {
            self = .number(String(value))
        } else if let value = try? single.decode(Double.self) {
            self = .number(String(value))
        } else {
            self = .string(try single.decode(String.self))
        }
    }

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// The booking entry as JSON values.
    static func of(_ terms: BusinessTerms) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(terms))
    }

    /// A scalar's text; nil for null, arrays and objects.
    var scalar: String? {
        switch self {
        case .bool(let value): value ? "true" : "false"
        case .number(let text), .string(let text): text
        default: nil
        }
    }
}

/// One field whose value differs between two booking entries: `path` as `lines[0].item.name`, each side's
/// value as text, nil where that side does not have the field.
struct FieldDifference: Hashable, CustomStringConvertible {
    var path: String
    var ubl: String?
    var cii: String?

    var description: String { "\(path): UBL \(Self.show(ubl)), CII \(Self.show(cii))" }

    static func show(_ value: String?) -> String { value.map { "\"\($0)\"" } ?? "absent" }

    /// Every leaf that differs: a group or list entry one side lacks is compared field by field with nothing.
    static func between(_ ubl: JSONValue?, _ cii: JSONValue?, path: String = "") -> [FieldDifference] {
        if case .object = ubl { return objects(object(ubl), object(cii), path: path) }
        if case .object = cii { return objects(object(ubl), object(cii), path: path) }
        let left = array(ubl)
        let right = array(cii)
        if !left.isEmpty || !right.isEmpty {
            return (0..<max(left.count, right.count))
                .flatMap { index in
                    between(
                        index < left.count ? left[index] : nil,
                        index < right.count ? right[index] : nil,
                        path: "\(path)[\(index)]"
                    )
                }
        }
        let leftValue = ubl?.scalar
        let rightValue = cii?.scalar
        return leftValue == rightValue ? [] : [FieldDifference(path: path, ubl: leftValue, cii: rightValue)]
    }

    private static func object(_ value: JSONValue?) -> [String: JSONValue] {
        if case .object(let fields) = value { return fields }
        return [:]
    }

    private static func array(_ value: JSONValue?) -> [JSONValue] {
        if case .array(let items) = value { return items }
        return []
    }

    private static func objects(
        _ left: [String: JSONValue],
        _ right: [String: JSONValue],
        path: String
    ) -> [FieldDifference] {
        Set(left.keys).union(right.keys).sorted()
            .flatMap { key in between(left[key], right[key], path: path.isEmpty ? key : "\(path).\(key)") }
    }
}
