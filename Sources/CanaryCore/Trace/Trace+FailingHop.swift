extension Trace {
    /// The entry where the trace broke: the first failing entry depth-first, followed down to the
    /// deepest failing entry beneath it — the root cause rather than the hops that only relayed it.
    ///
    /// In the workshop's canary reply, `web` (500) and `api-v1` (500, "Error processing upstream
    /// request") only pass the failure on; the answer is api-v1's `code: -1` call with
    /// "Client.Timeout exceeded". `nil` when nothing failed.
    public var failingHop: FailingHop? {
        guard root.containsFailure else { return nil }
        guard var current = Trace.firstFailing(under: root, path: [root.label], includingSelf: true) else {
            return nil
        }
        while let deeper = Trace.firstFailing(under: current.hop, path: current.path, includingSelf: false) {
            current = deeper
        }
        return FailingHop(path: current.path, code: current.hop.code, error: current.hop.error)
    }

    /// Pre-order search of `hop`'s subtree (iterative, so deep traces cannot exhaust the stack).
    /// Paths are kept as parent links and spelled out only for the hop found, keeping it linear.
    private static func firstFailing(
        under hop: Hop, path: [String], includingSelf: Bool
    ) -> (hop: Hop, path: [String])? {
        if includingSelf, hop.isFailing { return (hop, path) }
        var labels: [String] = []
        var parents: [Int] = []
        var stack: [(hop: Hop, node: Int)] = []
        func push(_ h: Hop, parent: Int) {
            labels.append(h.label)
            parents.append(parent)
            stack.append((h, labels.count - 1))
        }
        for call in hop.upstreamCalls.reversed() { push(call, parent: -1) }
        while let (next, node) = stack.popLast() {
            if next.isFailing {
                var suffix: [String] = []
                var n = node
                while n >= 0 {
                    suffix.append(labels[n])
                    n = parents[n]
                }
                return (next, path + suffix.reversed())
            }
            for call in next.upstreamCalls.reversed() { push(call, parent: node) }
        }
        return nil
    }
}

extension Hop {
    /// Whether this hop or any hop beneath it is failing. Iterative (a trace built in code may
    /// be arbitrarily deep) and allocating only when some call has calls of its own.
    var containsFailure: Bool {
        if isFailing { return true }
        var pending: [Hop] = []
        for call in upstreamCalls {
            if call.isFailing { return true }
            if !call.upstreamCalls.isEmpty { pending.append(call) }
        }
        while let hop = pending.popLast() {
            for call in hop.upstreamCalls {
                if call.isFailing { return true }
                if !call.upstreamCalls.isEmpty { pending.append(call) }
            }
        }
        return false
    }

    /// How the hop is named in a path: its `name`, else its upstream key, else its `uri`, else `?`.
    public var label: String { name ?? key ?? uri ?? "?" }
}
