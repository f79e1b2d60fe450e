/// A rules directory whose files have been hashed and, normally, checked against the lock manifest.
///
/// The directory holds the official artefacts (`scenarios.xml`, the CEN and XRechnung Schematron, the UBL and CII
/// XML Schemas); `Schemas/rules.lock.json` pins each file's SHA-256. ``open(directory:lock:acceptUnpinned:)``
/// refuses a directory that differs from the lock unless unpinned rules are accepted explicitly, so a report's
/// ``bundleHash`` always says which rules produced it.
public struct RuleBundle: Sendable {
    /// The rules directory as given to ``open(directory:lock:acceptUnpinned:)``.
    public let directory: String
    /// The bundle hash of ``files`` (see ``bundleHash(of:)``); equal to the lock's `bundle` when ``isPinned``.
    public let bundleHash: String
    /// Every hashed file: relative path ('/'-separated) to SHA-256 (64 lowercase hexadecimal digits).
    public let files: [String: String]
    /// Whether the directory matches the lock manifest exactly.
    public let isPinned: Bool
    /// The relative paths that differ from the lock manifest (missing, changed or not listed), sorted;
    /// empty when ``isPinned``, and every file when there was no lock manifest.
    public let unpinnedFiles: [String]

    /// The file name extensions of rule files that are hashed even when the lock manifest does not list them.
    public static let ruleFileExtensions: Set<String> = ["sch", "xsd", "xml"]

    /// The formula of ``bundleHash(of:)``, as stored in the lock manifest's `bundle_formula`.
    public static let bundleFormula =
        "SHA-256 of the UTF-8 text made of one line \"<path>\\t<sha256>\\n\" per file (path relative to the "
        + "rules directory with '/' separators, sha256 as 64 lowercase hex digits), lines sorted by path in byte "
        + "order. Shell: cd rules && find . -type f ! -name VERSIONS.md | sed 's|^\\./||' | LC_ALL=C sort "
        + "| xargs sha256sum | awk '{print $2 \"\\t\" $1}' | sha256sum"

    /// The hash of a set of files: SHA-256 over the lines `path\tsha256\n`, sorted by path in byte order
    /// (``bundleFormula``).
    public static func bundleHash(of files: [String: String]) -> String {
        var hasher = SHA256.Hasher()
        for path in files.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
            hasher.update("\(path)\t\(files[path] ?? "")\n".utf8)
        }
        return SHA256.hexString(hasher.finalize())
    }

    /// Hashes the rules directory and checks it against `lock`.
    ///
    /// Every file the lock lists is hashed, and so is every other `.sch`, `.xsd` or `.xml` file below `directory`.
    /// When a file is missing, differs, or is not listed, or when there is no lock, this throws (naming the first
    /// such file in path order) unless `acceptUnpinned` is true; then the bundle is returned with ``isPinned``
    /// false and a ``bundleHash`` of the files actually present. Unreadable files always throw.
    ///
    /// - Throws: `rules.not-found`, `rules.missing`, `rules.hash-mismatch`, `rules.unlisted-file`,
    ///   `rules.unreadable`, `rules.lock-missing`, `rules.lock-invalid`.
    public static func open(
        directory: String,
        lock: LockManifest?,
        acceptUnpinned: Bool
    ) throws(RuleBundleError) -> RuleBundle {
        guard BundleFiles.isDirectory(directory) else {
            throw RuleBundleError(
                code: .notFound,
                message: "the rules directory \(directory) does not exist or is not a directory",
                path: directory
            )
        }
        if !acceptUnpinned {
            guard let lock else {
                throw RuleBundleError(
                    code: .lockMissing,
                    message: "no lock manifest (Schemas/rules.lock.json) to check the rules directory against",
                    path: directory
                )
            }
            guard bundleHash(of: lock.hashes) == lock.bundle else {
                throw RuleBundleError(
                    code: .lockInvalid,
                    message: "the bundle hash in the lock manifest does not match its files"
                )
            }
        }
        let pinned = lock?.hashes ?? [:]
        let unlisted = BundleFiles.files(below: directory).filter { path in
            pinned[path] == nil && ruleFileExtensions.contains(fileExtension(path).lowercased())
        }
        let present = Set(pinned.keys.filter { BundleFiles.isFile(BundlePaths.join(directory, $0)) } + unlisted)

        var files: [String: String] = [:]
        var differences: [(path: String, error: RuleBundleError)] = []
        for path in present.union(pinned.keys).sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
            let expected = pinned[path]
            guard present.contains(path) else {
                let message = "\(path) is listed in the lock manifest but missing from the rules directory \(directory)"
                differences.append((path, RuleBundleError(code: .missing, message: message, path: path)))
                continue
            }
            let actual: String
            switch BundleFiles.sha256(ofFile: BundlePaths.join(directory, path)) {
            case .success(let digest):
                actual = digest
            case .failure(let failure):
                throw RuleBundleError(
                    code: .unreadable,
                    message: "cannot read \(path) in the rules directory \(directory) (\(failure.reason))",
                    path: path
                )
            }
            files[path] = actual
            if let expected, expected != actual {
                let message =
                    "\(path) in the rules directory \(directory) differs from the lock manifest "
                    + "(sha256 \(actual), pinned \(expected))"
                differences.append((path, RuleBundleError(code: .hashMismatch, message: message, path: path)))
            } else if expected == nil {
                let message = "\(path) in the rules directory \(directory) is not listed in the lock manifest"
                differences.append((path, RuleBundleError(code: .unlisted, message: message, path: path)))
            }
        }

        if var first = differences.first?.error, !acceptUnpinned {
            if differences.count > 1 {
                first.message += " (and \(differences.count - 1) more difference\(differences.count > 2 ? "s" : ""))"
            }
            throw first
        }
        return RuleBundle(
            directory: directory,
            bundleHash: bundleHash(of: files),
            files: files,
            isPinned: lock != nil && differences.isEmpty,
            unpinnedFiles: differences.map(\.path)
        )
    }

    /// The full path of a file of the bundle, given its path relative to the rules directory.
    public func path(of relativePath: String) -> String {
        BundlePaths.join(directory, relativePath)
    }

    private static func fileExtension(_ path: String) -> Substring {
        let name = path.split(separator: "/").last ?? ""
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return "" }
        return name[name.index(after: dot)...]
    }
}
