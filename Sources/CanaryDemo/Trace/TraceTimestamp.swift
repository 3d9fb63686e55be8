/// fake-service's timestamps: `YYYY-MM-DDTHH:MM:SS.ffffff`, always six fraction digits, no zone.
///
/// The demo writes UTC wall-clock time (what a Kubernetes pod's clock usually shows).
public enum TraceTimestamp {
    /// The text for a time given as nanoseconds since 1970-01-01T00:00:00 UTC.
    public static func text(nanosecondsSinceEpoch ns: Int64) -> String {
        let micros = floorDiv(ns, 1_000)
        let seconds = floorDiv(micros, 1_000_000)
        let fraction = micros - seconds * 1_000_000
        let days = floorDiv(seconds, 86_400)
        let secondOfDay = seconds - days * 86_400
        let (year, month, day) = civil(daysSinceEpoch: days)
        return pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2) + "T"
            + pad(secondOfDay / 3600, 2) + ":" + pad(secondOfDay / 60 % 60, 2) + ":" + pad(secondOfDay % 60, 2)
            + "." + pad(fraction, 6)
    }

    /// The proleptic Gregorian date `days` after 1970-01-01 (negative: before it).
    static func civil(daysSinceEpoch days: Int64) -> (Int64, Int64, Int64) {
        // Count from 0000-03-01 so that the leap day ends each 4/100/400-year cycle.
        let z = days + 719_468
        let era = floorDiv(z, 146_097)
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }

    private static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}
