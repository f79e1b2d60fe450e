/// SHA-256 as specified in FIPS 180-4, "Secure Hash Standard" (§5.1.1 padding, §6.2 computation).
///
/// Pins the official rule files (``RuleBundle``) and identifies documents in logs (`invoice.sha256`).
/// Contiguous input (`[UInt8]`, `Data`, buffers) is read in place, 64 bytes (one block) at a time;
/// other sequences go through a 64-byte block buffer.
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
    package struct Hasher: Sendable {
        /// The intermediate hash value H(i) (FIPS 180-4 §6.2.2, step 4), initially H(0) from §5.3.3.
        private var state = State.initial
        /// Bytes of an incomplete block; only the first `pendingCount` are meaningful.
        private var pending = [UInt8](repeating: 0, count: 64)
        private var pendingCount = 0
        /// The message length so far, in bytes.
        private var messageByteCount: UInt64 = 0

        /// A hasher that has seen no bytes yet.
        package init() {}

        /// Appends `bytes` to the message.
        package mutating func update<Bytes: Sequence<UInt8>>(_ bytes: Bytes) {
            let done: Void? = bytes.withContiguousStorageIfAvailable { buffer in
                update(UnsafeRawBufferPointer(buffer))
            }
            if done == nil {
                updateByteByByte(bytes)
            }
        }

        /// Appends the bytes of `buffer` to the message.
        package mutating func update(_ buffer: UnsafeRawBufferPointer) {
            guard let base = buffer.baseAddress, buffer.count > 0 else { return }
            messageByteCount &+= UInt64(buffer.count)
            var state = self.state
            var offset = 0
            SHA256.withSchedule { schedule, constants in
                if pendingCount > 0 {
                    let taken = min(64 - pendingCount, buffer.count)
                    pending.withUnsafeMutableBytes { block in
                        block.baseAddress!.advanced(by: pendingCount).copyMemory(from: base, byteCount: taken)
                    }
                    pendingCount += taken
                    offset = taken
                    guard pendingCount == 64 else { return }
                    pending.withUnsafeBytes { block in
                        SHA256.compress(&state, block: block.baseAddress!, schedule: schedule, constants: constants)
                    }
                    pendingCount = 0
                }
                while buffer.count - offset >= 64 {
                    SHA256.compress(&state, block: base + offset, schedule: schedule, constants: constants)
                    offset += 64
                }
            }
            self.state = state
            let rest = buffer.count - offset
            if rest > 0 {
                pending.withUnsafeMutableBytes { block in
                    block.baseAddress!.copyMemory(from: base + offset, byteCount: rest)
                }
                pendingCount = rest
            }
        }

        /// The slow path for sequences without contiguous storage: fills the block buffer byte by byte.
        private mutating func updateByteByByte<Bytes: Sequence<UInt8>>(_ bytes: Bytes) {
            var state = self.state
            var count: UInt64 = 0
            SHA256.withSchedule { schedule, constants in
                for byte in bytes {
                    pending[pendingCount] = byte
                    pendingCount += 1
                    count += 1
                    if pendingCount == 64 {
                        pending.withUnsafeBytes { block in
                            SHA256.compress(&state, block: block.baseAddress!, schedule: schedule, constants: constants)
                        }
                        pendingCount = 0
                    }
                }
            }
            self.state = state
            messageByteCount &+= count
        }

        /// Pads the message (FIPS 180-4 §5.1.1) and returns its 32-byte digest.
        package consuming func finalize() -> [UInt8] {
            let bitLength = messageByteCount &* 8
            // One 0x80 byte, zeros up to 56 mod 64, then the length as a 64-bit big-endian integer.
            let zeroCount = (64 + 56 - (pendingCount + 1) % 64) % 64
            var padding = [UInt8](repeating: 0, count: 1 + zeroCount + 8)
            padding[0] = 0x80
            for index in 0..<8 {
                padding[1 + zeroCount + index] = UInt8(truncatingIfNeeded: bitLength >> (56 - 8 * UInt64(index)))
            }
            padding.withUnsafeBytes { update($0) }
            precondition(pendingCount == 0, "SHA-256 padding must end on a block boundary")
            var digest = [UInt8](repeating: 0, count: SHA256.digestByteCount)
            for (index, word) in state.words.enumerated() {
                for shift in 0..<4 {
                    digest[index * 4 + shift] = UInt8(truncatingIfNeeded: word >> (24 - 8 * UInt32(shift)))
                }
            }
            return digest
        }
    }
}

extension SHA256 {
    /// The eight working words a…h (FIPS 180-4 §6.2.2).
    fileprivate struct State: Sendable {
        var a: UInt32
        var b: UInt32
        var c: UInt32
        var d: UInt32
        var e: UInt32
        var f: UInt32
        var g: UInt32
        var h: UInt32

        /// H(0): the first 32 bits of the fractional parts of the square roots of the first 8 primes (§5.3.3).
        static let initial = State(
            a: 0x6a09_e667,
            b: 0xbb67_ae85,
            c: 0x3c6e_f372,
            d: 0xa54f_f53a,
            e: 0x510e_527f,
            f: 0x9b05_688c,
            g: 0x1f83_d9ab,
            h: 0x5be0_cd19
        )

        var words: [UInt32] { [a, b, c, d, e, f, g, h] }
    }

