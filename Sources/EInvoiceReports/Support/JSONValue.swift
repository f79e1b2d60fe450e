/// A JSON value whose objects keep their keys in the order written, so a report reads top-down.
indirect enum JSONValue {
    case null
    case bool(Bool)
    case int(Int)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    /// A string, or null.
    static func string(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }

    /// A number, or null.
    static func int(_ value: Int?) -> JSONValue { value.map(JSONValue.int) ?? .null }

    /// The value as UTF-8 text: two spaces per level, one member per line, a final newline.
    func serialized() -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(16_384)
        write(to: &output, depth: 0)
        output.append(0x0A)
        return output
    }

    private static func indent(_ output: inout [UInt8], _ depth: Int) {
        for _ in 0..<depth { output += "  ".utf8 }
    }

    private func write(to output: inout [UInt8], depth: Int) {
        switch self {
        case .null: output += "null".utf8
        case .bool(let value): output += (value ? "true" : "false").utf8
        case .int(let value): output += String(value).utf8
        case .string(let value): Self.quote(value, into: &output)
        case .array(let items):
            if items.isEmpty {
                output += "[]".utf8
                return
            }
            output += "[\n".utf8
            for (index, item) in items.enumerated() {
                Self.indent(&output, depth + 1)
                item.write(to: &output, depth: depth + 1)
                output += (index + 1 < items.count ? ",\n" : "\n").utf8
            }
            Self.indent(&output, depth)
            output.append(UInt8(ascii: "]"))
        case .object(let members):
            if members.isEmpty {
                output += "{}".utf8
                return
            }
            output += "{\n".utf8
            for (index, (key, value)) in members.enumerated() {
                Self.indent(&output, depth + 1)
                Self.quote(key, into: &output)
                output += ": ".utf8
                value.write(to: &output, depth: depth + 1)
                output += (index + 1 < members.count ? ",\n" : "\n").utf8
            }
            Self.indent(&output, depth)
            output.append(UInt8(ascii: "}"))
        }
    }

    /// A JSON string (RFC 8259 §7): quotes, backslashes and control characters escaped, on the UTF-8 bytes.
    static func quote(_ value: String, into output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        var value = value
        value.withUTF8 { utf8 in
            var copied = 0
            for (index, byte) in utf8.enumerated() where byte < 0x20 || byte == 0x22 || byte == 0x5C {
                output += UnsafeBufferPointer(rebasing: utf8[copied..<index])
                switch byte {
                case 0x22: output += #"\""#.utf8
                case 0x5C: output += #"\\"#.utf8
                case 0x0A: output += #"\n"#.utf8
                case 0x0D: output += #"\r"#.utf8
                case 0x09: output += #"\t"#.utf8
                default:
                    let digits = Array("0123456789abcdef".utf8)
                    output += #"\u00"#.utf8
                    output += [digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]]
                }
                copied = index + 1
            }
            output += UnsafeBufferPointer(rebasing: utf8[copied..<utf8.count])
        }
        output.append(UInt8(ascii: "\""))
    }
}
