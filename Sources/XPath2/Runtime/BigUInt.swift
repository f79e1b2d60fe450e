/// An unsigned arbitrary-precision integer on little-endian 32-bit limbs: the slow path of ``XSDecimal``.
///
/// Only what decimal arithmetic needs: add, subtract, multiply, divide with remainder, powers and decimal text.
struct BigUInt: Hashable, Sendable {
    /// Little-endian limbs without high zero limbs; zero has no limbs.
    private(set) var limbs: [UInt32]

    init() { limbs = [] }

    init(_ value: UInt64) {
        limbs = []
        if value != 0 {
            limbs.append(UInt32(truncatingIfNeeded: value))
            if value >> 32 != 0 { limbs.append(UInt32(truncatingIfNeeded: value >> 32)) }
        }
    }

    init(limbs: [UInt32]) {
        self.limbs = limbs
        normalize()
    }

    var isZero: Bool { limbs.isEmpty }

    /// The value as a `UInt64` when it fits.
    var uint64Value: UInt64? {
        switch limbs.count {
        case 0: return 0
        case 1: return UInt64(limbs[0])
        case 2: return UInt64(limbs[1]) << 32 | UInt64(limbs[0])
        default: return nil
        }
    }

    var isOdd: Bool { (limbs.first ?? 0) & 1 == 1 }

    private mutating func normalize() {
        while let last = limbs.last, last == 0 { limbs.removeLast() }
    }

    static func compare(_ a: BigUInt, _ b: BigUInt) -> Int {
        if a.limbs.count != b.limbs.count { return a.limbs.count < b.limbs.count ? -1 : 1 }
        var i = a.limbs.count - 1
        while i >= 0 {
            if a.limbs[i] != b.limbs[i] { return a.limbs[i] < b.limbs[i] ? -1 : 1 }
            i -= 1
        }
        return 0
    }

    static func + (a: BigUInt, b: BigUInt) -> BigUInt {
        let (long, short) = a.limbs.count >= b.limbs.count ? (a.limbs, b.limbs) : (b.limbs, a.limbs)
        var result = [UInt32]()
        result.reserveCapacity(long.count + 1)
        var carry: UInt64 = 0
        for i in 0..<long.count {
            let sum = UInt64(long[i]) + (i < short.count ? UInt64(short[i]) : 0) + carry
            result.append(UInt32(truncatingIfNeeded: sum))
            carry = sum >> 32
        }
        if carry != 0 { result.append(UInt32(carry)) }
        return BigUInt(limbs: result)
    }

    /// `a - b`; requires `a >= b`.
    static func - (a: BigUInt, b: BigUInt) -> BigUInt {
        precondition(compare(a, b) >= 0, "BigUInt subtraction underflow")
        var result = a.limbs
        var borrow: Int64 = 0
        for i in 0..<result.count {
            let difference = Int64(result[i]) - (i < b.limbs.count ? Int64(b.limbs[i]) : 0) - borrow
            result[i] = UInt32(truncatingIfNeeded: difference)
            borrow = difference < 0 ? 1 : 0
        }
        return BigUInt(limbs: result)
    }

    static func * (a: BigUInt, b: BigUInt) -> BigUInt {
        if a.isZero || b.isZero { return BigUInt() }
        var result = [UInt32](repeating: 0, count: a.limbs.count + b.limbs.count)
        for i in 0..<a.limbs.count {
            var carry: UInt64 = 0
            let ai = UInt64(a.limbs[i])
            for j in 0..<b.limbs.count {
                let t = ai * UInt64(b.limbs[j]) + UInt64(result[i + j]) + carry
                result[i + j] = UInt32(truncatingIfNeeded: t)
                carry = t >> 32
            }
            result[i + b.limbs.count] = UInt32(carry)
        }
        return BigUInt(limbs: result)
    }

    /// `self * factor + addend`.
    func multiplied(by factor: UInt32, adding addend: UInt32 = 0) -> BigUInt {
        var result = [UInt32]()
        result.reserveCapacity(limbs.count + 1)
        var carry = UInt64(addend)
        for limb in limbs {
            let t = UInt64(limb) * UInt64(factor) + carry
            result.append(UInt32(truncatingIfNeeded: t))
            carry = t >> 32
        }
        if carry != 0 { result.append(UInt32(carry)) }
        return BigUInt(limbs: result)
    }

    func quotientAndRemainder(dividingBy divisor: UInt32) -> (quotient: BigUInt, remainder: UInt32) {
        precondition(divisor != 0, "BigUInt division by zero")
        var quotient = [UInt32](repeating: 0, count: limbs.count)
        var remainder: UInt64 = 0
        var i = limbs.count - 1
        while i >= 0 {
            let current = remainder << 32 | UInt64(limbs[i])
            quotient[i] = UInt32(current / UInt64(divisor))
            remainder = current % UInt64(divisor)
            i -= 1
        }
        return (BigUInt(limbs: quotient), UInt32(remainder))
    }

