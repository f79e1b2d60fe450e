/// A PDF file opened for reading objects: its cross-reference sections merged (newest first), the trailer, and the
/// objects read so far. Reads only what is asked for, each object once. Not `Sendable`: one document, one task.
final class PDFDocument {
    enum XRefEntry {
        case offset(Int, generation: Int)
        case compressed(stream: Int, index: Int)
    }

    let bytes: [UInt8]
    let limits: PDFLimits
    /// Where `%PDF-` starts: offsets in a file with bytes before its header may count from there.
    let headerOffset: Int
    var entries: [Int: XRefEntry] = [:]
    var trailer = PDFDictionary()
    private var cache: [Int: PDFObject] = [:]
    private var objectStreams: [Int: ObjectStream] = [:]
    private var resolving: Set<Int> = []
    private var inflatedTotal = 0

    private struct ObjectStream {
        var data: [UInt8]
        var first: Int
        /// Object number → offset from `first`.
        var offsets: [Int: Int]
    }

    /// The offset of `%PDF-` within the first 1024 bytes, or nil: how a PDF is recognised (by content, not name).
    static func headerOffset(_ bytes: [UInt8]) -> Int? {
        let window = min(bytes.count, 1024)
        let marker = Array("%PDF-".utf8)
        guard window >= marker.count else { return nil }
        for start in 0...(window - marker.count) where bytes[start] == marker[0] {
            if bytes[start..<start + marker.count].elementsEqual(marker) { return start }
        }
        return nil
    }

    init(bytes: [UInt8], limits: PDFLimits) throws(PDFExtractionError) {
        guard bytes.count <= limits.maxBytes else {
            throw PDFExtractionError(.tooLarge, "the PDF has more than \(limits.maxBytes) bytes")
        }
        guard let header = Self.headerOffset(bytes) else {
            throw PDFExtractionError(.notPDF, "not a PDF: no %PDF- header in the first 1024 bytes")
        }
        self.bytes = bytes
        self.limits = limits
        self.headerOffset = header
        try readCrossReferences()
        if trailer["Encrypt"] != nil {
            throw PDFExtractionError(
                .encrypted,
                "the PDF is encrypted; an invoice PDF must be readable without a password"
            )
        }
    }

    // MARK: Cross-references

    /// The offset after the last `startxref` in the file's tail.
    private func startXRef() throws(PDFExtractionError) -> Int {
        let keyword = Array("startxref".utf8)
        // Producers and mail gateways sometimes append bytes after %%EOF: look back up to 1 MiB.
        let lowest = max(headerOffset, bytes.count - (1 << 20))
        var start = bytes.count - keyword.count
        while start >= lowest {
            if bytes[start] == keyword[0] && bytes[start..<start + keyword.count].elementsEqual(keyword) {
                var parser = PDFParser(bytes: bytes, position: start + keyword.count, maxDepth: limits.maxDepth)
                guard let offset = parser.unsignedInteger() else {
                    throw PDFExtractionError(.brokenXRef, "startxref is not followed by an offset")
                }
                return offset
            }
            start -= 1
        }
        throw PDFExtractionError(
            .truncated,
            "the PDF is truncated or damaged: no startxref at its end, so its objects cannot be found"
        )
    }

    private func readCrossReferences() throws(PDFExtractionError) {
        var pending = [try startXRef()]
        var visited: Set<Int> = []
        var sections = 0
        while let offset = pending.popLast() {
            guard visited.insert(offset).inserted else {
                throw PDFExtractionError(.cyclicXRef, "the cross-reference sections refer to each other in a cycle")
            }
            sections += 1
            guard sections <= limits.maxXRefSections else {
                throw PDFExtractionError(
                    .tooManyObjects,
                    "more than \(limits.maxXRefSections) cross-reference sections"
                )
            }
            let sectionTrailer = try readSection(at: offset)
            for (key, value) in sectionTrailer.entries where trailer[key] == nil { trailer.entries[key] = value }
            // Searched in this order: this section, its /XRefStm (hybrid files), then /Prev.
            if let previous = sectionTrailer["Prev"]?.integer { pending.append(previous) }
            if let stream = sectionTrailer["XRefStm"]?.integer { pending.append(stream) }
        }
        guard trailer["Root"] != nil else {
            throw PDFExtractionError(.brokenXRef, "the trailer names no document catalog (/Root)")
        }
        if let size = trailer["Size"]?.integer, size > limits.maxObjects {
            throw PDFExtractionError(.tooManyObjects, "the PDF declares \(size) objects; at most \(limits.maxObjects)")
        }
    }

