import Foundation

/// Repeated timings of one benchmark, summarised as min and median (never a single run).
struct Measurement {
    var name: String
    var seconds: [Double]
    /// Documents handled per repetition, for documents per second.
    var documents: Int

    var minimum: Double { seconds.min() ?? 0 }
    var median: Double {
        let sorted = seconds.sorted()
        guard !sorted.isEmpty else { return 0 }
        return sorted.count % 2 == 1
            ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }

    var line: String {
        var text = String(
            format: "%-46@ min %9.3f ms  median %9.3f ms",
            name as NSString,
            minimum * 1000,
            median * 1000
        )
        if documents > 1 {
            text += String(
                format: "  (%.3f / %.3f ms per document, %.0f documents/s at the median)",
                minimum * 1000 / Double(documents),
                median * 1000 / Double(documents),
                Double(documents) / median
            )
        }
        return text
    }

    static func run(
        _ name: String,
        repetitions: Int,
        documents: Int = 1,
        _ body: () throws -> Void
    ) rethrows
        -> Measurement
    {
        var seconds: [Double] = []
        for _ in 0..<repetitions {
            let start = DispatchTime.now().uptimeNanoseconds
            try body()
            seconds.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        return Measurement(name: name, seconds: seconds, documents: documents)
    }
}
