import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Wakes the pipeline when something changes in the inbox (inotify on Linux) and at least every `interval`
/// seconds (the periodic rescan that catches whatever a notification missed). A dedicated thread waits in
/// `poll`, so no task of the cooperative pool blocks.
final class InboxWatcher: Sendable {
    private let descriptor: Int32
    private let wakePipe: (read: Int32, write: Int32)
    private let interval: Double
    private let state = Mutex(State())

    private struct State {
        var watched: Set<String> = []
        var waiter: CheckedContinuation<Void, Never>?
        var pending = false
        var stopped = false
    }

    init(interval: Double) {
        self.interval = interval
        #if os(Linux)
        descriptor = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        #else
        descriptor = -1
        #endif
        var fds: [Int32] = [-1, -1]
        if pipe(&fds) != 0 { fds = [-1, -1] }
        wakePipe = (fds[0], fds[1])
        let thread = Thread { [self] in self.loop() }
        thread.start()
    }

    /// Watches these directories (new ones are added; inotify ignores a repeated one).
    func watch(_ directories: [String]) {
        #if os(Linux)
        guard descriptor >= 0 else { return }
        let mask = UInt32(IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE | IN_ATTRIB)
        let new = state.withLock { state in
            let new = directories.filter { !state.watched.contains($0) }
            state.watched.formUnion(new)
            return new
        }
        for directory in new { _ = inotify_add_watch(descriptor, directory, mask) }
        #endif
    }

    /// Returns after the next change in the inbox, after `interval` seconds, or when stopped.
    func next() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let resumeNow = state.withLock { state -> Bool in
                if state.pending || state.stopped {
                    state.pending = false
                    return true
                }
                state.waiter = continuation
                return false
            }
            if resumeNow { continuation.resume() }
        }
    }

    /// Wakes a waiting `next()` now and every later one at once.
    func stop() {
        let waiter = state.withLock { state in
            state.stopped = true
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume()
        var byte: UInt8 = 1
        _ = write(wakePipe.write, &byte, 1)
    }

    private func signal() {
        let waiter = state.withLock { state in
            defer { state.waiter = nil }
            if state.waiter == nil { state.pending = true }
            return state.waiter
        }
        waiter?.resume()
    }

    private func loop() {
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while !state.withLock({ $0.stopped }) {
            var fds = [
                pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0),
                pollfd(fd: wakePipe.read, events: Int16(POLLIN), revents: 0),
            ]
            let ready = poll(&fds, 2, Int32(interval * 1000))
            if ready > 0, fds[0].revents != 0 {
                // Drain the events: what changed is found by the rescan, the event only says when.
                while buffer.withUnsafeMutableBytes({ read(descriptor, $0.baseAddress, $0.count) }) > 0 {}
            }
            signal()
        }
        if descriptor >= 0 { close(descriptor) }
        close(wakePipe.read)
        close(wakePipe.write)
    }
}
