/// A backtracking matcher for the patterns ``RegexTranslator`` writes, over Unicode scalars: the same
/// leftmost-first search, greedy and lazy repetition and group captures as Swift's `Regex` with Unicode-scalar
/// semantics, without its set-up cost per match (which dominated the rules' short inputs: IBANs, telephone
/// numbers, dates).
///
/// It takes what the XRechnung and CEN rules use: literals, classes (ranges, negation, subtraction, general
/// categories), groups, alternatives, repetitions and the anchors `\A` and `\z`. A pattern with anything else
/// (back-references, the anchors of the `m` flag, a repetition of something that can match the empty string, or
/// a program too large) is left to Swift's `Regex`, and so is a search that exceeds its step budget.
struct RegexMachine: Sendable {
    enum Instruction: Sendable {
        case scalar(UInt32)
        case set(Int)
        /// Continue at the first target; on failure, at the second.
        case split(Int, Int)
        case jump(Int)
        case save(Int)
        case start
        case end
        case match
        /// A greedy `[…]*`: the longest run of the class, then shorter ones on backtracking, with one backtracking
        /// entry for the whole run instead of one per character.
        case run(Int)
    }

    let program: [Instruction]
    let classes: [ScalarClass]
    /// Two slots per group (start, end), group 0 being the whole match.
    let slotCount: Int
    let anchored: Bool
    /// The code points a match can start with: other start positions are skipped, unless a match can be empty.
    let firstScalars: FirstScalars
    let canBeEmpty: Bool

    /// A match: the slots of every group, -1 for a group that did not take part.
    struct Match {
        var slots: [Int]
        var range: Range<Int> { slots[0]..<slots[1] }

        func group(_ number: Int) -> Range<Int>? {
            let start = slots[2 * number]
            let end = slots[2 * number + 1]
            return start < 0 || end < 0 ? nil : start..<end
        }
    }

    /// The search stopped at its step budget or its stack limit: the caller asks Swift's `Regex` instead.
    struct BudgetExceeded: Error {}

    /// The most backtracking entries a search keeps (16 bytes each).
    static let stackLimit = 1 << 22
    /// Backtracking entries at or below this tag are runs still to shorten: the tag minus the instruction to
    /// continue at, with the run's first position and the next position to try packed into the value.
    private static let runTag = Int.min / 2

    /// The states (instruction, position) a search has run. A state reached again cannot lead to a match: its
    /// first run explored everything after it, in priority order, and what follows a state depends on nothing
    /// but the state (the machine has no back-references). So each state runs at most once, and a search takes
    /// at most instructions × positions steps whatever the pattern (RE2's "bit-state" backtracker): a pattern
    /// such as XRechnung's telephone check, `.*([0-9].*){3,}.*`, no longer backtracks quadratically on a long
    /// text without digits.
    struct Visited {
        /// Enough for the rules' short patterns (up to 35 instructions) on inputs up to the machine's input limit:
        /// at most 64 MB, for the moment a hostile document's huge field is checked.
        static let limit = 1 << 29
        private var bits: [UInt64]
        private let width: Int
        private var low = Int.max
        private var high = -1

        init?(instructions: Int, positions: Int) {
            let (total, overflow) = instructions.multipliedReportingOverflow(by: positions)
            guard !overflow, total <= Self.limit else { return nil }
            width = instructions
            bits = [UInt64](repeating: 0, count: (total + 63) >> 6)
        }

        /// Forgets the states of the last search: only the positions it reached are cleared.
        mutating func reset() {
            guard high >= low else { return }
            for index in (low * width) >> 6...((high + 1) * width - 1) >> 6 { bits[index] = 0 }
            low = .max
            high = -1
        }

        /// Records the states of instruction `pc` at each position of `positions`: a run started at the first
        /// covers every shorter run that starts within it (see ``Instruction/run(_:)``).
        mutating func insert(_ pc: Int, _ positions: ClosedRange<Int>) {
            for position in positions {
                let bit = position * width + pc
                bits[bit >> 6] |= UInt64(1) << UInt64(bit & 63)
            }
            low = Swift.min(low, positions.lowerBound)
            high = Swift.max(high, positions.upperBound)
        }

        /// Whether the state is new; it is recorded then.
        mutating func insert(_ pc: Int, _ position: Int) -> Bool {
            let bit = position * width + pc
            let mask = UInt64(1) << UInt64(bit & 63)
            if bits[bit >> 6] & mask != 0 { return false }
            bits[bit >> 6] |= mask
            low = Swift.min(low, position)
            high = Swift.max(high, position)
            return true
        }
    }

