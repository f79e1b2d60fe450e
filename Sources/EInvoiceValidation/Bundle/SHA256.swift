import Crypto

/// SHA-256 (FIPS 180-4) for pinning the official rule files (``RuleBundle``), identifying documents (the archive's
/// file names, `invoice.sha256`) and keys derived from text.
///
/// The computation is swift-crypto's (BoringSSL on Linux, with the processor's SHA instructions where it has them):
/// every received file is hashed, and this is several times faster than a portable implementation. What this type adds
/// is the interface the package uses: digests as byte arrays and as the lowercase hexadecimal `sha256sum` prints.
package enum SHA256 {
    /// The length of a digest in bytes (256 bits).
    package static let digestByteCount = 32

    /// The digest of `bytes`: 32 bytes.
    package static func hash<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> [UInt8] {
        var hasher = Hasher()
        hasher.update(bytes)
        return hasher.finalize()
    }

    /// The digest of `bytes` as 64 lowercase hexadecimal digits, the way `sha256sum` prints it.
    package static func hex<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> String {
        hexString(hash(bytes))
    }

    /// Any bytes (usually a digest) as lowercase hexadecimal digits, two per byte.
    package static func hexString<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> String {
        let digits: StaticString = "0123456789abcdef"
        return String(unsafeUninitializedCapacity: bytes.count * 2) { output in
            digits.withUTF8Buffer { digits in
                var index = 0
                for byte in bytes {
                    output[index] = digits[Int(byte >> 4)]
                    output[index + 1] = digits[Int(byte & 0x0f)]
                    index += 2
                }
                return index
            }
        }
    }
}

extension SHA256 {
    /// Incremental SHA-256: feed the message in pieces of any size with ``update(_:)``, then ``finalize()``.
    package struct Hasher {
        private var function = Crypto.SHA256()

        /// A hasher that has seen no bytes yet.
        package init() {}

        /// Appends `bytes` to the message.
        package mutating func update<Bytes: Sequence<UInt8>>(_ bytes: Bytes) {
            let done: Void? = bytes.withContiguousStorageIfAvailable { buffer in
                update(UnsafeRawBufferPointer(buffer))
            }
            if done == nil {
                Array(bytes).withUnsafeBytes { update($0) }
            }
        }

        /// Appends the bytes of `buffer` to the message.
        package mutating func update(_ buffer: UnsafeRawBufferPointer) {
            function.update(bufferPointer: buffer)
        }

        /// The digest of everything appended: 32 bytes.
        package consuming func finalize() -> [UInt8] {
            Array(function.finalize())
        }
    }
}
