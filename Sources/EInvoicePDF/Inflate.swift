internal import CZlib

/// FlateDecode (ISO 32000-1 §7.4.4) through zlib, with a hard cap on the output: a decompression bomb stops at
/// `limit` bytes, never allocating more.
enum Inflate {
    enum Failure: Error {
        case overLimit
        case corrupt
    }

    /// The inflated bytes of `input`; a stream that ends early (no zlib end marker) yields what it decoded.
    static func inflate(_ input: ArraySlice<UInt8>, limit: Int) throws(Failure) -> [UInt8] {
        var stream = z_stream()
        guard eingang_inflate_init(&stream) == Z_OK else { throw .corrupt }
        defer { inflateEnd(&stream) }
        var output: [UInt8] = []
        output.reserveCapacity(min(limit, max(4096, input.count * 4)))
        let chunkSize = 1 << 16
        var chunk = [UInt8](repeating: 0, count: chunkSize)
        let result: Result<Void, Failure> = input.withUnsafeBufferPointer { source in
            stream.next_in = UnsafeMutablePointer(mutating: source.baseAddress)
            stream.avail_in = UInt32(source.count)
            while true {
                let status = chunk.withUnsafeMutableBufferPointer { target in
                    stream.next_out = target.baseAddress
                    stream.avail_out = UInt32(chunkSize)
                    return CZlib.inflate(&stream, Z_NO_FLUSH)
                }
                let produced = chunkSize - Int(stream.avail_out)
                if output.count + produced > limit { return .failure(.overLimit) }
                output.append(contentsOf: chunk[0..<produced])
                switch status {
                case Z_STREAM_END:
                    return .success(())
                case Z_OK:
                    continue
                case Z_BUF_ERROR:
                    // No progress possible: the input ended without the end marker. Keep what was decoded.
                    return output.isEmpty ? .failure(.corrupt) : .success(())
                default:
                    return output.isEmpty ? .failure(.corrupt) : .success(())
                }
            }
        }
        try result.get()
        return output
    }

    /// Undoes a PNG or TIFF predictor (ISO 32000-1 §7.4.4.4, table 8) of FlateDecode's `/DecodeParms`.
    static func unpredict(
        _ data: [UInt8],
        predictor: Int,
        colors: Int,
        bitsPerComponent: Int,
        columns: Int
    ) throws(Failure) -> [UInt8] {
        if predictor <= 1 { return data }
        guard (1...32).contains(colors), [1, 2, 4, 8, 16].contains(bitsPerComponent), (1...1 << 20).contains(columns)
        else { throw .corrupt }
        let bytesPerPixel = max(1, (colors * bitsPerComponent + 7) / 8)
        let rowLength = (colors * bitsPerComponent * columns + 7) / 8
        // A row longer than the data is no predictor output (and would allocate for nothing).
        guard rowLength <= max(data.count, 1) else { throw .corrupt }
        if predictor == 2 {
            guard bitsPerComponent == 8 else { throw .corrupt }
            var output = data
            var row = 0
            while row < output.count {
                let end = min(row + rowLength, output.count)
                var index = row + bytesPerPixel
                while index < end {
                    output[index] &+= output[index - bytesPerPixel]
                    index += 1
                }
                row += rowLength
            }
            return output
        }
        // PNG: each row starts with its filter type byte.
        var output: [UInt8] = []
        output.reserveCapacity(data.count)
        var previous = [UInt8](repeating: 0, count: rowLength)
        var current = [UInt8](repeating: 0, count: rowLength)
        var offset = 0
        while offset < data.count {
            let filter = data[offset]
            offset += 1
            let available = min(rowLength, data.count - offset)
            for index in 0..<rowLength { current[index] = index < available ? data[offset + index] : 0 }
            offset += available
            for index in 0..<rowLength {
                let left = index >= bytesPerPixel ? current[index - bytesPerPixel] : 0
                let up = previous[index]
                let upLeft = index >= bytesPerPixel ? previous[index - bytesPerPixel] : 0
                switch filter {
                case 0: break
                case 1: current[index] &+= left
                case 2: current[index] &+= up
                case 3: current[index] &+= UInt8((Int(left) + Int(up)) / 2)
                case 4: current[index] &+= paeth(left, up, upLeft)
                default: throw .corrupt
                }
            }
            output.append(contentsOf: current)
            swap(&previous, &current)
        }
        return output
    }

    private static func paeth(_ a: UInt8, _ b: UInt8, _ c: UInt8) -> UInt8 {
        let p = Int(a) + Int(b) - Int(c)
        let pa = abs(p - Int(a))
        let pb = abs(p - Int(b))
        let pc = abs(p - Int(c))
        if pa <= pb && pa <= pc { return a }
        return pb <= pc ? b : c
    }
}
