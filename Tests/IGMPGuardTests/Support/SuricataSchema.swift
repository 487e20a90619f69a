import Foundation

/// Suricata's own EVE schema (`etc/schema.json`, kept in ../shared/reference/suricata/ with its commit) and a
/// validator for it: `scripts/validate-eve.py` under Debian's /usr/bin/python3 with python3-jsonschema.
enum SuricataSchema {
    static var path: String? {
        let path = Tool.repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/reference/suricata/schema.json").path
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }

    /// Why the schema tests cannot run here, or nil when they can.
    static let unavailableReason: String? = {
        guard path != nil else { return "../shared/reference/suricata/schema.json is absent: EVE schema tests skipped" }
        guard let check = try? Tool.execute(["/usr/bin/python3", "-c", "import jsonschema"]), check.status == 0 else {
            return "python3-jsonschema is not installed for /usr/bin/python3 (scripts/setup.sh --test installs it): EVE schema tests skipped"
        }
        return nil
    }()

    /// Every schema error in `eve` (one JSON object per line), as "line N: where: why"; empty when all lines are valid.
    static func errors(in eve: String) throws -> [String] {
        let input = try Tool.temporaryDirectory().appendingPathComponent("eve.json")
        defer { try? FileManager.default.removeItem(at: input.deletingLastPathComponent()) }
        try eve.write(to: input, atomically: true, encoding: .utf8)
        let result = try Tool.execute(["/bin/sh", "-c", "exec /usr/bin/python3 scripts/validate-eve.py \"$0\" < \"$1\"",
                                       path!, input.path])
        guard result.status == 0 || result.status == 1 else {
            throw SchemaCheckFailed(message: "validate-eve.py exited \(result.status): \(result.stderr)")
        }
        return result.lines
    }

    struct SchemaCheckFailed: Error, CustomStringConvertible { var message: String; var description: String { message } }
}
