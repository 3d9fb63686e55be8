import CanaryCore
import CanaryTesting
import Foundation
import Testing

/// A writer killed with SIGKILL at any instant leaves the old file or the new one, never a mix.
@Suite struct CrashSafetyTests {
    @Test func killDashNineDuringWritesLeavesAWholeFile() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let original = try SplitCommandTests.fixture("payments_splitter.hcl")
        let path = try dir.write("payments_splitter.hcl", original)
        // The only contents a reader may ever see: 50/50 (start), 0/100 (promote), 100/0 (rollback).
        let promoted = original.replacingOccurrences(of: "weight = 50,\n    service_subset = \"blue\"", with: "weight = 0,\n    service_subset = \"blue\"")
            .replacingOccurrences(of: "weight = 50,\n    service_subset = \"green\"", with: "weight = 100,\n    service_subset = \"green\"")
        let rolledBack = original.replacingOccurrences(of: "weight = 50,\n    service_subset = \"blue\"", with: "weight = 100,\n    service_subset = \"blue\"")
            .replacingOccurrences(of: "weight = 50,\n    service_subset = \"green\"", with: "weight = 0,\n    service_subset = \"green\"")
        let valid: Set<String> = [original, promoted, rolledBack]

        var kills = 0
        for round in 0..<12 {
            let writer = Process()
            writer.executableURL = Canarytop.binary
            writer.arguments = ["bench", "write", path, "--count", "100000000"]
            writer.standardOutput = FileHandle.nullDevice
            writer.standardError = FileHandle.nullDevice
            try writer.run()
            // Watch the file change a varying number of times, checking every read is whole, then kill.
            var changes = 0
            var last = try String(contentsOfFile: path, encoding: .utf8)
            let wanted = 1 + round * 3
            while changes < wanted && writer.isRunning {
                let now = try String(contentsOfFile: path, encoding: .utf8)
                #expect(valid.contains(now), "a reader saw a partial file")
                if now != last { changes += 1; last = now }
            }
            kill(writer.processIdentifier, SIGKILL)
            writer.waitUntilExit()
            #expect(writer.terminationReason == .uncaughtSignal)
            kills += 1
            let after = try String(contentsOfFile: path, encoding: .utf8)
            #expect(valid.contains(after))
            let doc = try SplitterDocument(text: after, label: path)
            #expect(doc.entry.weights.total() == .full)
        }
        #expect(kills == 12)
        // The next write clears any temporary file a killed writer left behind.
        let r = try Canarytop.run(["split", "set", path, "green=50"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try dir.entries() == ["payments_splitter.hcl", "payments_splitter.hcl.journal"])
    }
}
