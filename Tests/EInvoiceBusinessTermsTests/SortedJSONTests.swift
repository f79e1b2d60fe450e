import EInvoiceBusinessTerms
import EInvoiceTestSupport
import Foundation
import Testing

/// `SortedJSON` writes what `JSONEncoder` with sorted keys and unescaped slashes writes: the booking terms' JSON
/// stays byte for byte what it was, only faster.
@Suite struct SortedJSONTests {
    static func reference<Value: Encodable>(_ value: Value) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func sorted<Value: Encodable>(_ value: Value) throws -> String {
        String(decoding: try SortedJSON.encode(value), as: UTF8.self)
    }

    /// The terms of every invoice and credit note of every corpus whose terms can be read, by corpus path.
    static func corpusTerms() throws -> [(path: String, terms: BusinessTerms)] {
        let root = try Corpus.root()
        let enumerator = try #require(FileManager.default.enumerator(atPath: root))
        var found: [(path: String, terms: BusinessTerms)] = []
        while let relative = enumerator.nextObject() as? String {
            guard relative.hasSuffix(".xml") else { continue }
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: root + "/" + relative)))
            guard let terms = try? BusinessTermsExtractor.extract(from: bytes) else { continue }
            found.append((relative, terms))
        }
        #expect(found.count > 1000)
        return found
    }

    @Test func theTermsOfEveryCorpusDocumentComeOutAsJSONEncoderWritesThem() throws {
        for (path, terms) in try Self.corpusTerms() {
            #expect(try Self.sorted(terms) == Self.reference(terms), "\(path)")
        }
    }

    struct Sample: Encodable {
        var text: String
        var absent: String?
        var present: Int? = -42
        var flag = true
        var list: [String] = []
        var nested: [[String: String]] = [["b": "2", "a": "1", "a_b": "3", "aB": "4", "A": "5", "a10": "6", "a2": "7"]]
        var unsigned: UInt8 = 255
    }

    @Test(arguments: [
        "plain", "", "a/b", "quote \" and backslash \\", "\n\r\t\u{8}\u{C}", "\u{0}\u{1}\u{1F}\u{7F}",
        "Grüße € \u{2028} 😀",
    ])
    func stringsKeysAndNumbersMatch(_ text: String) throws {
        let sample = Sample(text: text)
        #expect(try Self.sorted(sample) == Self.reference(sample))
        #expect(try Self.sorted([text, text]) == Self.reference([text, text]))
    }

    @Test func datesAreWrittenAsTheISO8601StrategyWritesThem() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        var generator = SystemRandomNumberGenerator()
        var dates = [Date(timeIntervalSince1970: 0), Date(timeIntervalSince1970: 1_795_954_736.999_9), Date()]
        for _ in 0..<200 {
            dates.append(Date(timeIntervalSince1970: Double.random(in: -2e9...4e9, using: &generator)))
        }
        for date in dates {
            let reference = String(decoding: try encoder.encode(["at": date]), as: UTF8.self)
            #expect(
                String(decoding: try SortedJSON.encode(["at": date], iso8601Dates: true), as: UTF8.self) == reference
            )
        }
        #expect(throws: SortedJSON.Unsupported.self) { try SortedJSON.encode(["at": Date()]) }
    }

    @Test func floatingPointNumbersAreRefusedRatherThanFormattedDifferently() {
        #expect(throws: SortedJSON.Unsupported.self) { try SortedJSON.encode(["x": 1.5]) }
    }
}

/// The size of an attachment is counted sixteen bytes at a time: it agrees with counting byte by byte.
@Suite struct Base64SizeTests {
    static func bytewise(_ text: String) -> Int {
        let ignored = text.utf8.filter { $0 <= 0x20 || $0 == 0x3D }.count
        return (text.utf8.count - ignored) * 3 / 4
    }

    @Test func sixteenAtATimeAgreesWithByteByByte() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=\n\r\t ".utf8)
        var lengths = Array(0...40) + [255 * 16 - 1, 255 * 16, 255 * 16 + 1, 100_000]
        for _ in 0..<20 { lengths.append(Int.random(in: 0...10_000, using: &generator)) }
        for length in lengths {
            let bytes = (0..<length).map { _ in alphabet.randomElement(using: &generator)! }
            let text = String(decoding: bytes, as: UTF8.self)
            #expect(TextValues.base64DecodedSize(text) == Self.bytewise(text), "length \(length)")
        }
        let spaces = String(repeating: " ", count: 255 * 16 * 3)
        #expect(TextValues.base64DecodedSize(spaces) == 0)
        #expect(TextValues.base64DecodedSize("QUJD\nREVG\n") == 6)
    }
}
