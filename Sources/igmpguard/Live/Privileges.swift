#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Giving up root once the capture handle is open, as tcpdump `-Z` does: a parser of hostile input should not run
/// with more rights than it needs.
enum Privileges {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Switches to `user`'s uid, gid and supplementary groups for good. Needs root.
    static func drop(to user: String) throws(Failure) {
        guard let entry = getpwnam(user) else { throw Failure(description: "--user \(user): no such user") }
        let uid = entry.pointee.pw_uid
        let gid = entry.pointee.pw_gid
        guard geteuid() == 0 else {
            throw Failure(description: "--user \(user): changing user needs root (igmpguard drops to \(user) after opening the interface)")
        }
        guard initgroups(user, gid) == 0 else { throw Failure(description: "--user \(user): initgroups: \(String(cString: strerror(errno)))") }
        guard setgid(gid) == 0 else { throw Failure(description: "--user \(user): setgid(\(gid)): \(String(cString: strerror(errno)))") }
        guard setuid(uid) == 0 else { throw Failure(description: "--user \(user): setuid(\(uid)): \(String(cString: strerror(errno)))") }
        // Make sure there is no way back.
        if uid != 0 && (setuid(0) == 0 || seteuid(0) == 0) {
            throw Failure(description: "--user \(user): root could be regained after dropping privileges; refusing to go on")
        }
    }
}
