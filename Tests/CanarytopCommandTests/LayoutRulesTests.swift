import Foundation
import Testing

/// The rules of docs/architecture.md that the imports show, read from the source tree.
@Suite struct LayoutRulesTests {
    /// `Sources/<target>`, found from this file's place in the tree.
    private func imports(of target: String) throws -> [(file: String, module: String)] {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources/\(target)")
        let files = try #require(FileManager.default.enumerator(atPath: root.path)).compactMap { $0 as? String }
            .filter { $0.hasSuffix(".swift") }
        #expect(!files.isEmpty, "no sources under \(root.path)")
        return try files.flatMap { file in
            try String(contentsOf: root.appendingPathComponent(file), encoding: .utf8).split(separator: "\n")
                .compactMap { line -> (String, String)? in
                    let words = line.split(separator: " ")
                    guard words.count >= 2, words.first == "import" || (words.first == "@testable" && words[1] == "import") else { return nil }
                    return (file, String(words.last!))
                }
        }
    }

    @Test func theCommandLineReachesNeitherNcursesNorNIO() throws {
        for (file, module) in try imports(of: "canarytop") {
            #expect(!["CNcurses", "CanaryTerminal", "CanaryScreen", "Dispatch"].contains(module) && !module.hasPrefix("NIO"),
                    "canarytop/\(file) imports \(module)")
        }
    }

    @Test func theCoreReachesNoShell() throws {
        // The C library for its mathematics (erf, lgamma), HdrHistogram for its tallies, Yams to read
        // Kubernetes manifests (a parser: no I/O of its own): nothing else.
        let allowed: Set = ["Histogram", "Yams", "Glibc", "Darwin", "Musl"]
        for (file, module) in try imports(of: "CanaryCore") {
            #expect(allowed.contains(module), "CanaryCore/\(file) imports \(module)")
        }
    }

    @Test func viewsNeverReachTheTerminal() throws {
        for (file, module) in try imports(of: "CanaryScreen") {
            #expect(module == "CanaryCore", "CanaryScreen/\(file) imports \(module)")
        }
    }

    @Test func theProbeNeverWritesConfig() throws {
        for (file, module) in try imports(of: "CanaryProbe") {
            #expect(!["CanaryStore", "CanaryApp"].contains(module), "CanaryProbe/\(file) imports \(module)")
        }
    }

    /// A suite that starts a program, a server or a socket holds a `.sharedMachine` slot per test
    /// (docs/testing.md): without it a full run starts them all at once on two cores.
    @Test func suitesThatStartProgramsOrServersShareTheMachine() throws {
        let tests = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        let markers = [
            "ChildProcess(", "Canarytop.runAsync", "ConsulStandIn.start", "TmuxSession(", "GoOracle.", "PrometheusServer.",
            "HostileServer", "OwnEventLoops", "StandInSession", "MultiThreadedEventLoopGroup", "DemoProcess.",
        ]
        let files = try #require(FileManager.default.enumerator(atPath: tests.path)).compactMap { $0 as? String }
            .filter { $0.hasSuffix(".swift") }
        var checked = 0
        for file in files {
            let text = try String(contentsOf: tests.appendingPathComponent(file), encoding: .utf8)
            guard text.contains("@Test"), let marker = markers.first(where: { text.contains($0) }) else { continue }
            checked += 1
            #expect(text.contains("@Suite(.sharedMachine)") || text.contains(".sharedMachine) struct"),
                    "Tests/\(file) uses \(marker) but its suite does not carry .sharedMachine")
        }
        #expect(checked > 40, "only \(checked) test files start programs or servers: are the markers still right?")
    }
}
