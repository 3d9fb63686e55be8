/// The `Date` header Go's HTTP server sends: `Mon, 02 Jan 2006 15:04:05 GMT`.
public enum HTTPDate {
    private static let weekdays = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// The header value for a time given as nanoseconds since 1970-01-01T00:00:00 UTC.
    public static func text(nanosecondsSinceEpoch ns: Int64) -> String {
        var seconds = ns / 1_000_000_000
        if ns < 0, ns % 1_000_000_000 != 0 { seconds -= 1 }
        var days = seconds / 86_400
        if seconds < 0, seconds % 86_400 != 0 { days -= 1 }
        let secondOfDay = seconds - days * 86_400
        let (year, month, day) = TraceTimestamp.civil(daysSinceEpoch: days)
        let weekday = weekdays[Int(((days % 7) + 7) % 7)]
        func two(_ v: Int64) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(weekday), \(two(day)) \(months[Int(month) - 1]) \(year) "
            + "\(two(secondOfDay / 3600)):\(two(secondOfDay / 60 % 60)):\(two(secondOfDay % 60)) GMT"
    }
}