    /// The visited states for searches in `input`, or nil when they would take too much memory.
    func visitedStates(for input: [UInt32]) -> Visited? {
        Visited(instructions: program.count, positions: input.count + 1)
    }

    /// Compiles a translated pattern; nil when it uses what the machine leaves to Swift.
    init?(translated: String, groupCount: Int) {
        var parser = Parser(pattern: Array(translated.unicodeScalars.map(\.value)))
        guard let tree = parser.parse(), parser.index == parser.pattern.count else { return nil }
        (firstScalars, canBeEmpty) = Self.first(tree, classes: parser.classes)
        anchored = Self.startsAnchored(tree)
        var builder = Builder()
        guard builder.emit(.group(0, tree)) else { return nil }
        builder.program.append(.match)
        program = builder.program
        classes = parser.classes
        slotCount = 2 * (groupCount + 1)
    }

    /// The code points a match can start with: ASCII ones as a bitmap, any other one let through.
    struct FirstScalars: Sendable {
        var low: UInt64 = 0
        var high: UInt64 = 0

        mutating func add(_ scalar: UInt32) {
            if scalar < 64 { low |= 1 << UInt64(scalar) } else if scalar < 128 { high |= 1 << UInt64(scalar - 64) }
        }

        mutating func add(_ other: FirstScalars) {
            low |= other.low
            high |= other.high
        }

        @inline(__always)
        func mayStart(_ scalar: UInt32) -> Bool {
            if scalar < 64 { return low & (1 << UInt64(scalar)) != 0 }
            if scalar < 128 { return high & (1 << UInt64(scalar - 64)) != 0 }
            return true
        }
    }

    /// What a match of `node` can start with, and whether it can be empty (then what follows can start it too).
    private static func first(_ node: Node, classes: [ScalarClass]) -> (FirstScalars, canBeEmpty: Bool) {
        var scalars = FirstScalars()
        switch node {
        case .scalar(let scalar):
            scalars.add(scalar)
            return (scalars, false)
        case .set(let index):
            scalars.low = classes[index].low
            scalars.high = classes[index].high
            return (scalars, false)
        case .start, .end: return (scalars, true)
        case .group(_, let inner): return first(inner, classes: classes)
        case .repeated(let inner, let minimum, _, _):
            let (repeated, canBeEmpty) = first(inner, classes: classes)
            return (repeated, canBeEmpty || minimum == 0)
        case .sequence(let items):
            for item in items {
                let (next, canBeEmpty) = first(item, classes: classes)
                scalars.add(next)
                if !canBeEmpty { return (scalars, false) }
            }
            return (scalars, true)
        case .alternation(let branches):
            var canBeEmpty = false
            for branch in branches {
                let (next, empty) = first(branch, classes: classes)
                scalars.add(next)
                canBeEmpty = canBeEmpty || empty
            }
            return (scalars, canBeEmpty)
        }
    }

    private static func startsAnchored(_ node: Node) -> Bool {
        switch node {
        case .start: return true
        case .group(_, let inner): return startsAnchored(inner)
        case .sequence(let items): return items.first.map(startsAnchored) ?? false
        case .alternation(let branches): return branches.allSatisfy(startsAnchored)
        default: return false
        }
    }

    /// The leftmost match starting at or after `from`.
    func firstMatch(
        in input: [UInt32],
        from: Int,
        budget: inout Int,
        visited: inout Visited?
    ) throws(BudgetExceeded) -> Match? {
        visited?.reset()
        var slots = [Int](repeating: -1, count: slotCount)
        var stack: [(Int, Int)] = []
        let last = anchored ? min(from, 0) : input.count
        var start = from
        while start <= last {
            if !canBeEmpty {
                while start < input.count && !firstScalars.mayStart(input[start]) { start += 1 }
                if start == input.count { return nil }
            }
            // A failed run has restored every slot it set.
            if try run(input, at: start, slots: &slots, stack: &stack, budget: &budget, visited: &visited) {
                return Match(slots: slots)
            }
            start += 1
        }
        return nil
    }

