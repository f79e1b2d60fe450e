import ArgumentParser

/// Options shared by every command that loads the rules.
struct RuleOptions: ParsableArguments {
    @Option(
        name: .customLong("rules"),
        help: "The official rules directory (default: $EINGANG_RULES, ../shared/rules)."
    )
    var rulesDirectory: String?

    @Flag(help: "Start even when the rule files differ from the pinned versions in Schemas/rules.lock.json.")
    var acceptUnpinnedRules = false
}
