import CPrivileges

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Giving up root once the capture handle is open, as tcpdump `-Z` does: a parser of hostile input should not run
/// with more rights than it needs.
package enum Privileges {
    package struct Failure: Error, CustomStringConvertible {
        package var description: String
    }

    /// Switches to `user`'s uid, gid and supplementary groups for good. Needs root.
    package static func drop(to user: String) throws(Failure) {
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

    /// Gives up every capability for good, once nothing more needs one: the capture handle is open and filtered,
    /// and the evidence file created. Run with file capabilities (`setcap cap_net_raw,cap_net_admin=eip`), the
    /// process would otherwise parse every packet holding CAP_NET_RAW and CAP_NET_ADMIN; run as root without
    /// `--user`, holding all of root's. Afterwards no capability is effective or permitted, and no exec can grant one.
    package static func dropCapabilities() throws(Failure) {
        let status = igmpguard_drop_all_capabilities()
        guard status == 0 else {
            throw Failure(description: "could not give up capabilities after opening the interface: \(String(cString: strerror(status))); refusing to go on")
        }
        let left = igmpguard_effective_capabilities() | igmpguard_permitted_capabilities()
            | igmpguard_inheritable_capabilities() | igmpguard_ambient_capabilities()
        guard left == 0 else {
            throw Failure(description: "capabilities 0x\(String(left, radix: 16)) were still held after giving them up; refusing to go on")
        }
    }
}