    /// Runs the program from `start`; a negative first element on the stack restores a slot when backtracking.
    private func run(
        _ input: [UInt32],
        at start: Int,
        slots: inout [Int],
        stack: inout [(Int, Int)],
        budget: inout Int,
        visited: inout Visited?
    ) throws(BudgetExceeded) -> Bool {
        stack.removeAll(keepingCapacity: true)
        var pc = 0
        var position = start
        let count = input.count
        while true {
            budget -= 1
            if budget < 0 { throw BudgetExceeded() }
            var failed = false
            if visited?.insert(pc, position) == false {
                failed = true
            } else {
                switch program[pc] {
                case .scalar(let scalar):
                    if position < count && input[position] == scalar {
                        position += 1
                        pc += 1
                    } else {
                        failed = true
                    }
                case .set(let index):
                    if position < count && classes[index].contains(input[position]) {
                        position += 1
                        pc += 1
                    } else {
                        failed = true
                    }
                case .split(let first, let second):
                    if stack.count >= Self.stackLimit { throw BudgetExceeded() }
                    stack.append((second, position))
                    pc = first
                case .jump(let target):
                    pc = target
                case .save(let slot):
                    if stack.count >= Self.stackLimit { throw BudgetExceeded() }
                    stack.append((-slot - 1, slots[slot]))
                    slots[slot] = position
                    pc += 1
                case .start:
                    if position == 0 { pc += 1 } else { failed = true }
                case .end:
                    if position == count { pc += 1 } else { failed = true }
                case .match:
                    return true
                case .run(let index):
                    var end = position
                    while end < count && classes[index].contains(input[end]) { end += 1 }
                    // The run's length in steps, so that the budget bounds time when no states are recorded.
                    budget -= end - position
                    if end > position {
                        if stack.count >= Self.stackLimit { throw BudgetExceeded() }
                        stack.append((Self.runTag - (pc + 1), position << 32 | (end - 1)))
                        // A run from a later position of this one would try a subset of what this one tries, as a
                        // loop of one character per step records the loop's state at each position it passes.
                        visited?.insert(pc, position + 1...end)
                    }
                    position = end
                    pc += 1
                }
            }
            guard failed else { continue }
            var resumed = false
            while let (target, value) = stack.popLast() {
                if target <= Self.runTag {
                    // The run one character shorter.
                    let first = value >> 32
                    let next = value & 0xFFFF_FFFF
                    if next > first { stack.append((target, first << 32 | (next - 1))) }
                    pc = Self.runTag - target
                    position = next
                    resumed = true
                    break
                } else if target < 0 {
                    slots[-target - 1] = value
                } else {
                    pc = target
                    position = value
                    resumed = true
                    break
                }
            }
            if !resumed { return false }
        }
    }

    /// The pattern as a tree, before it is laid out as instructions.
    indirect enum Node {
        case scalar(UInt32)
        case set(Int)
        case start
        case end
        case group(Int?, Node)
        case sequence([Node])
        case alternation([Node])
        case repeated(Node, minimum: Int, maximum: Int?, lazy: Bool)

        var matchesEmpty: Bool {
            switch self {
            case .scalar, .set: return false
            case .start, .end: return true
            case .group(_, let inner): return inner.matchesEmpty
            case .sequence(let items): return items.allSatisfy(\.matchesEmpty)
            case .alternation(let branches): return branches.contains(where: \.matchesEmpty)
            case .repeated(let inner, let minimum, _, _): return minimum == 0 || inner.matchesEmpty
            }
        }
    }

    /// Lays a tree out as instructions; fails for a repetition of what can match the empty string (Swift's rules
    /// for such loops are not reproduced) and for programs above a size that keeps compilation cheap.
    private struct Builder {
        var program: [Instruction] = []
        static let sizeLimit = 20_000

        mutating func emit(_ node: Node) -> Bool {
            guard program.count < Self.sizeLimit else { return false }
            switch node {
            case .scalar(let scalar): program.append(.scalar(scalar))
            case .set(let index): program.append(.set(index))
            case .start: program.append(.start)
            case .end: program.append(.end)
            case .group(let number, let inner):
                if let number { program.append(.save(2 * number)) }
                guard emit(inner) else { return false }
                if let number { program.append(.save(2 * number + 1)) }
            case .sequence(let items):
                for item in items where !emit(item) { return false }
            case .alternation(let branches):
                var jumps: [Int] = []
                for (index, branch) in branches.enumerated() {
                    let split = program.count
                    if index < branches.count - 1 { program.append(.jump(-1)) }
                    guard emit(branch) else { return false }
                    if index < branches.count - 1 {
                        jumps.append(program.count)
                        program.append(.jump(-1))
                        program[split] = .split(split + 1, program.count)
                    }
                }
                for jump in jumps { program[jump] = .jump(program.count) }
            case .repeated(let inner, let minimum, let maximum, let lazy):
                if inner.matchesEmpty { return false }
                for _ in 0..<minimum where !emit(inner) { return false }
                guard let maximum else {
                    if case .set(let index) = inner, !lazy {
                        program.append(.run(index))
                        return program.count < Self.sizeLimit
                    }
                    let loop = program.count
                    program.append(.jump(-1))
                    guard emit(inner) else { return false }
                    program.append(.jump(loop))
                    program[loop] = lazy ? .split(program.count, loop + 1) : .split(loop + 1, program.count)
                    return true
                }
                var splits: [Int] = []
                for _ in minimum..<maximum {
                    splits.append(program.count)
                    program.append(.jump(-1))
                    guard emit(inner) else { return false }
                }
                for split in splits {
                    program[split] = lazy ? .split(program.count, split + 1) : .split(split + 1, program.count)
                }
            }
            return program.count < Self.sizeLimit
        }
    }

