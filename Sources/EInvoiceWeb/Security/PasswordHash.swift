import Crypto
import _CryptoExtras

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Password hashes: scrypt (slow, salted, memory-hard) in the PHC string format
/// `$scrypt$ln=15,r=8,p=1$<salt>$<hash>` (base64 without padding), so that the parameters travel with each hash
/// and can be raised later without breaking older hashes.
public enum PasswordHash {
    /// scrypt's cost: N = 2^logN, block size r, parallelism p.
    public struct Parameters: Sendable, Hashable {
        public var logN: Int
        public var r: Int
        public var p: Int

        public init(logN: Int, r: Int, p: Int) {
            self.logN = logN
            self.r = r
            self.p = p
        }

        /// N = 32768, r = 8, p = 1: 32 MiB and tens of milliseconds per hash (OWASP's scrypt minimum is N = 2^17
        /// at r = 8, p = 1 for 128 MiB; 2^15 keeps several logins at once within a small server's memory).
        public static let standard = Parameters(logN: 15, r: 8, p: 1)
        /// For tests only: cheap.
        public static let testing = Parameters(logN: 4, r: 8, p: 1)
    }

    static let prefix = "$scrypt$"
    static let saltLength = 16
    static let hashLength = 32

    /// A new hash of `password` with a random salt.
    public static func make(_ password: String, parameters: Parameters = .standard) throws -> String {
        let salt = SecureRandom.bytes(saltLength)
        let key = try derive(password, salt: salt, parameters: parameters)
        return "\(prefix)ln=\(parameters.logN),r=\(parameters.r),p=\(parameters.p)$"
            + Base64.encode(salt) + "$" + Base64.encode(key)
    }

    /// Whether `password` matches `encoded` (compared in constant time). False for anything malformed.
    public static func verify(_ password: String, against encoded: String) -> Bool {
        guard encoded.hasPrefix(prefix) else { return false }
        let parts = encoded.dropFirst(prefix.count).split(separator: "$", omittingEmptySubsequences: false)
        guard parts.count == 3, let parameters = Self.parameters(parts[0]),
            let salt = Base64.decode(String(parts[1])), let expected = Base64.decode(String(parts[2])),
            !salt.isEmpty, expected.count == hashLength,
            let actual = try? derive(password, salt: salt, parameters: parameters)
        else { return false }
        return ConstantTime.equal(actual, expected)
    }

    static func parameters(_ text: Substring) -> Parameters? {
        var values: [Substring: Int] = [:]
        for item in text.split(separator: ",") {
            let pair = item.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, let value = Int(pair[1]) else { return nil }
            values[pair[0]] = value
        }
        // Bounds keep a forged hash in the store from costing the server more than a real one could.
        guard let logN = values["ln"], let r = values["r"], let p = values["p"], (1...20).contains(logN),
            (1...16).contains(r), (1...4).contains(p)
        else { return nil }
        return Parameters(logN: logN, r: r, p: p)
    }

    static func derive(_ password: String, salt: [UInt8], parameters: Parameters) throws -> [UInt8] {
        let key = try KDF.Scrypt.deriveKey(
            from: Array(password.utf8),
            salt: salt,
            outputByteCount: hashLength,
            rounds: 1 << parameters.logN,
            blockSize: parameters.r,
            parallelism: parameters.p
        )
        return key.withUnsafeBytes { Array($0) }
    }
}

/// Random secrets: session and API tokens, CSRF tokens, salts, submission ids.
enum SecureRandom {
    static func bytes(_ count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
    }

    /// 32 random bytes as URL-safe base64 (43 characters).
    static func token() -> String { Base64.encode(bytes(32), urlSafe: true) }

    /// 16 random bytes as lowercase hex.
    static func identifier() -> String { Hex.encode(bytes(16)) }
}

/// SHA-256 as lowercase hex: how the store keeps session and API tokens (tokens are random and long, so a fast hash
/// is enough; the store never sees a usable token).
enum TokenHash {
    static func of(_ token: String) -> String { Hex.encode(Array(SHA256.hash(data: Array(token.utf8)))) }
}

enum ConstantTime {
    static func equal(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }

    static func equal(_ a: String, _ b: String) -> Bool { equal(Array(a.utf8), Array(b.utf8)) }
}

enum Hex {
    static func encode(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}

enum Base64 {
    static func encode(_ bytes: [UInt8], urlSafe: Bool = false) -> String {
        var text = Data(bytes).base64EncodedString()
        while text.hasSuffix("=") { text.removeLast() }
        if urlSafe {
            text = String(text.map { $0 == "+" ? "-" : $0 == "/" ? "_" : $0 })
        }
        return text
    }

    static func decode(_ text: String) -> [UInt8]? {
        var padded = text
        while padded.count % 4 != 0 { padded += "=" }
        return Data(base64Encoded: padded).map { Array($0) }
    }
}

/// API tokens: shown once when made, kept only as their hash.
public enum SecretToken {
    /// A new token: `eg_` and 43 URL-safe characters (256 random bits).
    public static func generate() -> String { "eg_" + SecureRandom.token() }

    /// What the store keeps of a token.
    public static func hash(_ token: String) -> String { TokenHash.of(token) }
}
