import CanaryCore
import CanaryTesting
import Foundation
import Testing

/// A writer killed with SIGKILL at any instant leaves the old file or the new one, never a mix.
@Suite(.sharedMachine) struct CrashSafetyTests {
    @Test func killDashNineDuringWritesLeavesAWholeFile() async throws {
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

        // The rounds poll the file as fast as they can: on a thread of their own, never the test pool's.
        struct Round: Sendable { var partialReads: Int; var killedBySignal: Bool; var after: String }
        let rounds = try await OwnThread.run { () throws -> [Round] in
            var rounds: [Round] = []
            for round in 0..<12 {
                let writer = Process()
                writer.executableURL = Canarytop.binary
                writer.arguments = ["bench", "write", path, "--count", "100000000"]
                writer.standardOutput = FileHandle.nullDevice
                writer.standardError = FileHandle.nullDevice
                try writer.run()
                // Watch the file change a varying number of times, checking every read is whole, then kill.
                var changes = 0, partial = 0
                var last = try String(contentsOfFile: path, encoding: .utf8)
                let wanted = 1 + round * 3
                while changes < wanted && writer.isRunning {
                    let now = try String(contentsOfFile: path, encoding: .utf8)
                    if !valid.contains(now) { partial += 1 }
                    if now != last { changes += 1; last = now }
                }
                kill(writer.processIdentifier, SIGKILL)
                writer.waitUntilExit()
                rounds.append(Round(partialReads: partial, killedBySignal: writer.terminationReason == .uncaughtSignal,
                                    after: try String(contentsOfFile: path, encoding: .utf8)))
            }
            return rounds
        }
        for round in rounds {
            #expect(round.partialReads == 0, "a reader saw a partial file")
            #expect(round.killedBySignal)
            #expect(valid.contains(round.after))
            let doc = try SplitterDocument(text: round.after, label: path)
            #expect(doc.entry.weights.total() == .full)
        }
        let kills = rounds.filter(\.killedBySignal).count
        #expect(kills == 12)
        // The next write clears any temporary file a killed writer left behind.
        let r = try await Canarytop.runAsync(["split", "set", path, "green=50"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try dir.entries() == ["payments_splitter.hcl", "payments_splitter.hcl.journal"])
    }
}
