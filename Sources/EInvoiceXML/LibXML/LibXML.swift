internal import CLibXML2

/// Process-wide libxml2 set-up and small conversions shared by the owner types in this folder.
enum LibXML {
    /// `xmlInitParser()`, run once by the first parse or schema load (STYLE §2.6): libxml2 then sets up its
    /// thread-local state, so that parses on several threads at once are safe. The XML Schema built-in types too:
    /// libxml2 2.9 sets them up lazily in the first schema load, unguarded, and two schemas loaded at once on two
    /// threads could see a half-built table ("'xs:decimal' does not resolve to a simple type definition", seen
    /// once in CI).
    private static let initialised: Bool = {
        xmlInitParser()
        xmlSchemaInitTypes()
        return true
    }()

    /// Makes sure libxml2 is initialised.
    static func initialise() {
        _ = initialised
    }

    /// A Swift string from libxml2's UTF-8 (empty for NULL).
    @inline(__always)
    static func string(_ pointer: UnsafePointer<xmlChar>?) -> String {
        guard let pointer else { return "" }
        return String(cString: pointer)
    }

    /// The text of an error without its trailing newline.
    static func message(_ error: UnsafePointer<xmlError>) -> String {
        guard let text = error.pointee.message else { return "unknown error" }
        var message = String(cString: text)
        while let last = message.last, last.isNewline { message.removeLast() }
        return message
    }

    /// Runs `body` with `handler` as this thread's structured error handler, then restores the previous one.
    ///
    /// libxml2 reports a few errors without any context, which would otherwise reach its default handler and
    /// stderr: failed encoding conversions ("input conversion failed due to input error") and the I/O errors
    /// of loading the files a schema imports. The handler is thread-local in libxml2 (built with threads), and
    /// `body` is synchronous, so no other parse can see it. Errors that have a context still go to that
    /// context's own handler first.
    static func withThreadErrorHandler<Value, Failure: Error>(
        _ handler: xmlStructuredErrorFunc,
        userData: UnsafeMutableRawPointer,
        _ body: () throws(Failure) -> Value
    ) throws(Failure) -> Value {
        let previousHandler = __xmlStructuredError().pointee
        let previousUserData = __xmlStructuredErrorContext().pointee
        xmlSetStructuredErrorFunc(userData, handler)
        defer { xmlSetStructuredErrorFunc(previousUserData, previousHandler) }
        return try body()
    }
}
