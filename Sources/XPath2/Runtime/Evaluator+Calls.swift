import EInvoiceXML
import Synchronization

/// Regular expressions whose pattern is only known at run time, compiled once per process.
private let regexCache = Mutex<[String: XPathRegex]>([:])

extension Evaluator {
    private func regex(
        _ given: XPathRegex?,
        _ arguments: [Plan],
        flagsIndex: Int,
        _ focus: Focus
    ) throws(XPathError)
        -> XPathRegex
    {
        if let given { return given }
        let pattern = try stringArgument(arguments[1], focus)
        let flags = arguments.count > flagsIndex ? try stringArgument(arguments[flagsIndex], focus) : ""
        let key = flags + "\u{0}" + pattern
        if let cached = regexCache.withLock({ $0[key] }) { return cached }
        let compiled = try XPathRegex(pattern: pattern, flags: flags)
        regexCache.withLock { $0[key] = compiled }
        return compiled
    }

    /// fn:matches, fn:replace and fn:tokenize (F&O §7.6).
    func callRegex(
        _ function: BuiltinFunction,
        _ arguments: [Plan],
        _ compiled: XPathRegex?,
        _ focus: Focus
    )
        throws(XPathError) -> XDMSequence
    {
        let input = try stringArgument(arguments[0], focus)
        switch function {
        case .matches:
            return Self.booleanSequence(try regex(compiled, arguments, flagsIndex: 2, focus).matches(input))
        case .tokenize:
            let r = try regex(compiled, arguments, flagsIndex: 2, focus)
            return try r.tokenize(input).map { .string($0) }
        default:
            let r = try regex(compiled, arguments, flagsIndex: 3, focus)
            let replacement = try stringArgument(arguments[2], focus)
            return [.string(try r.replace(input, with: replacement))]
        }
    }

    /// Calls an `xsl:function`: arguments converted to the declared types, a fresh frame, no focus.
    func callUser(_ index: Int, _ arguments: [Plan], _ focus: Focus) throws(XPathError) -> XDMSequence {
        let function = functions[index]
        var values: [XDMSequence] = []
        for (position, argument) in arguments.enumerated() {
            var value = try eval(argument, focus)
            if let type = function.parameterTypes[position] { value = try convert(value, to: type) }
            values.append(value)
        }
        if callDepth > 500 { throw XPathError("XTDE0000", "function recursion too deep") }
        callDepth += 1
        var newFrame = Frame(slots: Swift.max(function.slotCount, values.count))
        for (slot, value) in values.enumerated() { newFrame.values[slot] = value }
        for (offset, plan) in function.variables.enumerated() {
            newFrame.pending[values.count + offset] = (plan, .none)
        }
        let saved = frame
        frame = newFrame
        defer {
            frame = saved
            callDepth -= 1
        }
        var result = try eval(function.body, .none)
        if let type = function.resultType { result = try convert(result, to: type) }
        return result
    }
}