    /// The real position of a file offset: as written, or counted from the header when the file has a prefix.
    private func locate(_ offset: Int, expecting keyword: (inout PDFParser) -> Bool) -> PDFParser? {
        for candidate in headerOffset > 0 ? [offset, offset + headerOffset] : [offset]
        where candidate >= 0 && candidate < bytes.count {
            var parser = PDFParser(bytes: bytes, position: candidate, maxDepth: limits.maxDepth)
            if keyword(&parser) { return parser }
        }
        return nil
    }

    private func readSection(at offset: Int) throws(PDFExtractionError) -> PDFDictionary {
        if var parser = locate(offset, expecting: { $0.accept("xref") }) {
            return try readTable(&parser)
        }
        guard var parser = locate(offset, expecting: { Self.objectHeader(&$0) != nil }) else {
            throw PDFExtractionError(
                .brokenXRef,
                "startxref or /Prev points to byte \(offset), where no cross-reference section is"
            )
        }
        let object = try streamObject(&parser, at: offset)
        guard let stream = object.stream, stream.dictionary["Type"]?.name == "XRef" else {
            throw PDFExtractionError(.brokenXRef, "byte \(offset) holds no cross-reference stream")
        }
        try readXRefStream(stream)
        return stream.dictionary
    }

    private func readTable(_ parser: inout PDFParser) throws(PDFExtractionError) -> PDFDictionary {
        while true {
            if parser.accept("trailer") {
                guard case .dictionary(let dictionary) = try parser.object() else {
                    throw PDFExtractionError(.brokenXRef, "the trailer is not a dictionary")
                }
                return dictionary
            }
            guard let first = parser.unsignedInteger(), let count = parser.unsignedInteger() else {
                throw PDFExtractionError(
                    .brokenXRef,
                    "a cross-reference table is unreadable near byte \(parser.position)"
                )
            }
            guard first <= limits.maxObjects, count <= limits.maxObjects - first else {
                throw PDFExtractionError(.tooManyObjects, "a cross-reference table declares \(count) objects")
            }
            for number in first..<first + count {
                guard let offset = parser.unsignedInteger(), let generation = parser.unsignedInteger() else {
                    throw PDFExtractionError(
                        .brokenXRef,
                        "a cross-reference entry is unreadable near byte \(parser.position)"
                    )
                }
                let kind = parser.word()
                if kind.elementsEqual("n".utf8) {
                    if entries[number] == nil { entries[number] = .offset(offset, generation: generation) }
                } else if kind.elementsEqual("f".utf8) {
                    if entries[number] == nil { entries[number] = .offset(-1, generation: generation) }
                } else {
                    throw PDFExtractionError(
                        .brokenXRef,
                        "a cross-reference entry is unreadable near byte \(parser.position)"
                    )
                }
            }
            guard entries.count <= limits.maxObjects else {
                throw PDFExtractionError(.tooManyObjects, "more than \(limits.maxObjects) objects")
            }
        }
    }

    private func readXRefStream(_ stream: PDFStream) throws(PDFExtractionError) {
        let dictionary = stream.dictionary
        guard let widths = dictionary["W"]?.array?.compactMap(\.integer), widths.count == 3,
            widths.allSatisfy({ (0...8).contains($0) }), let size = dictionary["Size"]?.integer, size >= 0
        else {
            throw PDFExtractionError(.brokenXRef, "a cross-reference stream lacks a valid /W or /Size")
        }
        guard size <= limits.maxObjects else {
            throw PDFExtractionError(.tooManyObjects, "the PDF declares \(size) objects; at most \(limits.maxObjects)")
        }
        var ranges: [(Int, Int)] = []
        if let index = dictionary["Index"]?.array?.compactMap(\.integer) {
            guard index.count % 2 == 0 else { throw PDFExtractionError(.brokenXRef, "a bad /Index") }
            for pair in stride(from: 0, to: index.count, by: 2) { ranges.append((index[pair], index[pair + 1])) }
        } else {
            ranges = [(0, size)]
        }
        let data = try decodedData(stream)
        let rowWidth = widths.reduce(0, +)
        guard rowWidth > 0 else { throw PDFExtractionError(.brokenXRef, "a cross-reference stream with /W [0 0 0]") }
        var row = 0
        var total = 0
        for (first, count) in ranges {
            guard first >= 0, count >= 0, first <= limits.maxObjects, count <= limits.maxObjects - first else {
                throw PDFExtractionError(.tooManyObjects, "a cross-reference stream declares \(count) objects")
            }
            total += count
            guard total <= limits.maxObjects else {
                throw PDFExtractionError(.tooManyObjects, "more than \(limits.maxObjects) objects")
            }
            for number in first..<first + count {
                let start = row * rowWidth
                guard start + rowWidth <= data.count else { return }  // a short stream: the rest is unknown
                row += 1
                var fields = [0, 0, 0]
                var position = start
                for field in 0..<3 {
                    for _ in 0..<widths[field] {
                        fields[field] = fields[field] << 8 | Int(data[position])
                        position += 1
                    }
                }
                if widths[0] == 0 { fields[0] = 1 }
                guard entries[number] == nil else { continue }
                switch fields[0] {
                case 0: entries[number] = .offset(-1, generation: fields[2])
                case 1: entries[number] = .offset(fields[1], generation: fields[2])
                case 2: entries[number] = .compressed(stream: fields[1], index: fields[2])
                default: break
                }
            }
        }
    }

