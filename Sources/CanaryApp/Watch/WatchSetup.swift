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
    /// How the passive sources are read (one client for the run).
    let statsHTTP: AsyncStatsHTTP

    /// Connects to Consul when it is used, reads the resolver and the splitter once, and loads
    /// the catalog's instances. Every failure is one line.
    init(_ configuration: WatchConfiguration) async throws {
        let base = configuration.attributor
        var consul: ConsulClient?
        if let environment = configuration.consul {
            do {
                consul = try ConsulClient(environment: environment)
            } catch {
                throw RunError("\(error)")
            }
        }
        self.consul = consul
        statsHTTP = AsyncStatsHTTP()
        do {
            let resolver = try await ResolverSource.load(
                path: configuration.resolverPath, entry: configuration.splitter?.entryName, consul: consul)
            self.resolver = resolver

            var source: SplitterSource?
            switch configuration.splitter {
            case .file(let path)?:
                source = SplitterSource(origin: .file(path: path), resolver: resolver)
            case .consulEntry(let name)?:
                source = consul.map { SplitterSource(origin: .consul(ConsulSplitterStore(client: $0, name: name)), resolver: resolver) }
            case nil:
                source = nil
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
        } catch {
            await consul?.shutdown()
            await statsHTTP.shutdown()
            throw error as? RunError ?? RunError("\(error)")
        }
    }

    /// Starts following the splitter and the catalog: weight changes start a new epoch in
    /// `epochs` (the probe's tallies and the mesh's alike) at the time `clock` gives; problems
    /// are reported through `note`.
    func start(
        epochs: any DashboardFeed, clock: ProbeClock, note: @escaping @Sendable (String) -> Void,
        onWeights: (@Sendable (ConfiguredWeights) -> Void)? = nil
    ) {
        var started: [Task<Void, Never>] = []
        if let source, let initial = weights.withLock({ $0 }) {
            started.append(Task {
                await source.follow(from: initial) { [self] event in
                    switch event {
                    case .weights(let new):
                        self.weights.withLock { $0 = new }
                        epochs.startEpoch(at: clock.now())
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
        await statsHTTP.shutdown()
    }
}
