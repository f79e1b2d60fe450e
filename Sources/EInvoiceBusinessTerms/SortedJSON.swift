#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// JSON exactly as Foundation's `JSONEncoder` with `[.sortedKeys, .withoutEscapingSlashes]` writes it, for the
/// values the booking terms are made of: strings, integers, booleans, arrays and keyed containers.
///
/// The booking terms themselves are written by ``TermsJSON`` (generated, faster still); this encoder serves other
/// `Encodable` values written for every invoice (reprocessing's lines). It builds a small tree through the same
/// `Encodable` conformances and writes it in one pass. Keys are sorted by their UTF-8 bytes (as `JSONEncoder` sorts
/// them); strings escape `"`, `\`, and the control characters (`\b \t \n \f \r` by name, the others as `\u00XX`),
/// and nothing else. Dates come out as `JSONEncoder`'s `.iso8601` strategy writes them (`2026-11-29T11:52:42Z`) when
/// `iso8601Dates` is set. Floating-point numbers (whose formatting `JSONEncoder` owns) and other dates throw rather
/// than come out differently.
package enum SortedJSON {
    package struct Unsupported: Error, CustomStringConvertible {
        package var description: String
    }

    /// The JSON text of `value`.
    package static func encode<Value: Encodable>(_ value: Value, iso8601Dates: Bool = false) throws -> [UInt8] {
        let root = Slot()
        try encode(value, into: root, codingPath: [], Options(iso8601Dates: iso8601Dates))
        var output: [UInt8] = []
        output.reserveCapacity(4096)
        write(root.node, into: &output)
        return output
    }

    /// A place a value is encoded into; containers hand out slots to their children.
    final class Slot {
        var node: Node = .empty
    }

    struct Options {
        var iso8601Dates: Bool
    }

    enum Node {
        /// Nothing encoded (a conformance that writes nothing): `{}`, as JSONEncoder writes it.
        case empty
        case null
        case bool(Bool)
        case number(String)
        case string(String)
        case array([Slot])
        case object([(key: String, slot: Slot)])
    }

    private static func write(_ node: Node, into output: inout [UInt8]) {
        switch node {
        case .empty: output += "{}".utf8
        case .null: output += "null".utf8
        case .bool(let value): output += (value ? "true" : "false").utf8
        case .number(let text): output += text.utf8
        case .string(let text): writeString(text, into: &output)
        case .array(let slots):
            output.append(UInt8(ascii: "["))
            for (index, slot) in slots.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                write(slot.node, into: &output)
            }
            output.append(UInt8(ascii: "]"))
        case .object(let members):
            // In key order, each key once: `Keyed` inserts them so.
            output.append(UInt8(ascii: "{"))
            for (index, member) in members.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                writeString(member.key, into: &output)
                output.append(UInt8(ascii: ":"))
                write(member.slot.node, into: &output)
            }
            output.append(UInt8(ascii: "}"))
        }
    }

    static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// Runs of bytes that need no escape are copied whole; almost every string is one such run.
    static func writeString(_ text: String, into output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { bytes in
            var start = 0
            for (index, byte) in bytes.enumerated()
            where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
                start = index + 1
                output.append(UInt8(ascii: "\\"))
                switch byte {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): output.append(byte)
                case 0x08: output.append(UInt8(ascii: "b"))
                case 0x09: output.append(UInt8(ascii: "t"))
                case 0x0A: output.append(UInt8(ascii: "n"))
                case 0x0C: output.append(UInt8(ascii: "f"))
                case 0x0D: output.append(UInt8(ascii: "r"))
                default:
                    output.append(contentsOf: "u00".utf8)
                    output.append(hexDigits[Int(byte >> 4)])
                    output.append(hexDigits[Int(byte & 0x0F)])
                }
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...]))
        }
        output.append(UInt8(ascii: "\""))
    }
}

extension SortedJSON {
    struct TreeEncoder: Encoder {
        let slot: Slot
        var codingPath: [any CodingKey]
        let options: Options
        var userInfo: [CodingUserInfoKey: Any] { [:] }

        func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
            if case .object = slot.node {} else { slot.node = .object([]) }
            return KeyedEncodingContainer(Keyed<Key>(slot: slot, codingPath: codingPath, options: options))
        }

        func unkeyedContainer() -> any UnkeyedEncodingContainer {
            if case .array = slot.node {} else { slot.node = .array([]) }
            return Unkeyed(slot: slot, codingPath: codingPath, options: options)
        }

