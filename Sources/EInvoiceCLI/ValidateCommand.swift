import ArgumentParser
import EInvoiceBusinessTerms
import EInvoicePDF
import EInvoiceReports
import EInvoiceValidation
import EInvoiceXML
import Foundation

/// `eingang validate`: validates files and directories and prints one result per document.
struct ValidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Validate invoices: XML or ZUGFeRD / Factur-X PDF (files, directories of *.xml and *.pdf, or -).",
        discussion:
            "Exit status: 0 when every document is accepted, 1 when any is rejected, 2 for usage or configuration errors."
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    enum Ruleset: String, ExpressibleByArgument, CaseIterable {
        case scenario, cen
    }

    enum Report: String, ExpressibleByArgument, CaseIterable {
        case varl, json, html, all

        var formats: [ReportFormat] {
            switch self {
            case .varl: [.varl]
            case .json: [.json]
            case .html: [.html]
            case .all: ReportFormat.allCases
            }
        }
    }

    enum Language: String, ExpressibleByArgument, CaseIterable {
        case de, en
    }

    @Option(help: "Output format: text (a readable block per document) or json (one object per line).")
    var format: Format = .text

    @Option(help: "scenario (default: the KoSIT scenario with XML Schema and all rules) or cen (CEN rules only).")
    var ruleset: Ruleset = .scenario

    @Option(help: "Number of documents validated in parallel.")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(
        help: ArgumentHelp(
            "Write a report per document into --output: varl (KoSIT XML), json, html or all.",
            discussion: "Files are named <name>-report.xml, -report.json, -report.html."
        )
    )
    var report: Report?

    @Option(help: "The directory --report writes into (created when missing).")
    var output: String?

    @Option(name: .customLong("lang"), help: "The language of the HTML report: de (default) or en.")
    var language: Language = .de

    @OptionGroup var rules: RuleOptions

    @Argument(help: "Files or directories (searched recursively for *.xml and *.pdf); - reads standard input.")
    var paths: [String]

    func validate() throws {
        if jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        if paths.isEmpty { throw ValidationError("name at least one file or directory") }
        if output != nil && report == nil { throw ValidationError("--output needs --report") }
        if let report {
            if ruleset == .cen { throw ValidationError("--report needs the scenario ruleset (a KoSIT report has one)") }
            for format in report.formats where ReportWriters.writer(for: format) == nil {
                throw ValidationError("the \(format) report is not available in this build")
            }
        }
    }

    /// The report writers and names for `--report … --output`, nil without them; creates the directory.
    private func reportOutput(for inputs: [Input]) throws -> ReportOutput? {
        guard let report, let output else {
            if report != nil {
                FileHandle.standardError.write(Data("eingang: --report without --output writes no reports\n".utf8))
            }
            return nil
        }
        do {
            try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
        } catch {
            FileHandle.standardError.write(
                Data("eingang: cannot create \(output): \(error.localizedDescription)\n".utf8)
            )
            throw ExitCode(2)
        }
        let options = ReportOptions(language: language.rawValue)
        return ReportOutput(
            directory: output,
            writers: report.formats.compactMap { ReportWriters.writer(for: $0, options: options) },
            names: ReportOutput.baseNames(inputs)
        )
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
        let reports = try reportOutput(for: inputs)
        let acceptUnpinned = rules.acceptUnpinnedRules
        let cenOnly = ruleset == .cen
        var anyRejected = false
        let output = ReportPrinter(format: format)
        let progress = ProgressDisplay(
            label: "validate",
            enabled: format == .text && inputs.count >= ProgressDisplay.threshold
        )
        progress?.start(total: inputs.count)
        defer { progress?.clear() }
        typealias Outcome = (
            index: Int, report: ValidationReport, files: Result<[ReportOutput.File], ReportOutput.RenderError>
        )
        try await withThrowingTaskGroup(of: Outcome?.self) { group in
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
            var pending: [Int: Outcome] = [:]
            var printed = 0
            func start(_ index: Int) {
                let input = inputs[index]
                group.addTask {
                    // PDFs may be larger than an XML invoice may; each reader refuses what exceeds its own limit.
                    let bytes = input.read(limit: max(validator.parseLimits.maxBytes, PDFLimits().maxBytes) + 1)
                    let startedAt = Date()
                    let report: ValidationReport
                    var source: [UInt8] = []
                    var identity: InvoiceIdentity?
                    switch bytes {
                    case .success(let data):
                        source = data
                        if cenOnly {
                            report = validator.validateCENOnlyDocument(data, file: input.name)
                        } else {
                            // The reports name the invoice: read its identity from the tree validation parsed.
                            let wantsIdentity = reports != nil
                            let outcome = validator.validateDocument(data, file: input.name) { tree in
                                wantsIdentity ? BusinessTermsExtractor.extract(from: tree)?.identity : nil
                            }
                            report = outcome.report
                            identity = outcome.inspected ?? nil
                            // A PDF's reports quote its embedded XML.
                            if outcome.isPDF { source = outcome.xml ?? [] }
                        }
                    case .failure(let message):
                        report = ValidationReport.unreadable(file: input.name, reason: message)
                    }
                    let files =
                        reports?.render(
                            report,
                            input: index,
                            bytes: source,
                            identity: identity,
                            validatedAt: startedAt,
                            validator: validator
                        )
                        ?? .success([])
                    return (index, report, files)
                }
            }
            while next < inputs.count && next < jobs {
                start(next)
                next += 1
            }
            while let result = try await group.next() {
                if let outcome = result {
                    pending[outcome.index] = outcome
                    if next < inputs.count {
                        start(next)
                        next += 1
                    }
                } else {
                    verified = true
                }
                while verified, let ready = pending.removeValue(forKey: printed) {
                    if !ready.report.isAccepted { anyRejected = true }
                    progress?.beforeOutput()
                    output.print(ready.report)
                    if let reports {
                        do {
                            try reports.write(ready.files.get())
                        } catch {
                            FileHandle.standardError.write(Data("eingang: \(error)\n".utf8))
                            throw ExitCode(2)
                        }
                    }
                    printed += 1
                    progress?.update(done: printed)
                }
            }
        }
        if anyRejected { throw ExitCode(1) }
    }
}
