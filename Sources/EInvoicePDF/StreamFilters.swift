/// The standard filters besides FlateDecode that a producer may put on an embedded file, the XMP packet or an
/// object stream (ISO 32000-1 §7.4.2, §7.4.3, §7.4.4, §7.4.5): ASCIIHexDecode, ASCII85Decode, LZWDecode and
/// RunLengthDecode. Image filters (DCT, JBIG2, CCITT, JPX) never carry an invoice and stay unsupported.
///
/// Every decoder stops at `limit` output bytes (``Inflate/Failure/overLimit``): RunLength expands 64-fold and LZW
/// quadratically, so their output is bounded like inflated data.
enum StreamFilters {
    /// ASCIIHexDecode: pairs of hexadecimal digits, white space ignored, `>` ends the data; an odd last digit is
    /// followed by 0.
    static func asciiHex(_ input: ArraySlice<UInt8>, limit: Int) throws(Inflate.Failure) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(min(limit, input.count / 2))
        var high: UInt8?
        for byte in input {
            if byte == UInt8(ascii: ">") { break }
            if PDFParser.isWhitespace(byte) { continue }
            guard let value = PDFParser.hexValue(byte) else { throw .corrupt }
            if let pending = high {
                guard output.count < limit else { throw .overLimit }
                output.append(pending << 4 | value)
                high = nil
            } else {
                high = value
            }
        }
        if let high {
            guard output.count < limit else { throw .overLimit }
            output.append(high << 4)
        }
        return output
    }

    /// ASCII85Decode: groups of five characters `!`…`u` for four bytes, `z` for four zero bytes, `~>` ends the
    /// data, white space ignored; a last group of n characters gives n − 1 bytes.
    static func ascii85(_ input: ArraySlice<UInt8>, limit: Int) throws(Inflate.Failure) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(min(limit, input.count))
        var group: UInt64 = 0
        var count = 0
        func append(_ bytes: some Collection<UInt8>) throws(Inflate.Failure) {
            guard output.count + bytes.count <= limit else { throw .overLimit }
            output.append(contentsOf: bytes)
        }
        for byte in input {
            if byte == UInt8(ascii: "~") { break }
            if PDFParser.isWhitespace(byte) { continue }
            if byte == UInt8(ascii: "z") && count == 0 {
                try append([0, 0, 0, 0])
                continue
            }
            guard byte >= UInt8(ascii: "!") && byte <= UInt8(ascii: "u") else { throw .corrupt }
            group = group * 85 + UInt64(byte - UInt8(ascii: "!"))
            count += 1
            if count == 5 {
                guard group <= UInt64(UInt32.max) else { throw .corrupt }
                try append(withUnsafeBytes(of: UInt32(group).bigEndian, Array.init))
                group = 0
                count = 0
            }
        }
        if count == 1 { throw .corrupt }
        if count > 1 {
            for _ in count..<5 { group = group * 85 + 84 }
            guard group <= UInt64(UInt32.max) else { throw .corrupt }
            try append(withUnsafeBytes(of: UInt32(group).bigEndian, Array.init).prefix(count - 1))
        }
        return output
    }

    /// RunLengthDecode: a length byte n < 128 copies the next n + 1 bytes, n > 128 repeats the next byte
    /// 257 − n times, 128 ends the data.
    static func runLength(_ input: ArraySlice<UInt8>, limit: Int) throws(Inflate.Failure) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(min(limit, input.count))
        var index = input.startIndex
        while index < input.endIndex {
            let length = Int(input[index])
            index += 1
            if length == 128 { break }
            if length < 128 {
                let end = min(index + length + 1, input.endIndex)
                guard output.count + (end - index) <= limit else { throw .overLimit }
                output.append(contentsOf: input[index..<end])
                index = end
            } else {
                guard index < input.endIndex else { break }
                let count = 257 - length
                guard output.count + count <= limit else { throw .overLimit }
                output.append(contentsOf: repeatElement(input[index], count: count))
                index += 1
            }
        }
        return output
    }

    /// LZWDecode: variable-width codes of 9 to 12 bits, most significant bit first; 256 clears the table, 257 ends
    /// the data. With `earlyChange` (the default, 1) the width grows one code early, as in TIFF.
    static func lzw(_ input: ArraySlice<UInt8>, earlyChange: Bool, limit: Int) throws(Inflate.Failure) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(min(limit, input.count * 2))
        // Each table entry is a previous entry plus one byte: stored as (prefix, last byte, length, first byte).
        var prefixes = [Int32](repeating: -1, count: 4096)
        var suffixes = [UInt8](repeating: 0, count: 4096)
        var lengths = [Int32](repeating: 1, count: 4096)
        var firsts = [UInt8](repeating: 0, count: 4096)
        for code in 0..<256 {
            suffixes[code] = UInt8(code)
            firsts[code] = UInt8(code)
        }
        var next = 258
        var width = 9
        var previous = -1
        var buffer: UInt32 = 0
        var bits = 0
        var index = input.startIndex

        func emit(_ code: Int) throws(Inflate.Failure) {
            let length = Int(lengths[code])
            guard output.count + length <= limit else { throw .overLimit }
            let start = output.count
            output.append(contentsOf: repeatElement(0, count: length))
            var current = code
            var position = start + length - 1
            while current >= 0 {
                output[position] = suffixes[current]
                position -= 1
                current = Int(prefixes[current])
            }
        }

        while true {
            while bits < width {
                guard index < input.endIndex else { return output }
                buffer = buffer << 8 | UInt32(input[index])
                index += 1
                bits += 8
            }
            let code = Int((buffer >> UInt32(bits - width)) & ((1 << UInt32(width)) - 1))
            bits -= width
            if code == 256 {
                next = 258
                width = 9
                previous = -1
                continue
            }
            if code == 257 { return output }
            if previous < 0 {
                guard code < 256 else { throw .corrupt }
                try emit(code)
                previous = code
                continue
            }
            guard code <= next, next < 4096 || code < next else { throw .corrupt }
            if next < 4096 {
                // The new entry: the previous string plus the first byte of this one (of itself when it is new).
                prefixes[next] = Int32(previous)
                suffixes[next] = code < next ? firsts[code] : firsts[previous]
                lengths[next] = lengths[previous] + 1
                firsts[next] = firsts[previous]
                next += 1
            }
            try emit(code)
            previous = code
            let threshold = earlyChange ? next + 1 : next
            if threshold >= 1 << width && width < 12 { width += 1 }
        }
    }
}
