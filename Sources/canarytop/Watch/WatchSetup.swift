import CanaryCore
import CanaryProbe
import CanaryStore
import Foundation
import Synchronization

/// The parts of a watch besides the probe: the resolver, the splitter it follows, and the
/// catalog attribution it keeps current. Background tasks are cancelled by ``stop()``.
final class WatchSetup: Sendable {
    let resolver: ResolverEntry?
    let consul: ConsulClient?
    let attribution: AttributorBox
    /// The subsets to show rows for from the start.
    let subsets: [String]
    /// The weights in force, when a splitter is followed.
    let weights: Mutex<ConfiguredWeights?>
    private let source: SplitterSource?
    private let catalog: CatalogAttribution?
    private let tasks = Mutex<[Task<Void, Never>]>([])

    init(command: WatchCommand) async throws {
        let base = try command.attribution.attributor()
        var consul: ConsulClient?
        if command.consul {
            let env = try ConsulEnvironment.from(ProcessInfo.processInfo.environment, address: command.consulAddr) { path in
                try String(contentsOfFile: path, encoding: .utf8)
            }
            consul = try ConsulClient(environment: env)
        }
        self.consul = consul
        do {
            var resolver = try command.resolver.map { try SplitterOptions.readResolver($0) }
            if resolver == nil, let consul, let name = command.consulEntry,
                let reply = try? await consul.configEntry(kind: "service-resolver", name: name) {
                resolver = try? ResolverEntry(text: reply.body, label: "consul service-resolver/\(name)", origin: .apiReply)
            }
            self.resolver = resolver

            var source: SplitterSource?
            if let path = command.splitter {
                source = SplitterSource(origin: .file(path: path), resolver: resolver)
            } else if let name = command.consulEntry, let consul {
                source = SplitterSource(origin: .consul(ConsulSplitterStore(client: consul, name: name)), resolver: resolver)
            }
            self.source = source
            let initial = try await source?.load()
            weights = Mutex(initial)

            var catalog: CatalogAttribution?
            var attributor = base
            if let consul, let resolver, !resolver.subsets.isEmpty {
                let c = CatalogAttribution(client: consul, resolver: resolver, base: base)
                attributor = try await c.load()
                catalog = c
            }
            self.catalog = catalog
            attribution = AttributorBox(attributor)

            var names = base.subsetNames
            for name in (resolver?.subsets.map(\.name) ?? []) + (initial?.names ?? []) where !names.contains(name) {
                if name != "(default)" { names.append(name) }
            }
            subsets = names
        } catch let error as CLIError {
            await consul?.shutdown()
            throw error
        } catch {
            await consul?.shutdown()
            throw CLIError("\(error)")
        }
    }

    /// Starts following the splitter and the catalog: weight changes start a new epoch in
    /// `collector` at the time `clock` gives; problems are reported through `note`.
    func start(
        collector: TallyCollector, clock: ProbeClock, note: @escaping @Sendable (String) -> Void,
        onWeights: (@Sendable (ConfiguredWeights) -> Void)? = nil
    ) {
        var started: [Task<Void, Never>] = []
        if let source, let initial = weights.withLock({ $0 }) {
            started.append(Task {
                await source.follow(from: initial) { [self] event in
                    switch event {
                    case .weights(let new):
                        self.weights.withLock { $0 = new }
                        collector.startEpoch(at: clock.now())
                        let text = zip(new.names, new.weights).map { "\($0)=\($1)" }.joined(separator: " ")
                        note("weights changed: \(TerminalSafe.clean(text))")   // the reducer says "epoch N began"
                        onWeights?(new)
                    case .unreadable(let problem):
                        note("splitter unreadable, keeping the last weights: \(TerminalSafe.clean(problem, limit: 200))")
                    }
                }
            })
        }
        if let catalog {
            let box = attribution
            started.append(Task {
                await catalog.refresh(onChange: { box.update($0) }, onError: { note(TerminalSafe.clean($0, limit: 200)) })
            })
        }
        tasks.withLock { $0 += started }
    }

    /// Cancels the background tasks and closes the Consul client.
    func stop() async {
        for task in tasks.withLock({ $0 }) { task.cancel() }
        await consul?.shutdown()
    }
}
