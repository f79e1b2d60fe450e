// libFuzzer entry point for the PDF reader: built with the EInvoicePDF sources by scripts/fuzz-pdf
// (swiftc -sanitize=fuzzer,address), not part of the package.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPDFExtraction(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    var limits = PDFLimits()
    // Small enough that the fuzzer reaches the limits, large enough for its inputs.
    limits.maxInflatedBytes = 1 << 20
    limits.maxTotalInflatedBytes = 4 << 20
    if let invoice = try? extractInvoice(from: bytes, limits: limits) {
        precondition(invoice.xml.count <= limits.maxInflatedBytes)
    }
    return 0
}
