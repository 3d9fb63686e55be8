/// What a cell means, not how it looks: a theme turns roles into colours and attributes.
public enum StyleRole: UInt8, Sendable, CaseIterable, Equatable, Hashable {
    case normal
    /// Secondary text: units, separators, idle rows.
    case dim
    /// Column titles and the header bar.
    case title
    /// A banner that must not be missed (READ-ONLY, DRY RUN, a failed write).
    case banner
    /// Healthy numbers.
    case good
    /// Something wrong (5xx, FAIL, errors).
    case bad
    /// Worth a look (drift, slow, late sends).
    case warn
    /// The selected row.
    case selected
    /// A staged, not yet applied, change.
    case staged
    /// Key names in the key bar and help.
    case key
    /// Chart bars.
    case chart
    /// Epoch markers in charts.
    case marker

    /// The name used in theme files (`bad = red`).
    public var name: String { String(describing: self) }
}
