/// An indirect object's number and generation (ISO 32000-1 §7.3.10).
struct PDFReference: Hashable, Sendable {
    var number: Int
    var generation: Int
}

/// A PDF object (ISO 32000-1 §7.3). Strings are kept as bytes; names are decoded (`#xx`) and without the slash.
indirect enum PDFObject: Sendable {
    case null
    case boolean(Bool)
    case integer(Int)
    case real(Double)
    case string([UInt8])
    case name(String)
    case array([PDFObject])
    case dictionary(PDFDictionary)
    case reference(PDFReference)
    case stream(PDFStream)

    var dictionary: PDFDictionary? {
        switch self {
        case .dictionary(let dictionary): dictionary
        case .stream(let stream): stream.dictionary
        default: nil
        }
    }

    var array: [PDFObject]? {
        if case .array(let items) = self { return items }
        return nil
    }

    var name: String? {
        if case .name(let name) = self { return name }
        return nil
    }

    var integer: Int? {
        if case .integer(let value) = self { return value }
        return nil
    }

    var stream: PDFStream? {
        if case .stream(let stream) = self { return stream }
        return nil
    }

    var reference: PDFReference? {
        if case .reference(let reference) = self { return reference }
        return nil
    }

    var stringBytes: [UInt8]? {
        if case .string(let bytes) = self { return bytes }
        return nil
    }
}

/// A dictionary: keys are names without the slash.
struct PDFDictionary: Sendable {
    var entries: [String: PDFObject] = [:]

    subscript(key: String) -> PDFObject? { entries[key] }
}

/// A stream: its dictionary and where its raw (still encoded) data lies in the file.
struct PDFStream: Sendable {
    var dictionary: PDFDictionary
    var data: Range<Int>
}