    /// Reads the translator's output: `\x{…}` literals, letters and digits, classes, `\p{…}`, groups, `|`,
    /// quantifiers, `\A` and `\z`. Anything else makes the pattern Swift's.
    private struct Parser: PatternCursor {
        let pattern: [UInt32]
        var index = 0
        var classes: [ScalarClass] = []
        var groupCount = 0

        init(pattern: [UInt32]) { self.pattern = pattern }

        mutating func parse() -> Node? {
            var branches: [Node] = []
            repeat {
                if !branches.isEmpty { index += 1 }
                var items: [Node] = []
                while let scalar = current, scalar != 0x7C, scalar != 0x29 {
                    guard let piece = piece() else { return nil }
                    items.append(piece)
                }
                branches.append(items.count == 1 ? items[0] : .sequence(items))
            } while current == 0x7C
            return branches.count == 1 ? branches[0] : .alternation(branches)
        }

        private mutating func piece() -> Node? {
            guard let atom = atom() else { return nil }
            var minimum = 0
            var maximum: Int?
            switch current {
            case 0x3F: maximum = 1
            case 0x2A: break
            case 0x2B: minimum = 1
            case 0x7B:
                index += 1
                guard let low = number() else { return nil }
                minimum = low
                if current == 0x2C {
                    index += 1
                    if current != 0x7D {
                        guard let high = number() else { return nil }
                        maximum = high
                    }
                } else {
                    maximum = low
                }
                guard current == 0x7D else { return nil }
            default: return atom
            }
            index += 1
            let lazy = current == 0x3F
            if lazy { index += 1 }
            return .repeated(atom, minimum: minimum, maximum: maximum, lazy: lazy)
        }

        private mutating func number() -> Int? {
            var value = 0
            var digits = 0
            while let scalar = current, scalar >= 0x30, scalar <= 0x39, digits < 6 {
                value = value * 10 + Int(scalar - 0x30)
                digits += 1
                index += 1
            }
            return digits == 0 ? nil : value
        }

        private mutating func atom() -> Node? {
            guard let scalar = current else { return nil }
            switch scalar {
            case 0x28:
                index += 1
                var number: Int?
                if follows("?:") {
                    index += 2
                } else if current == 0x3F {
                    return nil
                } else {
                    groupCount += 1
                    number = groupCount
                }
                guard let inner = parse(), current == 0x29 else { return nil }
                index += 1
                return .group(number, inner)
            case 0x5B:
                guard let set = characterClass() else { return nil }
                classes.append(ScalarClass(set))
                return .set(classes.count - 1)
            case 0x5C:
                if follows("\\A") || follows("\\z") {
                    index += 2
                    return scalar == 0x5C && pattern[index - 1] == 0x41 ? .start : .end
                }
                if follows("\\x{") { return hex().map(Node.scalar) }
                guard let set = property() else { return nil }
                classes.append(ScalarClass(set))
                return .set(classes.count - 1)
            case 0x30...0x39, 0x41...0x5A, 0x61...0x7A:
                index += 1
                return .scalar(scalar)
            default:
                return nil
            }
        }

        /// `\x{HEX}` at the backslash.
        private mutating func hex() -> UInt32? {
            index += 3
            var value: UInt32 = 0
            var digits = 0
            while let scalar = current, scalar != 0x7D {
                guard let digit = Character(Unicode.Scalar(scalar)!).hexDigitValue, digits < 6 else { return nil }
                value = value * 16 + UInt32(digit)
                digits += 1
                index += 1
            }
            guard current == 0x7D, digits > 0 else { return nil }
            index += 1
            return value
        }

        /// `\p{Xx}` or `\P{Xx}` at the backslash: a general category, as `RegexClasses` writes them.
        private mutating func property() -> ScalarClass.Members? {
            guard follows("\\p{") || follows("\\P{") else { return nil }
            let negated = pattern[index + 1] == 0x50
            index += 3
            var name = ""
            while let scalar = current, scalar != 0x7D {
                name.unicodeScalars.append(Unicode.Scalar(scalar)!)
                index += 1
            }
            guard current == 0x7D, RegexClasses.categories.contains(name) else { return nil }
            index += 1
            return .category(name, negated: negated)
        }