    // MARK: Objects

    /// `N G obj` at the parser's position: the object number, and the parser after the keyword.
    static func objectHeader(_ parser: inout PDFParser) -> Int? {
        guard let number = parser.unsignedInteger(), parser.unsignedInteger() != nil, parser.accept("obj") else {
            return nil
        }
        return number
    }

    /// The object after `N G obj`: a stream when a dictionary is followed by `stream`.
    private func streamObject(_ parser: inout PDFParser, at start: Int) throws(PDFExtractionError) -> PDFObject {
        let object = try parser.object()
        guard case .dictionary(let dictionary) = object, let dataStart = parser.streamStart() else { return object }
        let declared = try dictionary["Length"].map { (value) throws(PDFExtractionError) in try resolve(value) }?
            .integer
        if let declared, declared >= 0, dataStart + declared <= bytes.count {
            var after = PDFParser(bytes: bytes, position: dataStart + declared, maxDepth: limits.maxDepth)
            if after.accept("endstream") {
                return .stream(PDFStream(dictionary: dictionary, data: dataStart..<dataStart + declared))
            }
        }
        // A wrong or missing /Length: the data ends before the next `endstream`.
        guard let end = nextEndstream(after: dataStart) else {
            throw PDFExtractionError(.truncated, "the stream of the object at byte \(start) has no end")
        }
        var dataEnd = end
        if dataEnd > dataStart && bytes[dataEnd - 1] == 0x0A { dataEnd -= 1 }
        if dataEnd > dataStart && bytes[dataEnd - 1] == 0x0D { dataEnd -= 1 }
        return .stream(PDFStream(dictionary: dictionary, data: dataStart..<dataEnd))
    }

    /// Where each `endstream` keyword is, found in one pass the first time a stream needs it: every stream
    /// with a wrong `/Length` then costs a binary search, not a scan of the rest of the file.
    private var endstreams: [Int]?

    private func nextEndstream(after start: Int) -> Int? {
        if endstreams == nil {
            let needle = Array("endstream".utf8)
            var found: [Int] = []
            var index = 0
            while index + needle.count <= bytes.count {
                if bytes[index] == needle[0] && bytes[index..<index + needle.count].elementsEqual(needle) {
                    found.append(index)
                    index += needle.count
                } else {
                    index += 1
                }
            }
            endstreams = found
        }
        guard let positions = endstreams else { return nil }
        var low = 0
        var high = positions.count
        while low < high {
            let middle = (low + high) / 2
            if positions[middle] < start { low = middle + 1 } else { high = middle }
        }
        return low < positions.count ? positions[low] : nil
    }

    /// Follows references (a chain of at most a few) to a direct object; a missing object is null.
    func resolve(_ object: PDFObject) throws(PDFExtractionError) -> PDFObject {
        var current = object
        var hops = 0
        while case .reference(let reference) = current {
            hops += 1
            guard hops <= 8 else {
                throw PDFExtractionError(
                    .cyclicXRef,
                    "object \(reference.number) refers to itself through other objects"
                )
            }
            current = try self.object(reference.number)
        }
        return current
    }

    /// The indirect object `number`, read once and cached; null when there is no such object.
    func object(_ number: Int) throws(PDFExtractionError) -> PDFObject {
        if let cached = cache[number] { return cached }
        guard resolving.insert(number).inserted else {
            throw PDFExtractionError(.cyclicXRef, "object \(number) is needed to read itself")
        }
        defer { resolving.remove(number) }
        let object: PDFObject
        switch entries[number] {
        case nil, .offset(-1, _):
            object = .null
        case .offset(let offset, _):
            guard var parser = locate(offset, expecting: { Self.objectHeader(&$0) == number }) else {
                throw PDFExtractionError(
                    .brokenXRef,
                    "the cross-reference table places object \(number) at byte \(offset), but it is not there"
                )
            }
            object = try streamObject(&parser, at: offset)
        case .compressed(let stream, _):
            object = try compressedObject(number, in: stream)
        }
        cache[number] = object
        return object
    }

