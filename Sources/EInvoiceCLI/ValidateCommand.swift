import ArgumentParser
import EInvoiceValidation
import EInvoiceXML
import Foundation

/// `eingang validate`: validates files and directories and prints one result per document.
struct ValidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Validate invoices (files, directories of *.xml, or - for standard input).",
        discussion:
            "Exit status: 0 when every document is accepted, 1 when any is rejected, 2 for usage or configuration errors."
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    enum Ruleset: String, ExpressibleByArgument, CaseIterable {
        case scenario, cen
    }

    @Option(help: "Output format: text (a readable block per document) or json (one object per line).")
    var format: Format = .text

    @Option(help: "scenario (default: the KoSIT scenario with XML Schema and all rules) or cen (CEN rules only).")
    var ruleset: Ruleset = .scenario

    @Option(help: "Number of documents validated in parallel.")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @OptionGroup var rules: RuleOptions

    @Argument(help: "Files or directories (searched recursively for *.xml); - reads standard input.")
    var paths: [String]

    func validate() throws {
        if jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        if paths.isEmpty { throw ValidationError("name at least one file or directory") }
    }

    func run() async throws {
        let inputs: [Input]
        do {
            inputs = try Input.collect(paths)
        } catch {
            FileHandle.standardError.write(Data("eingang: \(error)\n".utf8))
            throw ExitCode(2)
        }
        let validator: Validator
        let locations: Setup.Locations
        do {
            locations = try Setup.locate(rules)
            // A handful of documents: compile only the rules they need.
            validator = try Validator.makeUnverified(
                rulesDirectory: locations.rules,
                schemasDirectory: locations.schemas,
                compilesEagerly: inputs.count > 4
            )
        } catch {
            FileHandle.standardError.write(Data("eingang: \(error)\n".utf8))
            throw ExitCode(2)
        }
        let acceptUnpinned = rules.acceptUnpinnedRules
        let cenOnly = ruleset == .cen
        var anyRejected = false
        let output = ReportPrinter(format: format)
        try await withThrowingTaskGroup(of: (Int, ValidationReport)?.self) { group in
            // The rule files are checked against the lock while the first documents are validated; nothing is
            // printed before the check has passed.
            group.addTask {
                do {
                    _ = try Validator.verifyBundle(
                        rulesDirectory: locations.rules,
                        schemasDirectory: locations.schemas,
                        acceptUnpinned: acceptUnpinned
                    )
                } catch {
                    FileHandle.standardError.write(Data("eingang: \(error)\n".utf8))
                    throw ExitCode(2)
                }
                return nil
            }
            var verified = false
            var next = 0
            var pending: [Int: ValidationReport] = [:]
            var printed = 0
            func start(_ index: Int) {
                let input = inputs[index]
                group.addTask {
                    let bytes = input.read(limit: validator.parseLimits.maxBytes + 1)
                    let report: ValidationReport
                    switch bytes {
                    case .success(let data):
                        report =
                            cenOnly
                            ? validator.validateCENOnly(data, file: input.name)
                            : validator.validate(data, file: input.name)
                    case .failure(let message):
                        report = ValidationReport.unreadable(file: input.name, reason: message)
                    }
                    return (index, report)
                }
            }
            while next < inputs.count && next < jobs {
                start(next)
                next += 1
            }
            while let result = try await group.next() {
                if let (index, report) = result {
                    pending[index] = report
                    if next < inputs.count {
                        start(next)
                        next += 1
                    }
                } else {
                    verified = true
                }
                while verified, let ready = pending.removeValue(forKey: printed) {
                    if !ready.isAccepted { anyRejected = true }
                    output.print(ready)
                    printed += 1
                }
            }
        }
        if anyRejected { throw ExitCode(1) }
    }
}
