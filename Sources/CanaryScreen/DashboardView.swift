import CanaryCore

/// The whole screen as a pure function of the state: `DashboardView.render(state)` → grid.
public enum DashboardView {
    public static func render(_ state: DashboardState) -> Grid {
        var grid = Grid(width: state.width, height: state.height)
        render(state, into: &grid)
        return grid
    }

    /// The same screen drawn into `grid`, reusing its cells when it is already the state's size
    /// (blanked first) — the dashboard's loop renders every frame into one of two grids it keeps.
    public static func render(_ state: DashboardState, into grid: inout Grid) {
        if grid.width == state.width, grid.height == state.height {
            grid.clear()
        } else {
            grid = Grid(width: state.width, height: state.height)
        }
        guard state.width >= TooSmall.minimumWidth, state.height >= TooSmall.minimumHeight else {
            TooSmall(width: state.width, height: state.height).render(into: &grid)
            // Even tiny, a question must be visible.
            if state.prompt != nil, grid.height > 0 { StatusLine(state: state).render(into: &grid, area: Rect(x: 0, y: 0, width: grid.width, height: 1)) }
            return
        }
        let (header, rest0) = grid.bounds.splitTop(1)
        let (status, rest1) = rest0.splitTop(1)
        let (body, keys) = rest1.splitBottom(1)
        HeaderBar(state: state).render(into: &grid, area: header)
        StatusLine(state: state).render(into: &grid, area: status)
        KeyBar(state: state).render(into: &grid, area: keys)

        let table = SubsetTable(state: state)
        var (tableArea, lower) = body.inset(0).splitTop(min(body.height, table.height + 1))
        table.render(into: &grid, area: Rect(x: tableArea.x, y: tableArea.y + 1, width: tableArea.width, height: tableArea.height - 1))
        if let passive = state.snapshot?.passive {
            // The mesh's counts under the probe's (or the mesh's own rows, with the probe off).
            let mesh = MeshTable(state: state, passive: passive)
            let meshArea: Rect
            (meshArea, lower) = lower.splitTop(min(max(0, lower.height - 3), mesh.height))
            mesh.render(into: &grid, area: meshArea)
        }

        let eventsArea: Rect
        if state.showVerdict {
            // `v`: the verdict takes the charts' place and what it needs of the events' rows.
            let panel = VerdictPanel(state: state)
            let panelArea: Rect
            (panelArea, eventsArea) = lower.splitTop(min(panel.height(width: lower.width), lower.height >= 6 ? lower.height - 3 : lower.height))
            panel.render(into: &grid, area: panelArea)
        } else {
            // A title and a sparkline row per subset; beside them, when wide enough, a histogram of twice as many bins.
            let rowsPerSubset = lower.width >= histogramMinWidth ? 2 : 1
            let chartsHeight = min(max(0, lower.height - 4), rowsPerSubset * max(1, state.rowNames.count) + 1)
            let charts: Rect
            (charts, eventsArea) = lower.splitTop(chartsHeight)
            renderCharts(state, into: &grid, area: charts)
        }
        EventsPane(state: state).render(into: &grid, area: eventsArea)
        if state.showHelp { HelpOverlay(state: state).render(into: &grid, area: body) }
    }

    /// The narrowest screen with a latency histogram beside the trends.
    private static let histogramMinWidth = 110

    private static func renderCharts(_ state: DashboardState, into grid: inout Grid, area charts: Rect) {
        let (sparkArea, histArea) = charts.splitLeft(charts.width >= histogramMinWidth ? charts.width - 40 : charts.width, gap: 2)
        renderSparklines(state, into: &grid, area: sparkArea)
        if !histArea.isEmpty, let name = state.selectedName {
            let view = state.viewMode == .epoch ? state.snapshot?.sinceEpoch : state.snapshot?.window
            HistogramChart(title: "LATENCY \(name)", histogram: view?.subset(name)?.histogram ?? LatencyHistogram())
                .render(into: &grid, area: histArea)
        }
    }

    private static func renderSparklines(_ state: DashboardState, into grid: inout Grid, area: Rect) {
        guard !area.isEmpty else { return }
        grid.put("TRENDS (p99 · 5xx rate, │ = new epoch)", x: area.x, y: area.y, role: .title, clip: area)
        var y = area.y + 1
        let labelWidth = 12
        // name, "p99 ", a sparkline, a gap, "5xx ", a sparkline: both as wide, so a column is the same second in each.
        let half = max(0, (area.width - labelWidth - 9) / 2)
        for name in state.rowNames where y < area.maxY {
            let samples = state.history.series[name] ?? []
            let epochs = samples.indices.map { $0 > 0 && samples[$0].epoch != samples[$0 - 1].epoch }
            grid.put(Format.left(name, labelWidth), x: area.x, y: y, role: .normal, clip: area)
            grid.put("p99", x: area.x + labelWidth, y: y, role: .dim, clip: area)
            Sparkline(values: samples.map(\.p99), epochStarts: epochs)
                .render(into: &grid, x: area.x + labelWidth + 4, y: y, width: min(half, area.maxX - area.x - labelWidth - 4))
            let x2 = area.x + labelWidth + 5 + half
            if x2 + 4 < area.maxX {
                grid.put("5xx", x: x2, y: y, role: .dim, clip: area)
                Sparkline(values: samples.map(\.errorRate), epochStarts: epochs, ceiling: 1)
                    .render(into: &grid, x: x2 + 4, y: y, width: min(half, area.maxX - x2 - 4), role: .bad)
            }
            y += 1
        }
    }
}