        func singleValueContainer() -> any SingleValueEncodingContainer {
            Single(slot: slot, codingPath: codingPath, options: options)
        }
    }

    /// Encodes one value into `slot`: the primitives the terms use directly, anything else through its conformance.
    static func floatingPoint(_ codingPath: [any CodingKey]) -> Unsupported {
        Unsupported(description: "a floating-point number at \(codingPath.map(\.stringValue).joined(separator: "."))")
    }

    static func encode<Value: Encodable>(
        _ value: Value,
        into slot: Slot,
        codingPath: [any CodingKey],
        _ options: Options
    ) throws {
        // Metatypes compared first: a pointer comparison each, where a failed cast to `any BinaryInteger` looks up
        // a conformance for every nested struct.
        let type = Value.self
        if type == String.self || type == Bool.self || type == Int.self || type == Int64.self || type == Double.self
            || type == Date.self || type == Int32.self || type == UInt.self || type == UInt64.self
            || type == Float.self || type == Int8.self || type == Int16.self || type == UInt8.self
            || type == UInt16.self || type == UInt32.self
        {
            switch value {
            case let text as String: slot.node = .string(text)
            case let flag as Bool: slot.node = .bool(flag)
            case let number as any BinaryInteger: slot.node = .number(String(number))
            case is Double, is Float: throw floatingPoint(codingPath)
            case let date as Date:
                guard options.iso8601Dates else {
                    throw Unsupported(description: "a date at \(codingPath.map(\.stringValue).joined(separator: "."))")
                }
                slot.node = .string(date.formatted(.iso8601))
            default: break
            }
            return
        }
        try value.encode(to: TreeEncoder(slot: slot, codingPath: codingPath, options: options))
    }

    struct Keyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let slot: Slot
        var codingPath: [any CodingKey]
        let options: Options

        private func append(_ key: Key, _ node: Node) {
            let child = Slot()
            child.node = node
            append(key, child)
        }

        /// Members are kept in key order as they come (a binary search each), so writing needs no sort; a key
        /// encoded twice keeps its last value, as in JSONEncoder.
        private func append(_ key: Key, _ child: Slot) {
            guard case .object(var members) = slot.node else { return }
            slot.node = .empty  // keeps `members` uniquely referenced while it grows
            let name = key.stringValue
            var low = 0
            var high = members.count
            while low < high {
                let middle = (low + high) / 2
                if members[middle].key.utf8.lexicographicallyPrecedes(name.utf8) {
                    low = middle + 1
                } else {
                    high = middle
                }
            }
            if low < members.count && members[low].key == name {
                members[low].slot = child
            } else {
                members.insert((name, child), at: low)
            }
            slot.node = .object(members)
        }

        mutating func encodeNil(forKey key: Key) throws { append(key, .null) }
        mutating func encode(_ value: String, forKey key: Key) throws { append(key, .string(value)) }
        mutating func encode(_ value: Bool, forKey key: Key) throws { append(key, .bool(value)) }
        mutating func encode(_ value: Int, forKey key: Key) throws { append(key, .number(String(value))) }
        mutating func encode(_ value: Int8, forKey key: Key) throws { append(key, .number(String(value))) }
        mutating func encode(_ value: Int16, forKey key: Key) throws { append(key, .number(String(value))) }
        mutating func encode(_ value: Int32, forKey key: Key) throws { append(key, .number(String(value))) }
        mutating func encode(_ value: Int64, forKey key: Key) throws { append(key, .number(String(value))) }
        mutating func encode(_ value: UInt, forKey key: Key) throws { append(key, .number(String(value))) }
        mutating func encode(_ value: UInt8, forKey key: Key) throws { append(key, .number(String(value))) }
        mutating func encode(_ value: UInt16, forKey key: Key) throws { append(key, .number(String(value))) }
        mutating func encode(_ value: UInt32, forKey key: Key) throws { append(key, .number(String(value))) }
        mutating func encode(_ value: UInt64, forKey key: Key) throws { append(key, .number(String(value))) }
        mutating func encode(_ value: Double, forKey key: Key) throws { throw SortedJSON.floatingPoint(codingPath) }
        mutating func encode(_ value: Float, forKey key: Key) throws { throw SortedJSON.floatingPoint(codingPath) }

        mutating func encode<Value: Encodable>(_ value: Value, forKey key: Key) throws {
            let child = Slot()
            try SortedJSON.encode(value, into: child, codingPath: codingPath + [key], options)
            append(key, child)
        }

        mutating func nestedContainer<NestedKey: CodingKey>(
            keyedBy keyType: NestedKey.Type,
            forKey key: Key
        ) -> KeyedEncodingContainer<NestedKey> {
            let child = Slot()
            append(key, child)
            return TreeEncoder(slot: child, codingPath: codingPath + [key], options: options).container(
                keyedBy: keyType
            )
        }

        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            let child = Slot()
            append(key, child)
            return TreeEncoder(slot: child, codingPath: codingPath + [key], options: options).unkeyedContainer()
        }

        mutating func superEncoder() -> any Encoder {
            superEncoder(forKey: Key(stringValue: "super")!)
        }

        mutating func superEncoder(forKey key: Key) -> any Encoder {
            let child = Slot()
            append(key, child)
            return TreeEncoder(slot: child, codingPath: codingPath + [key], options: options)
        }
    }

    struct Unkeyed: UnkeyedEncodingContainer {
        let slot: Slot
        var codingPath: [any CodingKey]
        let options: Options
        var count: Int {
            guard case .array(let slots) = slot.node else { return 0 }
            return slots.count
        }

        private struct Index: CodingKey {
            var intValue: Int?
            var stringValue: String { "Index \(intValue ?? 0)" }
            init(_ index: Int) { intValue = index }
            init?(stringValue: String) { nil }
            init?(intValue: Int) { self.intValue = intValue }
        }

        private func append(_ child: Slot) {
            guard case .array(var slots) = slot.node else { return }
            slot.node = .empty
            slots.append(child)
            slot.node = .array(slots)
        }

        private func nextSlot() -> Slot {
            let child = Slot()
            append(child)
            return child
        }

        mutating func encodeNil() throws { nextSlot().node = .null }
        mutating func encode(_ value: String) throws { nextSlot().node = .string(value) }
        mutating func encode(_ value: Bool) throws { nextSlot().node = .bool(value) }
        mutating func encode(_ value: Int) throws { nextSlot().node = .number(String(value)) }
        mutating func encode(_ value: Int8) throws { nextSlot().node = .number(String(value)) }
        mutating func encode(_ value: Int16) throws { nextSlot().node = .number(String(value)) }
        mutating func encode(_ value: Int32) throws { nextSlot().node = .number(String(value)) }
        mutating func encode(_ value: Int64) throws { nextSlot().node = .number(String(value)) }
        mutating func encode(_ value: UInt) throws { nextSlot().node = .number(String(value)) }
        mutating func encode(_ value: UInt8) throws { nextSlot().node = .number(String(value)) }
        mutating func encode(_ value: UInt16) throws { nextSlot().node = .number(String(value)) }
        mutating func encode(_ value: UInt32) throws { nextSlot().node = .number(String(value)) }
        mutating func encode(_ value: UInt64) throws { nextSlot().node = .number(String(value)) }
        mutating func encode(_ value: Double) throws { throw SortedJSON.floatingPoint(codingPath) }
        mutating func encode(_ value: Float) throws { throw SortedJSON.floatingPoint(codingPath) }

        mutating func encode<Value: Encodable>(_ value: Value) throws {
            let path = codingPath + [Index(count)]
            let child = Slot()
            try SortedJSON.encode(value, into: child, codingPath: path, options)
            append(child)
        }

        mutating func nestedContainer<NestedKey: CodingKey>(
            keyedBy keyType: NestedKey.Type
        ) -> KeyedEncodingContainer<NestedKey> {
            let path = codingPath + [Index(count)]
            return TreeEncoder(slot: nextSlot(), codingPath: path, options: options).container(keyedBy: keyType)
        }

        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
            let path = codingPath + [Index(count)]
            return TreeEncoder(slot: nextSlot(), codingPath: path, options: options).unkeyedContainer()
        }

        mutating func superEncoder() -> any Encoder {
            let path = codingPath + [Index(count)]
            return TreeEncoder(slot: nextSlot(), codingPath: path, options: options)
        }
    }

    struct Single: SingleValueEncodingContainer {
        let slot: Slot
        var codingPath: [any CodingKey]
        let options: Options

        mutating func encodeNil() throws { slot.node = .null }
        mutating func encode(_ value: String) throws { slot.node = .string(value) }
        mutating func encode(_ value: Bool) throws { slot.node = .bool(value) }
        mutating func encode(_ value: Int) throws { slot.node = .number(String(value)) }
        mutating func encode(_ value: Int8) throws { slot.node = .number(String(value)) }
        mutating func encode(_ value: Int16) throws { slot.node = .number(String(value)) }
        mutating func encode(_ value: Int32) throws { slot.node = .number(String(value)) }
        mutating func encode(_ value: Int64) throws { slot.node = .number(String(value)) }
        mutating func encode(_ value: UInt) throws { slot.node = .number(String(value)) }
        mutating func encode(_ value: UInt8) throws { slot.node = .number(String(value)) }
        mutating func encode(_ value: UInt16) throws { slot.node = .number(String(value)) }
        mutating func encode(_ value: UInt32) throws { slot.node = .number(String(value)) }
        mutating func encode(_ value: UInt64) throws { slot.node = .number(String(value)) }
        mutating func encode(_ value: Double) throws { throw SortedJSON.floatingPoint(codingPath) }
        mutating func encode(_ value: Float) throws { throw SortedJSON.floatingPoint(codingPath) }

        mutating func encode<Value: Encodable>(_ value: Value) throws {
            try SortedJSON.encode(value, into: slot, codingPath: codingPath, options)
        }
    }
}
