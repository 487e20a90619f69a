#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Starts a POSIX thread running `body` (the scan's reading thread, `--jobs`' workers). Swift's own concurrency is
/// not used for these: each runs a blocking loop for a whole file or more. Returns the thread, to join, or the error
/// number `pthread_create` gave (EAGAIN when the process may not have another).
package func startThread(_ body: @escaping () -> Void) -> Result<pthread_t, ThreadStartFailure> {
    final class Body { let run: () -> Void; init(_ run: @escaping () -> Void) { self.run = run } }
    let context = Unmanaged.passRetained(Body(body)).toOpaque()
    #if canImport(Glibc)
    var thread = pthread_t()
    #else
    var thread: pthread_t? = nil
    #endif
    let status = pthread_create(&thread, nil, { context in
        Unmanaged<Body>.fromOpaque(context!).takeRetainedValue().run()
        return nil
    }, context)
    guard status == 0 else {
        Unmanaged<Body>.fromOpaque(context).release()
        return .failure(ThreadStartFailure(errorNumber: status))
    }
    #if canImport(Glibc)
    return .success(thread)
    #else
    return .success(thread!)
    #endif
}

/// Why no thread could be started: `pthread_create`'s error number.
package struct ThreadStartFailure: Error {
    package var errorNumber: Int32
    /// strerror's words for it.
    package var description: String { String(cString: strerror(errorNumber)) }
}
