/// A running `eingang run`, as the store knows it: the owner of the claims it makes.
public typealias DaemonID = Int64

/// Who a starting daemon is, for operators reading the store.
public struct DaemonRegistration: Sendable, Hashable {
    /// The machine's host name.
    public var host: String
    public var processID: Int32

    public init(host: String, processID: Int32) {
        self.host = host
        self.processID = processID
    }
}

/// A file the pipeline wants to take from the inbox.
public struct ClaimRequest: Sendable, Hashable {
    /// The part of a source key that names the file (see `sourceKey`).
    public static func file(ofKey key: String) -> Substring {
        key.prefix { $0 != "-" }
    }

    /// The file's path relative to the inbox.
    public var sourceName: String
    /// The file itself rather than its name, as `<file>-<version>`: the part before the first `-` names the file
    /// (its inode, the same on every host of a shared file system), the rest the version the scan saw (modification
    /// time and size). Tells a file that another daemon took, even while it was still growing, from a new file that
    /// arrived later under the same name.
    public var sourceKey: String

    public init(sourceName: String, sourceKey: String) {
        self.sourceName = sourceName
        self.sourceKey = sourceKey
    }
}
