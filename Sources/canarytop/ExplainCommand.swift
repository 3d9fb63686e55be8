import ArgumentParser
import CanaryCore
import Foundation

/// `canarytop explain [FILE|-]`: reads one reply body and prints which subset served it, and why.
struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Explain how one reply body is read and attributed (debug your --subset rules).",
        discussion: """
            Reads a fake-service reply (a file, or standard input with - or no argument) and prints \
            the subset it is attributed to and which rule matched which hop, the top-level code, \
            the examined hop's code and duration, and the hop that broke with its error.

            Example: curl -s localhost:9090 | canarytop explain --subset blue=ip:10.42.0.10 --subset green=ip:10.42.0.19
            """)

    @Argument(help: ArgumentHelp("The reply body to read; - or nothing reads standard input.", valueName: "file"))
    var file: String?

    @OptionGroup var attribution: AttributionOptions

    @Flag(help: "Print the decision as one JSON object.")
    var json = false

    /// Bodies larger than this are refused rather than read whole.
    static let maxBytes = 64 << 20

    func run() throws {
        let attributor = try attribution.attributor()
        let bytes = try readInput()
        let outcome = TraceDecoder.decode(bytes)
        let report = ExplainReport(outcome: outcome, attributor: attributor)
        print(json ? report.json.pretty : report.text)
    }

    private func readInput() throws -> [UInt8] {
        let label = (file == nil || file == "-") ? "standard input" : file!
        let handle: FileHandle
        if let file, file != "-" {
            guard let h = FileHandle(forReadingAtPath: file) else {
                let reason = FileManager.default.fileExists(atPath: file) ? "permission denied" : "no such file"
                throw CLIError("cannot read \(file): \(reason)")
            }
            handle = h
        } else {
            handle = FileHandle.standardInput
        }
        defer { if file != nil && file != "-" { try? handle.close() } }
        do {
            let data = try handle.read(upToCount: Self.maxBytes + 1) ?? Data()
            guard data.count <= Self.maxBytes else {
                throw CLIError("\(label) is larger than \(Self.maxBytes >> 20) MiB; refusing to read it")
            }
            return [UInt8](data)
        } catch let error as CLIError {
            throw error
        } catch {
            throw CLIError("cannot read \(label): \(error.localizedDescription)")
        }
    }
}
