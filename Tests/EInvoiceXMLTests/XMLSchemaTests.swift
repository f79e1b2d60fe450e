import EInvoiceXML
import Foundation
import Testing

/// Loading schemas and validating against them, apart from the corpus (``SchemaConformanceTests``).
@Suite struct XMLSchemaTests {
    private let tiny = """
        <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:t" xmlns="urn:t"
                   elementFormDefault="qualified">
          <xs:element name="a">
            <xs:complexType>
              <xs:sequence><xs:element name="n" type="xs:decimal" maxOccurs="2"/></xs:sequence>
              <xs:attribute name="k" type="xs:date"/>
            </xs:complexType>
          </xs:element>
        </xs:schema>
        """

    @discardableResult
    private func withSchemaFile<R>(_ text: String, _ body: (String) throws -> R) throws -> R {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("eingang-\(UUID().uuidString).xsd")
            .path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try body(path)
    }

    @Test func reportsEveryViolationWithLibxml2Wording() throws {
        let schema = try withSchemaFile(tiny) { try XMLSchema(contentsOf: $0) }
        let document = try ParsedDocument.parse(
            Array("<a xmlns=\"urn:t\" k=\"tomorrow\">\n<n>1</n>\n<n>x</n>\n<n>3</n>\n</a>".utf8)
        )
        #expect(
            document.validate(against: schema) == [
                SchemaViolation(
                    line: 1,
                    column: 0,
                    type: "SCHEMAV_CVC_DATATYPE_VALID_1_2_1",
                    message: "Element '{urn:t}a', attribute 'k': 'tomorrow' is not a valid value of the atomic type "
                        + "'xs:date'."
                ),
                SchemaViolation(
                    line: 3,
                    column: 0,
                    type: "SCHEMAV_CVC_DATATYPE_VALID_1_2_1",
                    message: "Element '{urn:t}n': 'x' is not a valid value of the atomic type 'xs:decimal'."
                ),
                SchemaViolation(
                    line: 4,
                    column: 0,
                    type: "SCHEMAV_ELEMENT_CONTENT",
                    message: "Element '{urn:t}n': This element is not expected."
                ),
            ]
        )
        let valid = try ParsedDocument.parse(Array("<a xmlns=\"urn:t\"><n>1</n></a>".utf8))
        #expect(valid.validate(against: schema).isEmpty)
    }

    @Test func refusesAMissingSchema() {
        #expect {
            try XMLSchema(contentsOf: "/nonexistent/eingang/schema.xsd")
        } throws: { error in
            (error as? SchemaLoadError)?.code == .unreadable
        }
    }

    @Test func refusesASchemaThatIsNotXML() throws {
        try withSchemaFile("<xs:schema") { path in
            #expect {
                try XMLSchema(contentsOf: path)
            } throws: { error in
                (error as? SchemaLoadError)?.code == .unreadable
            }
        }
    }

    @Test func refusesAnInvalidSchema() throws {
        let broken = """
            <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
              <xs:element name="a" type="xs:nosuchtype"/>
            </xs:schema>
            """
        try withSchemaFile(broken) { path in
            do {
                _ = try XMLSchema(contentsOf: path)
                Issue.record("an invalid schema loaded")
            } catch let error as SchemaLoadError {
                #expect(error.code == .invalid)
                #expect(error.path == path)
                #expect(error.line == 2)
                #expect(error.message.contains("nosuchtype"))
            } catch {
                Issue.record("unexpected error \(error)")
            }
        }
    }

    @Test func validatesWithOneSchemaOnManyThreadsAtOnce() async throws {
        let schema = try withSchemaFile(tiny) { try XMLSchema(contentsOf: $0) }
        let failures = await withTaskGroup(of: Int.self) { group in
            for task in 0..<8 {
                group.addTask {
                    var failures = 0
                    for round in 0..<200 {
                        let valid = (task + round) % 2 == 0
                        let text = "<a xmlns=\"urn:t\"><n>\(valid ? "1" : "x")</n></a>"
                        guard let document = try? ParsedDocument.parse(Array(text.utf8)) else { return -1 }
                        if document.validate(against: schema).isEmpty != valid { failures += 1 }
                    }
                    return failures
                }
            }
            return await group.reduce(0, +)
        }
        #expect(failures == 0)
    }
}
