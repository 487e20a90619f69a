#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How many CPUs this process may run on (its affinity mask: `taskset` and cgroup cpusets narrow it), at least 1.
package func usableCPUs() -> Int {
    let online = max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    #if os(Linux)
    // sched_getaffinity is a GNU extension the Glibc module does not export; looked up by name instead.
    typealias GetAffinity = @convention(c) (pid_t, Int, UnsafeMutableRawPointer) -> Int32
    guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "sched_getaffinity") else { return online }
    let getAffinity = unsafeBitCast(symbol, to: GetAffinity.self)
    var mask = [UInt64](repeating: 0, count: 16) // 1,024 CPUs, glibc's cpu_set_t
    let status = mask.withUnsafeMutableBytes { getAffinity(0, $0.count, $0.baseAddress!) }
    guard status == 0 else { return online }
    return max(1, mask.reduce(0) { $0 + $1.nonzeroBitCount })
    #else
    return online
    #endif
}
