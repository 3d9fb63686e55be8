#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How many canary requests it takes to see a rate rise by a given amount.
///
/// The normal-approximation sample size for comparing two proportions one-sided (Fleiss), with
/// the stable group `ratio` times the canary's size and Fleiss's continuity correction, which
/// keeps it close to what Fisher's exact test needs:
///
///     n  = (z_α·√(p̄q̄(1 + 1/k)) + z_β·√(p₁q₁ + p₀q₀/k))² / δ²
///     n' = n/4 · (1 + √(1 + 2(k + 1)/(k·n·δ)))²
///
/// where p₀ is the stable's rate, p₁ = p₀ + δ, p̄ = (p₁ + k·p₀)/(1 + k), z_α = Φ⁻¹(1 − α) and
/// z_β = Φ⁻¹(power).
public enum SampleSize {
    /// Canary requests needed to detect a rise of `increase` (0…1) over `baseline` with
    /// one-sided significance `alpha` and the given `power`, when the stable has `ratio` times
    /// as many requests. `nil` when the rise cannot happen (baseline + increase above 1).
    public static func canaryRequests(
        baseline p0: Double, increase delta: Double, alpha: Double, power: Double, ratio k: Double
    ) -> Int? {
        precondition(alpha > 0 && alpha < 1 && power > 0 && power < 1, "alpha and power lie strictly between 0 and 1")
        guard delta > 0, k > 0, k.isFinite else { return nil }
        let base = min(max(p0, 0), 1)
        let p1 = base + delta
        guard p1 <= 1 else { return nil }
        let pooled = (p1 + k * base) / (1 + k)
        let zAlpha = NormalDistribution.quantile(1 - alpha)
        let zBeta = NormalDistribution.quantile(power)
        let root = zAlpha * (pooled * (1 - pooled) * (1 + 1 / k)).squareRoot()
            + zBeta * (p1 * (1 - p1) + base * (1 - base) / k).squareRoot()
        let n = root * root / (delta * delta)
        let corrected = n / 4 * pow(1 + (1 + 2 * (k + 1) / (k * n * delta)).squareRoot(), 2)
        return Int(corrected.rounded(.up))
    }
}
