import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One line of progress on standard error for long runs: done/total, rate and the estimated time left, redrawn in
/// place at most ten times a second. Shown only when standard error is a terminal (never in pipes or files); the
/// commands leave it off for JSON output. Whoever prints to standard output calls ``beforeOutput()`` first.
final class ProgressDisplay: Sendable {
    /// Runs of fewer documents than this finish too fast to need a display.
    static let threshold = 50

    private struct State {
        var total = 0
        var done = 0
        /// Done before this process began (a resumed run): not counted in the rate.
        var doneBefore = 0
        var start = ContinuousClock.now
        var lastDrawn: ContinuousClock.Instant?
        var visible = false
    }

    private let label: String
    private let state: Mutex<State>
    private let outputIsTerminal = isatty(STDOUT_FILENO) == 1

    /// A display, or nil when it should stay quiet: `enabled` is false or standard error is no terminal.
    init?(label: String, enabled: Bool) {
        guard enabled, isatty(STDERR_FILENO) == 1 else { return nil }
        self.label = label
        self.state = Mutex(State())
    }

    /// The run has `total` items, `done` of them already.
    func start(total: Int, done: Int = 0) {
        state.withLock { state in
            state.total = total
            state.done = done
            state.doneBefore = done
            state.start = .now
        }
    }

    /// `done` items are finished.
    func update(done: Int) {
        state.withLock { state in
            state.done = done
            let now = ContinuousClock.now
            if let last = state.lastDrawn, now - last < .milliseconds(100), done < state.total { return }
            state.lastDrawn = now
            let elapsed = now - state.start
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            let rate = seconds > 0 ? Double(done - state.doneBefore) / seconds : 0
            Self.write("\r\u{1B}[K" + Self.line(label: label, done: done, total: state.total, rate: rate))
            state.visible = true
        }
    }

    /// Erases the line before something is printed on standard output, when that is a terminal too (output that
    /// goes elsewhere does not disturb the line).
    func beforeOutput() {
        if outputIsTerminal { clear() }
    }

    /// Erases the line (at the end).
    func clear() {
        state.withLock { state in
            guard state.visible else { return }
            Self.write("\r\u{1B}[K")
            state.visible = false
            state.lastDrawn = nil
        }
    }

    /// The text of the line: `validate 1234/10000 12% 85.2/s ETA 1m43s`; no ETA before a rate is known.
    static func line(label: String, done: Int, total: Int, rate: Double) -> String {
        let percent = total > 0 ? done * 100 / total : 100
        var text = "\(label) \(done)/\(total) \(percent)%"
        if rate > 0 {
            text += " " + (rate >= 10 ? String(Int(rate.rounded())) : String(format: "%.1f", rate)) + "/s"
            if done < total { text += " ETA " + duration(Double(total - done) / rate) }
        }
        return text
    }

    /// `42s`, `3m07s`, `2h05m`.
    static func duration(_ seconds: Double) -> String {
        let whole = Int(seconds.rounded(.up))
        if whole < 60 { return "\(whole)s" }
        if whole < 3600 { return String(format: "%dm%02ds", whole / 60, whole % 60) }
        return String(format: "%dh%02dm", whole / 3600, whole % 3600 / 60)
    }

    private static func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
