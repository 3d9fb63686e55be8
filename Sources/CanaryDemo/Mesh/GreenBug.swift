/// What is wrong with the canary (`payments` v3, subset green) in the demo.
public enum GreenBug: String, Sendable, CaseIterable {
    /// The workshop's bug: green's calls to `currency` never get an answer (its new HTTP client
    /// library hangs), so each times out after green's client timeout (5 s) and green answers
    /// 500 with the nested `code: -1` `Client.Timeout exceeded` entry.
    case timeout
    /// Green fails requests as fake-service's `ERROR_RATE` injects them: every `Int(1/rate)`-th
    /// answers 500 `Service error automatically injected` at once (rate 0.5 unless given).
    case errors
    /// Green answers 200, but slowly (its timing knobs set to the given delay and above).
    case slow
    /// Green behaves as blue does.
    case none
}
