import ArgumentParser
import CanaryApp
import CanaryCore
import CanaryDemo
import Foundation
import Synchronization

/// `canarytop demo`: the workshop's mesh on loopback, for trying canarytop with nothing else installed.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the workshop's canary mesh on loopback (web → payments blue/green → currency, a Consul stand-in).",
        discussion: """
            Starts fake-service look-alikes of the workshop: web (port 9090) calls payments, which the \
            splitter in --dir divides between subset blue (v2, 10.42.0.10) and green (v3, 10.42.0.19); \
            both call currency. Green carries the workshop's bug: its call to currency times out after 5 s, \
            so about half of web's replies are slow 500s at 50/50. Edit the splitter (or run canarytop split \
            rollback on it) and web follows within 200 ms. A Consul stand-in (port 8500) serves the config \
            entries and the health endpoint, so --apply api and catalog look-ups work too; it is not Consul.

            The dashboard opens on the mesh: it probes web at 20/s, attributes replies by the pods' \
            addresses and steers the demo's splitter file. With --serve-only, or without a terminal, the \
            mesh runs on its own until SIGINT or SIGTERM. Either way everything shuts down and the exit \
            status is 0.
            """)

    @OptionGroup var options: DemoOptions
    @OptionGroup(title: "Verdicts, guard and steps (the dashboard)") var verdict: VerdictOptions

    func validate() throws {
        if options.serveOnly, let option = verdict.writingOption {
            throw CLIError("\(option) acts from the demo's dashboard; it cannot be used with --serve-only")
        }
    }

    func run() async throws {
        let stop = StopSignal()
        let files: WorkingCopies
        do {
            files = try WorkingCopies.prepare(in: options.dir, greenWeight: options.greenWeightValue, reset: options.reset)
        } catch {
            throw CLIError(error.description)
        }
        let printer = EventPrinter()
        let mesh: DemoMesh
        do {
            mesh = try await DemoMesh.start(options.configuration, files: files) { printer.handle($0) }
        } catch {
            throw CLIError("cannot start the demo: \(error)")
        }
        let dashboard = !options.serveOnly && isatty(0) == 1 && isatty(1) == 1
        for line in DemoBanner(mesh: mesh, serveOnly: options.serveOnly || !dashboard, command: Self.selfCommand).lines {
            Output.line(line)
        }
        if dashboard {
            // The dashboard owns the screen now; route changes show there as weight changes.
            stop.cancel()
            do {
                try await runDashboard(on: mesh)
            } catch {
                await mesh.shutdown()
                throw error
            }
            await mesh.shutdown()
            return
        }
        if !options.serveOnly {
            Output.line("note: no terminal on standard input/output, so no dashboard: serving only"
                + (verdict.writingOption.map { " (\($0) is not in force)" } ?? ""))
        }
        printer.ready()
        Output.line("ready: serving until Ctrl-C (SIGINT) or SIGTERM")
        let signal = await stop.wait()
        Output.line("stopping (\(signal == SIGINT ? "SIGINT" : "SIGTERM"))")
        await mesh.shutdown()
        stop.cancel()
        Output.line("stopped")
    }

    /// Opens the dashboard on the mesh: probing web at 20/s, attributing by the pods' addresses,
    /// steering the demo's splitter file, judging green with the verdict options.
    private func runDashboard(on mesh: DemoMesh) async throws {
        let source = options.passive
            ? ["--probe", "off"] + mesh.endpoints.sidecarURLs.flatMap { ["--envoy-admin", $0] }
                + ["--stats-flush", GoDuration.text(seconds: mesh.configuration.statsFlush)]
            : [mesh.endpoints.webURL + "/"]
        var watch = try WatchCommand.parse(source + [
            "--splitter", mesh.files.splitterPath, "--resolver", mesh.files.resolverPath,
            "--subset", "blue=ip:\(DemoTopology.blueAddress)", "--subset", "green=ip:\(DemoTopology.greenAddress)",
        ] + (options.theme.map { ["--theme", $0] } ?? []))
        watch.verdict = verdict
        try watch.validate()
        try await WatchDashboard.run(try watch.configuration(headless: false))
    }

    /// How the user can run this binary again: its path when started by one, else `canarytop`.
    static var selfCommand: String {
        let argv0 = CommandLine.arguments.first ?? "canarytop"
        guard argv0.contains("/") else { return "canarytop" }
        return URL(fileURLWithPath: argv0).standardizedFileURL.path
    }
}

/// Prints route changes as `split: blue 100 / green 0 (from payments_splitter.hcl)`; holds
/// them back until the banner is out.
final class EventPrinter: Sendable {
    private let state = Mutex<(ready: Bool, held: [String])>((false, []))

    func handle(_ event: RouteWatcher.Event) {
        let line: String
        switch event {
        case .applied(let table, let source):
            line = "split: \(table.summary) (from \(source))"
        case .refused(let message, let keeping):
            line = "refused: \(message)" + (keeping.map { "; keeping \($0.summary)" } ?? "")
        }
        let now = state.withLock { s -> Bool in
            if !s.ready { s.held.append(line) }
            return s.ready
        }
        if now { Output.line(line) }
    }

    func ready() {
        let held = state.withLock { s -> [String] in
            s.ready = true
            defer { s.held = [] }
            return s.held
        }
        held.forEach { Output.line($0) }
    }
}
