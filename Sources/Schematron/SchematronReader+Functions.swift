import EInvoiceXML

extension SchematronReader {
    /// Reads an `xsl:function` made of `xsl:param`, `xsl:variable` and one result instruction
    /// (`xsl:value-of`, `xsl:sequence` or an `xsl:choose` of those). Variables anywhere in the body are hoisted:
    /// they are evaluated lazily, so a variable of a branch not taken is never evaluated.
    func readFunction(
        _ tree: XMLTree,
        _ node: Int32,
        file: String
    ) throws(SchematronError)
        -> SchematronModel.Function
    {
        guard let name = tree.attribute(node, "name") else {
            throw SchematronError(.unsupported, "xsl:function without name", file: file)
        }
        var parameters: [(name: String, type: String?)] = []
        var variables: [SchematronModel.Variable] = []
        var body: [Int32] = []
        for child in tree.elementChildren(node) {
            if isXSL(tree, child, "param") {
                guard let parameter = tree.attribute(child, "name") else {
                    throw SchematronError(.unsupported, "xsl:param without name in \(name)", file: file)
                }
                parameters.append((parameter, tree.attribute(child, "as")))
            } else {
                body.append(child)
            }
        }
        let result = try sequenceConstructor(tree, body, variables: &variables, function: name, file: file)
        return .init(
            name: name,
            parameters: parameters,
            variables: variables,
            result: result,
            resultType: tree.attribute(node, "as")
        )
    }

    private func isXSL(_ tree: XMLTree, _ node: Int32, _ local: String) -> Bool {
        guard let name = tree.name(node) else { return false }
        return name.namespace == Self.xslNamespace && name.local == local
    }

    /// Folds a sequence of XSLT instructions into one XPath expression, hoisting variables.
    private func sequenceConstructor(
        _ tree: XMLTree,
        _ nodes: [Int32],
        variables: inout [SchematronModel.Variable],
        function: String,
        file: String
    ) throws(SchematronError) -> String {
        var results: [String] = []
        for child in nodes {
            guard let name = tree.name(child), name.namespace == Self.xslNamespace else {
                throw SchematronError(.unsupported, "literal result elements in function \(function)", file: file)
            }
            switch name.local {
            case "variable":
                guard let variable = tree.attribute(child, "name") else {
                    throw SchematronError(.unsupported, "xsl:variable without name in \(function)", file: file)
                }
                var expression: String
                if let select = tree.attribute(child, "select") {
                    expression = select
                } else {
                    let content = tree.elementChildren(child)
                    if content.isEmpty {
                        expression = Self.stringLiteral(tree.stringValue(child))
                    } else {
                        expression = try sequenceConstructor(
                            tree,
                            content,
                            variables: &variables,
                            function: function,
                            file: file
                        )
                    }
                }
                if let type = tree.attribute(child, "as") {
                    expression = "\(type.trimmingCharacters(in: "?*+"))(\(expression))"
                }
                variables.append(.init(name: variable, expression: expression))
            case "value-of":
                guard let select = tree.attribute(child, "select") else {
                    throw SchematronError(.unsupported, "xsl:value-of without select in \(function)", file: file)
                }
                let separator = tree.attribute(child, "separator") ?? " "
                results.append(
                    "xs:untypedAtomic(string-join(for $eingang-v in (\(select)) return string($eingang-v), "
                        + "\(Self.stringLiteral(separator))))"
                )
            case "sequence":
                guard let select = tree.attribute(child, "select") else {
                    throw SchematronError(.unsupported, "xsl:sequence without select in \(function)", file: file)
                }
                results.append("(\(select))")
            case "choose":
                var branches: [(test: String?, result: String)] = []
                for branch in tree.elementChildren(child) {
                    let result = try sequenceConstructor(
                        tree,
                        tree.elementChildren(branch),
                        variables: &variables,
                        function: function,
                        file: file
                    )
                    if isXSL(tree, branch, "when"), let test = tree.attribute(branch, "test") {
                        branches.append((test, result))
                    } else if isXSL(tree, branch, "otherwise") {
                        branches.append((nil, result))
                    } else {
                        throw SchematronError(
                            .unsupported,
                            "unexpected element in xsl:choose of \(function)",
                            file: file
                        )
                    }
                }
                var folded = "()"
                for branch in branches.reversed() {
                    if let test = branch.test {
                        folded = "(if (\(test)) then \(branch.result) else \(folded))"
                    } else {
                        folded = branch.result
                    }
                }
                results.append(folded)
            default:
                throw SchematronError(.unsupported, "xsl:\(name.local) in function \(function)", file: file)
            }
        }
        if results.isEmpty { return "()" }
        return results.count == 1 ? results[0] : "(" + results.joined(separator: ", ") + ")"
    }

    static func stringLiteral(_ s: String) -> String {
        "'" + s.replacing("'", with: "''") + "'"
    }
}

extension String {
    fileprivate func trimmingCharacters(in set: String) -> String {
        var s = Substring(self)
        while let last = s.last, set.contains(last) { s.removeLast() }
        return String(s)
    }
}