    /// K: the first 32 bits of the fractional parts of the cube roots of the first 64 primes (§4.2.2).
    private static let roundConstants: [UInt32] = [
        0x428a_2f98, 0x7137_4491, 0xb5c0_fbcf, 0xe9b5_dba5, 0x3956_c25b, 0x59f1_11f1, 0x923f_82a4, 0xab1c_5ed5,
        0xd807_aa98, 0x1283_5b01, 0x2431_85be, 0x550c_7dc3, 0x72be_5d74, 0x80de_b1fe, 0x9bdc_06a7, 0xc19b_f174,
        0xe49b_69c1, 0xefbe_4786, 0x0fc1_9dc6, 0x240c_a1cc, 0x2de9_2c6f, 0x4a74_84aa, 0x5cb0_a9dc, 0x76f9_88da,
        0x983e_5152, 0xa831_c66d, 0xb003_27c8, 0xbf59_7fc7, 0xc6e0_0bf3, 0xd5a7_9147, 0x06ca_6351, 0x1429_2967,
        0x27b7_0a85, 0x2e1b_2138, 0x4d2c_6dfc, 0x5338_0d13, 0x650a_7354, 0x766a_0abb, 0x81c2_c92e, 0x9272_2c85,
        0xa2bf_e8a1, 0xa81a_664b, 0xc24b_8b70, 0xc76c_51a3, 0xd192_e819, 0xd699_0624, 0xf40e_3585, 0x106a_a070,
        0x19a4_c116, 0x1e37_6c08, 0x2748_774c, 0x34b0_bcb5, 0x391c_0cb3, 0x4ed8_aa4a, 0x5b9c_ca4f, 0x682e_6ff3,
        0x748f_82ee, 0x78a5_636f, 0x84c8_7814, 0x8cc7_0208, 0x90be_fffa, 0xa450_6ceb, 0xbef9_a3f7, 0xc671_78f2,
    ]

    /// Runs `body` with room for the message schedule W0…W63 and a pointer to K, both valid for the call only.
    private static func withSchedule<Result>(
        _ body: (UnsafeMutablePointer<UInt32>, UnsafePointer<UInt32>) -> Result
    ) -> Result {
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { schedule in
            roundConstants.withUnsafeBufferPointer { constants in
                body(schedule.baseAddress!, constants.baseAddress!)
            }
        }
    }

    /// Processes one 64-byte block M(i) (§6.2.2, steps 1–4).
    @inline(__always)
    fileprivate static func compress(
        _ state: inout State,
        block: UnsafeRawPointer,
        schedule w: UnsafeMutablePointer<UInt32>,
        constants k: UnsafePointer<UInt32>
    ) {
        for t in 0..<16 {
            w[t] = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: t &* 4, as: UInt32.self))
        }
        for t in 16..<64 {
            w[t] = smallSigma1(w[t &- 2]) &+ w[t &- 7] &+ smallSigma0(w[t &- 15]) &+ w[t &- 16]
        }
        var a = state.a
        var b = state.b
        var c = state.c
        var d = state.d
        var e = state.e
        var f = state.f
        var g = state.g
        var h = state.h
        for t in 0..<64 {
            let t1 = h &+ bigSigma1(e) &+ choose(e, f, g) &+ k[t] &+ w[t]
            let t2 = bigSigma0(a) &+ majority(a, b, c)
            h = g
            g = f
            f = e
            e = d &+ t1
            d = c
            c = b
            b = a
            a = t1 &+ t2
        }
        state.a &+= a
        state.b &+= b
        state.c &+= c
        state.d &+= d
        state.e &+= e
        state.f &+= f
        state.g &+= g
        state.h &+= h
    }

    // The functions of §4.1.2 and the right rotation ROTR of §3.2.

    @inline(__always)
    private static func rotateRight(_ x: UInt32, _ n: UInt32) -> UInt32 {
        (x &>> n) | (x &<< (32 &- n))
    }

    @inline(__always)
    private static func choose(_ x: UInt32, _ y: UInt32, _ z: UInt32) -> UInt32 {
        (x & y) ^ (~x & z)
    }

    @inline(__always)
    private static func majority(_ x: UInt32, _ y: UInt32, _ z: UInt32) -> UInt32 {
        (x & y) ^ (x & z) ^ (y & z)
    }

    @inline(__always)
    private static func bigSigma0(_ x: UInt32) -> UInt32 {
        rotateRight(x, 2) ^ rotateRight(x, 13) ^ rotateRight(x, 22)
    }

    @inline(__always)
    private static func bigSigma1(_ x: UInt32) -> UInt32 {
        rotateRight(x, 6) ^ rotateRight(x, 11) ^ rotateRight(x, 25)
    }

    @inline(__always)
    private static func smallSigma0(_ x: UInt32) -> UInt32 {
        rotateRight(x, 7) ^ rotateRight(x, 18) ^ (x &>> 3)
    }

    @inline(__always)
    private static func smallSigma1(_ x: UInt32) -> UInt32 {
        rotateRight(x, 17) ^ rotateRight(x, 19) ^ (x &>> 10)
    }
}
