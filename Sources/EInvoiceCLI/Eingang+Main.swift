import ArgumentParser
import Foundation

extension Eingang {
    /// Parses the command line, runs the command and exits. Every error becomes text and an exit status here, in
    /// one place: 0 success, 1 a document was rejected, 2 usage or configuration errors.
    public static func runAsMain() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            Foundation.exit(0)
        } catch {
            let code = exitCode(for: error)
            let message = fullMessage(for: error)
            if !message.isEmpty {
                if code == .success {
                    print(message)
                } else {
                    FileHandle.standardError.write(Data((message + "\n").utf8))
                }
            }
            switch code {
            case .success: Foundation.exit(0)
            case .validationFailure: Foundation.exit(2)
            default: Foundation.exit(code.rawValue)
            }
        }
    }
}