    /// Long division (Knuth, TAOCP vol. 2, algorithm D).
    func quotientAndRemainder(dividingBy divisor: BigUInt) -> (quotient: BigUInt, remainder: BigUInt) {
        precondition(!divisor.isZero, "BigUInt division by zero")
        if BigUInt.compare(self, divisor) < 0 { return (BigUInt(), self) }
        if divisor.limbs.count == 1 {
            let (q, r) = quotientAndRemainder(dividingBy: divisor.limbs[0])
            return (q, BigUInt(UInt64(r)))
        }
        let shift = divisor.limbs[divisor.limbs.count - 1].leadingZeroBitCount
        let v = divisor.shiftedLeft(shift).limbs
        var u = shiftedLeft(shift).limbs
        let n = v.count
        let m = limbs.count
        while u.count < m + 1 { u.append(0) }
        var quotient = [UInt32](repeating: 0, count: m - n + 1)
        let base: UInt64 = 1 << 32
        var j = m - n
        while j >= 0 {
            let numerator = UInt64(u[j + n]) << 32 | UInt64(u[j + n - 1])
            var qhat = numerator / UInt64(v[n - 1])
            var rhat = numerator % UInt64(v[n - 1])
            while qhat >= base || qhat * UInt64(v[n - 2]) > (rhat << 32 | UInt64(u[j + n - 2])) {
                qhat -= 1
                rhat += UInt64(v[n - 1])
                if rhat >= base { break }
            }
            var borrow: Int64 = 0
            for i in 0..<n {
                let product = qhat * UInt64(v[i])
                let t = Int64(u[i + j]) - borrow - Int64(product & 0xFFFF_FFFF)
                u[i + j] = UInt32(truncatingIfNeeded: t)
                borrow = Int64(product >> 32) - (t >> 32)
            }
            let t = Int64(u[j + n]) - borrow
            u[j + n] = UInt32(truncatingIfNeeded: t)
            quotient[j] = UInt32(truncatingIfNeeded: qhat)
            if t < 0 {
                quotient[j] = quotient[j] &- 1
                var carry: UInt64 = 0
                for i in 0..<n {
                    let sum = UInt64(u[i + j]) + UInt64(v[i]) + carry
                    u[i + j] = UInt32(truncatingIfNeeded: sum)
                    carry = sum >> 32
                }
                u[j + n] = u[j + n] &+ UInt32(truncatingIfNeeded: carry)
            }
            j -= 1
        }
        let remainder = BigUInt(limbs: Array(u[0..<n])).shiftedRight(shift)
        return (BigUInt(limbs: quotient), remainder)
    }

    func shiftedLeft(_ bits: Int) -> BigUInt {
        if isZero || bits == 0 { return self }
        let limbShift = bits / 32
        let bitShift = bits % 32
        var result = [UInt32](repeating: 0, count: limbShift)
        result.reserveCapacity(limbShift + limbs.count + 1)
        var carry: UInt32 = 0
        for limb in limbs {
            if bitShift == 0 {
                result.append(limb)
            } else {
                result.append(limb << UInt32(bitShift) | carry)
                carry = limb >> UInt32(32 - bitShift)
            }
        }
        if carry != 0 { result.append(carry) }
        return BigUInt(limbs: result)
    }

    func shiftedRight(_ bits: Int) -> BigUInt {
        if isZero || bits == 0 { return self }
        let limbShift = bits / 32
        let bitShift = bits % 32
        if limbShift >= limbs.count { return BigUInt() }
        var result = [UInt32]()
        result.reserveCapacity(limbs.count - limbShift)
        for i in limbShift..<limbs.count {
            var limb = limbs[i] >> UInt32(bitShift)
            if bitShift != 0 && i + 1 < limbs.count { limb |= limbs[i + 1] << UInt32(32 - bitShift) }
            result.append(limb)
        }
        return BigUInt(limbs: result)
    }

    /// `base` raised to `exponent`, by repeated squaring.
    static func power(_ base: UInt32, _ exponent: Int) -> BigUInt {
        var result = BigUInt(1)
        var square = BigUInt(UInt64(base))
        var e = exponent
        while e > 0 {
            if e & 1 == 1 { result = result * square }
            e >>= 1
            if e > 0 { square = square * square }
        }
        return result
    }

    /// `self * 10^exponent`.
    func timesPowerOfTen(_ exponent: Int) -> BigUInt {
        if exponent <= 0 || isZero { return self }
        if exponent <= 9 { return multiplied(by: BigUInt.smallPowersOfTen[exponent]) }
        return self * BigUInt.power(10, exponent)
    }

    static let smallPowersOfTen: [UInt32] = [
        1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000,
    ]

    /// Parses ASCII decimal digits (no sign, no separators).
    init(decimalDigits digits: some Collection<UInt8>) {
        var value = BigUInt()
        var chunk: UInt32 = 0
        var chunkLength = 0
        for digit in digits {
            chunk = chunk * 10 + UInt32(digit &- UInt8(ascii: "0"))
            chunkLength += 1
            if chunkLength == 9 {
                value = value.multiplied(by: 1_000_000_000, adding: chunk)
                chunk = 0
                chunkLength = 0
            }
        }
        if chunkLength > 0 { value = value.multiplied(by: BigUInt.smallPowersOfTen[chunkLength], adding: chunk) }
        self = value
    }

    /// The value in decimal digits, without leading zeros ("0" for zero).
    var decimalString: String {
        if let small = uint64Value { return String(small) }
        var chunks = [UInt32]()
        var rest = self
        while !rest.isZero {
            let (q, r) = rest.quotientAndRemainder(dividingBy: 1_000_000_000)
            chunks.append(r)
            rest = q
        }
        var text = String(chunks.removeLast())
        for chunk in chunks.reversed() {
            let digits = String(chunk)
            text += String(repeating: "0", count: 9 - digits.count) + digits
        }
        return text
    }
}
