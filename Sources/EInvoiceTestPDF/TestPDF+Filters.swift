/// Encoders for the standard stream filters (ISO 32000-1 §7.4), so tests can embed files the way other producers
/// write them. Straightforward, not fast: they only make test files.
extension TestPDF {
    /// A stream filter, named as in `/Filter`.
    public enum Filter: String, Sendable, CaseIterable {
        case flate = "FlateDecode"
        case lzw = "LZWDecode"
        case asciiHex = "ASCIIHexDecode"
        case ascii85 = "ASCII85Decode"
        case runLength = "RunLengthDecode"

        /// `data` encoded so that this filter decodes it.
        public func encode(_ data: [UInt8]) -> [UInt8] {
            switch self {
            case .flate: TestPDF.deflate(data)
            case .lzw: TestPDF.lzw(data)
            case .asciiHex: TestPDF.asciiHex(data)
            case .ascii85: TestPDF.ascii85(data)
            case .runLength: TestPDF.runLength(data)
            }
        }
    }

    /// `data` encoded by `filters` in reverse, so that decoding them in the order given yields `data`.
    public static func encode(_ data: [UInt8], filters: [Filter]) -> [UInt8] {
        filters.reversed().reduce(data) { encoded, filter in filter.encode(encoded) }
    }

    /// Hexadecimal digits, 64 per line, ended by `>`.
    static func asciiHex(_ data: [UInt8]) -> [UInt8] {
        let digits = Array("0123456789ABCDEF".utf8)
        var output: [UInt8] = []
        for (index, byte) in data.enumerated() {
            if index > 0 && index % 32 == 0 { output.append(0x0A) }
            output.append(digits[Int(byte >> 4)])
            output.append(digits[Int(byte & 0x0F)])
        }
        return output + Array(">".utf8)
    }

    /// Groups of five base-85 digits (`z` for four zero bytes), ended by `~>`.
    static func ascii85(_ data: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        var index = 0
        while index < data.count {
            let count = min(4, data.count - index)
            var group: UInt32 = 0
            for offset in 0..<4 { group = group << 8 | UInt32(offset < count ? data[index + offset] : 0) }
            if count == 4 && group == 0 {
                output.append(UInt8(ascii: "z"))
            } else {
                var digits = [UInt8](repeating: 0, count: 5)
                var value = group
                for position in (0..<5).reversed() {
                    digits[position] = UInt8(value % 85) + UInt8(ascii: "!")
                    value /= 85
                }
                output += digits.prefix(count + 1)
            }
            index += 4
            if index % 64 == 0 { output.append(0x0A) }
        }
        return output + Array("~>".utf8)
    }

    /// Runs of equal bytes as repeats, everything else as literal blocks of up to 128 bytes, ended by 128.
    static func runLength(_ data: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        var literal: [UInt8] = []
        func flush() {
            if !literal.isEmpty {
                output.append(UInt8(literal.count - 1))
                output += literal
                literal = []
            }
        }
        var index = 0
        while index < data.count {
            var run = 1
            while index + run < data.count && data[index + run] == data[index] && run < 128 { run += 1 }
            if run >= 3 {
                flush()
                output.append(UInt8(257 - run))
                output.append(data[index])
                index += run
            } else {
                literal.append(data[index])
                if literal.count == 128 { flush() }
                index += 1
            }
        }
        flush()
        return output + [128]
    }

    /// LZW with early change (the PDF default): a clear code first and whenever the table is full, 257 at the end.
    static func lzw(_ data: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        var buffer: UInt64 = 0
        var bits = 0
        var table: [Int: Int] = [:]
        var next = 258
        // The decoder adds an entry only from its second code on, so it is one entry behind when it reads a code.
        func width(_ entries: Int) -> Int {
            var width = 9
            while width < 12 && entries + 1 >= 1 << width { width += 1 }
            return width
        }
        func write(_ code: Int, _ width: Int) {
            buffer = buffer << UInt64(width) | UInt64(code)
            bits += width
            while bits >= 8 {
                output.append(UInt8(truncatingIfNeeded: buffer >> UInt64(bits - 8)))
                bits -= 8
            }
        }
        write(256, 9)
        var prefix = -1
        for byte in data {
            guard prefix >= 0 else {
                prefix = Int(byte)
                continue
            }
            let key = prefix << 8 | Int(byte)
            if let code = table[key] {
                prefix = code
                continue
            }
            write(prefix, width(next - 1))
            table[key] = next
            next += 1
            if next >= 4094 {
                write(256, width(next - 1))
                table = [:]
                next = 258
            }
            prefix = Int(byte)
        }
        if prefix >= 0 {
            write(prefix, width(next - 1))
            next += 1
        }
        write(257, width(next - 1))
        if bits > 0 { output.append(UInt8(truncatingIfNeeded: buffer << UInt64(8 - bits))) }
        return output
    }
}
