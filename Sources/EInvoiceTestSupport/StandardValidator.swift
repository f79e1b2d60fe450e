public import EInvoiceValidation

/// The standard validator (official rules, our lock manifest and scenario map), compiled once per test process and
/// shared by every test, as the daemon shares one.
public enum StandardValidator {
    /// The validator and its verified rule bundle, or why they could not be built.
    public static let shared: Result<(Validator, RuleBundle), TestDataError> = {
        do {
            return .success(
                try Validator.makeStandard(
                    rulesDirectory: try PackagePaths.rulesDirectory(),
                    schemasDirectory: try PackagePaths.schemasDirectory()
                )
            )
        } catch {
            return .failure(TestDataError("cannot build the validator: \(error)"))
        }
    }()

    /// The shared validator; throws when it could not be built.
    public static func get() throws -> Validator { try shared.get().0 }
}
