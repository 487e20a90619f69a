import IGMPCapture

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One capture a scan reads, as the command line named it or as found under a directory it named.
package enum ScanInput {
    /// A file named on the command line: anything wrong with it is an error.
    case file(String)
    /// A file found under a directory: one that is not a capture is skipped with a warning.
    case foundFile(String)
    /// `-`: the capture on standard input.
    case standardInput
    /// A directory that could not be read, or under which nothing can be scanned: an error, in its place.
    case unusableDirectory(CaptureError)
    /// Something under a directory that is not a regular file (a FIFO would block the scan, a device is no
    /// capture): skipped with a warning.
    case skipped(String, reason: String)

    /// The name the output gives it.
    package var name: String {
        switch self {
        case .file(let path), .foundFile(let path): path
        case .standardInput: ScanInput.standardInputName
        case .unusableDirectory(let error): error.path
        case .skipped(let path, _): path
        }
    }

    /// What the output calls standard input, as the command line does.
    package static let standardInputName = "-"

    /// Whether this input is read as a capture (a file, found or named, or standard input).
    package var isCapture: Bool {
        switch self {
        case .file, .foundFile, .standardInput: true
        case .unusableDirectory, .skipped: false
        }
    }

    /// Whether `jobs` scan these inputs several at once (`ParallelScan`): more than one job, and more than one
    /// capture to read. Otherwise a scan reads them one at a time, each file with its two threads.
    package static func scanSeveralAtOnce(_ inputs: [ScanInput], jobs: Int, context: ContextOptions?) -> Bool {
        // A model carried from file to file (`--rotations`) needs the files in order, one at a time.
        jobs > 1 && context?.carriesAcrossFiles != true && inputs.lazy.filter(\.isCapture).prefix(2).count > 1
    }

    /// The paths of the files among `inputs` (to keep the evidence file from overwriting one).
    package static func paths(_ inputs: [ScanInput]) -> [String] {
        inputs.compactMap { input in
            switch input {
            case .file(let path), .foundFile(let path): path
            case .standardInput, .unusableDirectory, .skipped: nil
            }
        }
    }

    /// The captures `names` stand for, in order: `-` is standard input, a directory every file under it,
    /// recursively, in name order (byte order, as `LC_ALL=C ls` sorts, subdirectories in their place among the
    /// files), anything else a file. Symbolic links to files are followed; links to directories are not (a link
    /// back up the tree would never end).
    package static func expand(_ names: [String]) -> [ScanInput] {
        var inputs: [ScanInput] = []
        for name in names {
            if name == standardInputName {
                inputs.append(.standardInput)
                continue
            }
            var info = stat()
            guard stat(name, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else {
                inputs.append(.file(name)) // opening it says what is wrong
                continue
            }
            let before = inputs.count
            walk(directory: name, depth: 0, into: &inputs)
            if inputs.count == before {
                inputs.append(.unusableDirectory(CaptureError(.cannotOpen, path: name, detail: "no file under this directory")))
            }
        }
        return inputs
    }

    /// Deeper than this, a tree is taken to loop (through a bind mount); what lies below is an error.
    static let maximumDepth = 64

    private static func walk(directory: String, depth: Int, into inputs: inout [ScanInput]) {
        guard depth < maximumDepth else {
            inputs.append(.unusableDirectory(CaptureError(.cannotOpen, path: directory,
                                                          detail: "more than \(maximumDepth) directories deep")))
            return
        }
        guard let stream = opendir(directory) else {
            inputs.append(.unusableDirectory(CaptureError(.cannotOpen, path: directory, detail: String(cString: strerror(errno)))))
            return
        }
        var names: [[UInt8]] = []
        errno = 0
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in Array(raw.prefix { $0 != 0 }) }
            if name == [0x2e] || name == [0x2e, 0x2e] { continue } // "." and ".."
            names.append(name)
        }
        let listingError = errno // readdir returns nil at the end, and also when it fails
        closedir(stream)
        if listingError != 0 {
            inputs.append(.unusableDirectory(CaptureError(.cannotOpen, path: directory,
                                                          detail: "listing it failed: \(String(cString: strerror(listingError)))")))
        }
        names.sort { $0.lexicographicallyPrecedes($1) }
        let prefix = directory.hasSuffix("/") ? directory : directory + "/"
        for name in names {
            let path = prefix + String(decoding: name, as: UTF8.self)
            var info = stat()
            guard lstat(path, &info) == 0 else {
                inputs.append(.foundFile(path)) // gone or unreadable: opening it says which
                continue
            }
            switch info.st_mode & S_IFMT {
            case S_IFDIR:
                walk(directory: path, depth: depth + 1, into: &inputs)
            case S_IFREG:
                // An empty file (a rotation just begun, a placeholder) holds no capture yet.
                inputs.append(info.st_size == 0 ? .skipped(path, reason: "empty file") : .foundFile(path))
            case S_IFLNK:
                var target = stat()
                guard stat(path, &target) == 0 else {
                    inputs.append(.foundFile(path)) // a dangling link: opening it says so
                    continue
                }
                switch target.st_mode & S_IFMT {
                case S_IFDIR: continue
                case S_IFREG: inputs.append(.foundFile(path))
                default: inputs.append(.skipped(path, reason: "not a regular file"))
                }
            default:
                inputs.append(.skipped(path, reason: "not a regular file"))
            }
        }
    }
}
