import CoreMetrics
import EInvoiceStore
import Metrics

/// The pipeline's counters and timers (swift-metrics; a backend chosen by the process records them).
struct PipelineMetrics: Sendable {
    let received = Counter(label: "eingang_received_total")
    let booked = Counter(label: "eingang_booked_total")
    let rejected = Counter(label: "eingang_rejected_total")
    let duplicates = Counter(label: "eingang_duplicates_total", dimensions: [("kind", "same_bytes")])
    let suspectedDuplicates = Counter(label: "eingang_duplicates_total", dimensions: [("kind", "suspected")])
    let errors = Counter(label: "eingang_errors_total")
    let validation = Timer(label: "eingang_validation_duration")
    let total = Timer(label: "eingang_processing_duration")

    func countReceived() { received.increment() }
    func countError() { errors.increment() }
    func recordValidation(since start: ContinuousClock.Instant) {
        validation.recordNanoseconds(Self.nanoseconds(since: start))
    }
    func recordProcessing(since start: ContinuousClock.Instant) {
        total.recordNanoseconds(Self.nanoseconds(since: start))
    }

    private static func nanoseconds(since start: ContinuousClock.Instant) -> Int64 {
        let elapsed = (ContinuousClock.now - start).components
        return elapsed.seconds * 1_000_000_000 + elapsed.attoseconds / 1_000_000_000
    }

    func count(_ result: SettleResult) {
        switch result {
        case .booked: booked.increment()
        case .rejected: rejected.increment()
        case .duplicate: duplicates.increment()
        case .suspectedDuplicate: suspectedDuplicates.increment()
        }
    }
}