    private func compressedObject(
        _ number: Int,
        in streamNumber: Int
    ) throws(PDFExtractionError)
        -> PDFObject
    {
        let container: ObjectStream
        if let loaded = objectStreams[streamNumber] {
            container = loaded
        } else {
            guard case .offset = entries[streamNumber], let stream = try object(streamNumber).stream,
                let count = stream.dictionary["N"]?.integer, let first = stream.dictionary["First"]?.integer,
                count >= 0, first >= 0
            else {
                throw PDFExtractionError(
                    .brokenXRef,
                    "object \(number) lies in object \(streamNumber), which is no object stream"
                )
            }
            guard count <= limits.maxObjectsPerStream else {
                throw PDFExtractionError(.tooManyObjects, "an object stream declares \(count) objects")
            }
            let data = try decodedData(stream)
            var parser = PDFParser(bytes: data, position: 0, maxDepth: limits.maxDepth)
            var offsets: [Int: Int] = [:]
            for _ in 0..<count {
                guard let member = parser.unsignedInteger(), let offset = parser.unsignedInteger() else { break }
                if offsets[member] == nil { offsets[member] = offset }
            }
            container = ObjectStream(data: data, first: first, offsets: offsets)
            objectStreams[streamNumber] = container
        }
        // The object number in the stream's header decides, not the index the cross-reference gives.
        guard let offset = container.offsets[number], container.first + offset < container.data.count else {
            return .null
        }
        var parser = PDFParser(bytes: container.data, position: container.first + offset, maxDepth: limits.maxDepth)
        return try parser.object()
    }

    // MARK: Streams

    /// A stream's data with its filters undone (FlateDecode and LZWDecode with their predictors, ASCIIHexDecode,
    /// ASCII85Decode, RunLengthDecode), within the inflate limits.
    func decodedData(_ stream: PDFStream) throws(PDFExtractionError) -> [UInt8] {
        let raw = bytes[stream.data]
        var filters: [String] = []
        var parameters: [PDFObject] = []
        switch try stream.dictionary["Filter"].map({ (value) throws(PDFExtractionError) in try resolve(value) }) {
        case nil, .null?: break
        case .name(let name)?: filters = [name]
        case .array(let items)?: filters = items.compactMap(\.name)
        default: throw PDFExtractionError(.malformed, "a stream's /Filter is neither a name nor an array")
        }
        switch try stream.dictionary["DecodeParms"].map({ (value) throws(PDFExtractionError) in try resolve(value) }) {
        case .array(let items)?: parameters = items
        case let value?: parameters = [value]
        case nil: break
        }
        if filters.isEmpty {
            guard raw.count <= limits.maxInflatedBytes else {
                throw PDFExtractionError(.inflateLimit, "a stream has more than \(limits.maxInflatedBytes) bytes")
            }
            return Array(raw)
        }
        var data = Array(raw)
        for (position, filter) in filters.enumerated() {
            let limit = min(limits.maxInflatedBytes, limits.maxTotalInflatedBytes - inflatedTotal)
            let decode = position < parameters.count ? try resolve(parameters[position]).dictionary : nil
            do {
                // FlateDecode and LZWDecode may have a predictor to undo after decoding.
                var predicted = false
                switch filter {
                case "FlateDecode", "Fl":
                    data = try Inflate.inflate(data[...], limit: limit)
                    predicted = true
                case "LZWDecode", "LZW":
                    predicted = true
                    let earlyChange = decode?["EarlyChange"]?.integer ?? 1
                    data = try StreamFilters.lzw(data[...], earlyChange: earlyChange != 0, limit: limit)
                case "ASCIIHexDecode", "AHx": data = try StreamFilters.asciiHex(data[...], limit: limit)
                case "ASCII85Decode", "A85": data = try StreamFilters.ascii85(data[...], limit: limit)
                case "RunLengthDecode", "RL": data = try StreamFilters.runLength(data[...], limit: limit)
                default:
                    throw PDFExtractionError(
                        .unsupportedFilter,
                        "a stream the invoice needs uses the filter \(filter)"
                    )
                }
                inflatedTotal += data.count
                if predicted, let decode, let predictor = decode["Predictor"]?.integer, predictor > 1 {
                    data = try Inflate.unpredict(
                        data,
                        predictor: predictor,
                        colors: decode["Colors"]?.integer ?? 1,
                        bitsPerComponent: decode["BitsPerComponent"]?.integer ?? 8,
                        columns: decode["Columns"]?.integer ?? 1
                    )
                }
            } catch let error as PDFExtractionError {
                throw error
            } catch Inflate.Failure.overLimit {
                throw PDFExtractionError(
                    .inflateLimit,
                    "a stream decodes to more than \(limit) bytes: refused as a decompression bomb"
                )
            } catch {
                throw PDFExtractionError(.malformed, "a stream's data is corrupt (\(filter))")
            }
        }
        return data
    }
}