        /// `[…]` at the bracket: members, ranges, nested classes, categories, and `--` subtraction.
        private mutating func characterClass() -> ScalarClass.Members? {
            index += 1
            let negated = current == 0x5E
            if negated { index += 1 }
            var members: [ScalarClass.Members] = []
            var ranges: [ClosedRange<UInt32>] = []
            var subtrahend: ScalarClass.Members?
            while let scalar = current, scalar != 0x5D {
                if follows("--[") {
                    index += 2
                    guard let set = characterClass() else { return nil }
                    subtrahend = set
                    continue
                }
                switch scalar {
                case 0x5B:
                    guard let set = characterClass() else { return nil }
                    members.append(set)
                case 0x5C where follows("\\x{"):
                    guard let low = hex() else { return nil }
                    if current == 0x2D, !follows("--") {
                        index += 1
                        guard follows("\\x{"), let high = hex(), low <= high else { return nil }
                        ranges.append(low...high)
                    } else {
                        ranges.append(low...low)
                    }
                case 0x5C:
                    guard let set = property() else { return nil }
                    members.append(set)
                default:
                    return nil
                }
            }
            guard current == 0x5D else { return nil }
            index += 1
            var set: ScalarClass.Members = .union(ranges: ranges, members: members)
            if let subtrahend { set = .subtraction(set, subtrahend) }
            return negated ? .negation(set) : set
        }
    }
}

/// A set of code points with a bitmap for ASCII.
final class ScalarClass: Sendable {
    indirect enum Members: Sendable {
        case union(ranges: [ClosedRange<UInt32>], members: [Members])
        case category(String, negated: Bool)
        case negation(Members)
        case subtraction(Members, Members)

        func contains(_ scalar: UInt32) -> Bool {
            switch self {
            case .union(let ranges, let members):
                return ranges.contains { $0.contains(scalar) } || members.contains { $0.contains(scalar) }
            case .category(let name, let negated):
                guard let value = Unicode.Scalar(scalar) else { return negated }
                let code = ScalarClass.code(value.properties.generalCategory)
                let matches = name.count == 1 ? code.first == name.first : code == name
                return matches != negated
            case .negation(let set): return !set.contains(scalar)
            case .subtraction(let set, let removed): return set.contains(scalar) && !removed.contains(scalar)
            }
        }
    }

    let set: Members
    let low: UInt64
    let high: UInt64

    init(_ set: Members) {
        self.set = set
        var low: UInt64 = 0
        var high: UInt64 = 0
        for scalar in UInt32(0)..<128 where set.contains(scalar) {
            if scalar < 64 { low |= 1 << UInt64(scalar) } else { high |= 1 << UInt64(scalar - 64) }
        }
        self.low = low
        self.high = high
    }

    @inline(__always)
    func contains(_ scalar: UInt32) -> Bool {
        if scalar < 64 { return low & (1 << UInt64(scalar)) != 0 }
        if scalar < 128 { return high & (1 << UInt64(scalar - 64)) != 0 }
        return set.contains(scalar)
    }

    /// The two-letter name of a general category, as `\p{…}` writes it.
    static func code(_ category: Unicode.GeneralCategory) -> String {
        switch category {
        case .uppercaseLetter: return "Lu"
        case .lowercaseLetter: return "Ll"
        case .titlecaseLetter: return "Lt"
        case .modifierLetter: return "Lm"
        case .otherLetter: return "Lo"
        case .nonspacingMark: return "Mn"
        case .spacingMark: return "Mc"
        case .enclosingMark: return "Me"
        case .decimalNumber: return "Nd"
        case .letterNumber: return "Nl"
        case .otherNumber: return "No"
        case .connectorPunctuation: return "Pc"
        case .dashPunctuation: return "Pd"
        case .openPunctuation: return "Ps"
        case .closePunctuation: return "Pe"
        case .initialPunctuation: return "Pi"
        case .finalPunctuation: return "Pf"
        case .otherPunctuation: return "Po"
        case .mathSymbol: return "Sm"
        case .currencySymbol: return "Sc"
        case .modifierSymbol: return "Sk"
        case .otherSymbol: return "So"
        case .spaceSeparator: return "Zs"
        case .lineSeparator: return "Zl"
        case .paragraphSeparator: return "Zp"
        case .control: return "Cc"
        case .format: return "Cf"
        case .surrogate: return "Cs"
        case .privateUse: return "Co"
        case .unassigned: return "Cn"
        @unknown default: return "Cn"
        }
    }
}
