import Dispatch
import Synchronization

/// At most `permits` holders at once; the others wait in order. Bounds the CPU-bound part of the work (validation)
/// to the number of workers while more files are in flight in the I/O steps around it.
final class AsyncSemaphore: Sendable {
    private struct State {
        var available: Int
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state: Mutex<State>

    init(permits: Int) {
        state = Mutex(State(available: permits))
    }

    func withPermit<T>(_ body: () throws -> T) async rethrows -> T {
        await acquire()
        defer { release() }
        return try body()
    }

    private func acquire() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let granted = state.withLock { state -> Bool in
                if state.available > 0 {
                    state.available -= 1
                    return true
                }
                state.waiters.append(continuation)
                return false
            }
            if granted { continuation.resume() }
        }
    }

    private func release() {
        let next = state.withLock { state -> CheckedContinuation<Void, Never>? in
            if state.waiters.isEmpty {
                state.available += 1
                return nil
            }
            return state.waiters.removeFirst()
        }
        next?.resume()
    }
}

/// Runs blocking file work (reads, writes, fsync) on a Dispatch thread, so that the few threads of Swift's
/// cooperative pool keep validating meanwhile.
func blockingIO<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global().async {
            continuation.resume(with: Result { try body() })
        }
    }
}
