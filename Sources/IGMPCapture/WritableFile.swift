#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Opening a file igmpguard writes (evidence, events) at a path others may have put something at: run as root in a
/// directory others can write to, igmpguard must not be turned into a way to write a file it was not meant to.
public enum WritableFile {
    /// Opens `path` for writing: a new file is created with `mode`; an existing one is refused, before anything is
    /// written to it, when it is a symbolic link, anything but a regular file (a FIFO would block, a device would be
    /// written over), a file with other hard links, a file another user owns, or one of `protected`. An existing file
    /// that may be written is emptied and given `mode` (`appending` false), or written at its end as it is
    /// (`appending` true: a log someone rotated and made anew keeps the mode they gave it). `what` names the
    /// contents in refusals ("evidence").
    ///
    /// - Returns: the descriptor (blocking, close-on-exec) and the file's identity.
    static func descriptor(_ path: String, mode: mode_t = 0o600, appending: Bool, what: String,
                     protected: [ProtectedFile] = []) throws(CaptureError) -> (descriptor: Int32, identity: FileIdentity) {
        let access = O_WRONLY | O_NOFOLLOW | O_NOCTTY | O_CLOEXEC | (appending ? O_APPEND : 0)
        // A new file first: nothing to check but that it is new (a file just made on a root-squashed NFS mount may
        // not even belong to us).
        var fd = open(path, access | O_CREAT | O_EXCL, mode)
        var refusal: String? = nil
        if fd < 0 && errno == EEXIST {
            // O_NONBLOCK: opening a FIFO for writing would otherwise wait for a reader before fstat could refuse it.
            fd = open(path, access | O_NONBLOCK)
            if fd >= 0 { refusal = Self.refusal(fd, mode: mode, appending: appending, what: what, protected: protected) }
        }
        guard fd >= 0 else {
            let reason = switch errno {
            case ELOOP: "is a symbolic link, or its path loops (\(what) is never written through a link)"
            case ENXIO: "not a regular file (a FIFO with no reader, or a device; \(what) is written only to a regular file)"
            default: String(cString: strerror(errno))
            }
            throw CaptureError(.cannotOpen, path: path, detail: reason)
        }
        var info = stat()
        if refusal == nil && fstat(fd, &info) != 0 { refusal = String(cString: strerror(errno)) }
        if let refusal {
            _ = close(fd)
            throw CaptureError(.cannotOpen, path: path, detail: refusal)
        }
        return (fd, FileIdentity(info))
    }

    /// Why the existing file open at `fd` must not be written, or nil when it may: then it is emptied and given `mode`
    /// (unless `appending`) and set back to blocking writes.
    static func refusal(_ fd: Int32, mode: mode_t, appending: Bool, what: String, protected: [ProtectedFile]) -> String? {
        var info = stat()
        guard fstat(fd, &info) == 0 else { return String(cString: strerror(errno)) }
        if (info.st_mode & S_IFMT) != S_IFREG { return "not a regular file (\(what) is written only to one)" }
        if let capture = protected.first(where: { $0.identity == FileIdentity(info) }) {
            return "it is also a capture to scan (\(capture.name)), which writing \(what) would destroy"
        }
        if info.st_uid != geteuid() {
            return "owned by uid \(info.st_uid), not by this process (uid \(geteuid())): igmpguard does not overwrite another user's file"
        }
        if info.st_nlink > 1 { return "has \(info.st_nlink) hard links: igmpguard does not overwrite a file that is also elsewhere" }
        let flags = fcntl(fd, F_GETFL)
        guard flags >= 0, appending || (ftruncate(fd, 0) == 0 && fchmod(fd, mode) == 0),
              fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) == 0 else {
            return String(cString: strerror(errno))
        }
        return nil
    }

    /// Moves `path` aside as logrotate would: `path.1` becomes `path.2` and so on, `path` becomes `path.1`, and the
    /// file that would become `path.(keep + 1)` is removed (with `keep` 0, `path` itself). Missing files in the chain
    /// are skipped. A rename replaces a name, never writes through a link.
    /// - Throws: when `path` could not be moved or removed (the older files' errors are ignored: gaps are harmless).
    static func shift(_ path: String, keep: Int) throws(CaptureError) {
        if keep <= 0 {
            guard unlink(path) == 0 || errno == ENOENT else {
                throw CaptureError(.writeFailed, path: path, detail: "could not remove it to start anew: " + String(cString: strerror(errno)))
            }
            return
        }
        _ = unlink("\(path).\(keep)")
        for n in stride(from: keep - 1, through: 1, by: -1) { _ = rename("\(path).\(n)", "\(path).\(n + 1)") }
        guard rename(path, "\(path).1") == 0 || errno == ENOENT else {
            throw CaptureError(.writeFailed, path: path, detail: "could not move it to \(path).1: " + String(cString: strerror(errno)))
        }
    }

    /// Whether `path` still names the file `identity` (links followed): false once it was moved or removed, and
    /// another file, or none, is there.
    static func stillNames(_ path: String, _ identity: FileIdentity) -> Bool {
        FileIdentity(path: path) == identity
    }
}

/// A file of lines igmpguard appends to (`live --output`), that follows its path when the file is rotated: after
/// logrotate moves it away, `reopen()` closes it and opens the path anew, as Suricata does with eve.json on SIGHUP.
public final class AppendedFile {
    /// The path given, which `reopen` opens again once it names another file.
    public let path: String
    /// Where to write; it changes when the file is reopened.
    public private(set) var descriptor: Int32
    private var identity: FileIdentity

    /// Opens `path` to append to, or creates it with mode 0600 (what is written may hold captured addresses); an
    /// existing path is refused as `WritableFile` says (a symbolic link, not a regular file, other hard links,
    /// another user's file). `what` names the contents in refusals.
    public init(path: String, what: String) throws(CaptureError) {
        self.path = path
        self.what = what
        (descriptor, identity) = try WritableFile.descriptor(path, appending: true, what: what)
        sizeAtOpen = Self.size(descriptor)
    }

    /// The file's size when it was opened (it is appended to).
    public private(set) var sizeAtOpen: Int

    static func size(_ fd: Int32) -> Int {
        var info = stat()
        return fstat(fd, &info) == 0 ? Int(info.st_size) : 0
    }

    /// Moves the file aside (`path` to `path.1`, older ones up to `path.keep`, the oldest removed) and starts a new
    /// one at `path`, as tcpdump `-C`/`-W` and logrotate do. Write everything buffered for the old file first.
    public func rotate(keep: Int) throws(CaptureError) {
        try WritableFile.shift(path, keep: keep)
        _ = try reopen()
    }

    private let what: String

    deinit { if descriptor >= 0 { _ = close(descriptor) } }

    /// When `path` no longer names the open file (it was moved or removed), opens the path anew (creating it) and
    /// closes the old file; true then. False, with nothing changed, while the path still names it. Write everything
    /// buffered for the old file first. On failure the old file stays open and is written on.
    public func reopen() throws(CaptureError) -> Bool {
        guard !WritableFile.stillNames(path, identity) else { return false }
        let (fd, newIdentity) = try WritableFile.descriptor(path, appending: true, what: what)
        _ = close(descriptor)
        descriptor = fd
        identity = newIdentity
        sizeAtOpen = Self.size(fd)
        return true
    }
}
