import IGMPCapture

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Passes filled `FrameBatch`es from the reading thread to the judging thread, in order, and empty ones back.
///
/// A fixed set of batches circulates, so memory stays constant and a reader ahead of the judge waits for it. One
/// mutex and one condition variable: a handoff moves thousands of frames, so the lock is taken a few hundred times a
/// second, not per packet.
package final class BatchHandoff: @unchecked Sendable {
    // pthread objects must not move: allocated, not stored inline.
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let changed = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    /// Filled batches, oldest first; and empty ones. Both reserve room for every batch, so moving one allocates nothing.
    private var filled: [FrameBatch] = []
    private var empty: [FrameBatch] = []
    private var finished = false

    init(batches: Int, capacity: FrameBatch.Capacity = .standard) {
        precondition(batches >= 2)
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(changed, nil)
        filled.reserveCapacity(batches)
        empty.reserveCapacity(batches)
        for _ in 0..<batches { empty.append(FrameBatch(capacity)) }
    }

    deinit {
        pthread_cond_destroy(changed)
        pthread_mutex_destroy(mutex)
        changed.deallocate()
        mutex.deallocate()
    }

    /// Reader: an empty batch to fill, waiting while the judge holds them all.
    func takeEmpty() -> FrameBatch {
        locked {
            while empty.isEmpty { pthread_cond_wait(changed, mutex) }
            return empty.removeLast()
        }
    }

    /// Reader: a filled batch for the judge.
    func putFilled(_ batch: FrameBatch) {
        locked {
            filled.append(batch)
            pthread_cond_broadcast(changed)
        }
    }

    /// Reader: no batch will follow (end of file or a read error).
    func finish() {
        locked {
            finished = true
            pthread_cond_broadcast(changed)
        }
    }

    /// Judge: the oldest filled batch, waiting for one; nil once the reader has finished and every batch is judged.
    func takeFilled() -> FrameBatch? {
        locked {
            while filled.isEmpty && !finished { pthread_cond_wait(changed, mutex) }
            return filled.isEmpty ? nil : filled.removeFirst()
        }
    }

    /// Judge: a batch judged and emptied, for the reader to fill again.
    func putEmpty(_ batch: FrameBatch) {
        locked {
            empty.append(batch)
            pthread_cond_broadcast(changed)
        }
    }

    private func locked<T>(_ body: () -> T) -> T {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return body()
    }
}
