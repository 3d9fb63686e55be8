/// A parsed tree written back as compact JSON.
extension ConfigNode {
    /// Compact JSON with members in written order and numbers exactly as written (for a JSON
    /// tree read from Kubernetes, the API server's own text): what a merge patch carries back.
    public var compactJSON: String {
        var out = ""
        write(to: &out, canonical: false)
        return out
    }

    /// Compact JSON with object keys sorted and numbers by value (`50`, `50.0` and `5e1` all
    /// `50`): two trees with the same canonical text mean the same JSON document.
    var canonicalJSON: String {
        var out = ""
        write(to: &out, canonical: true)
        return out
    }

    private func write(to out: inout String, canonical: Bool) {
        switch value {
        case .null: out += "null"
        case .bool(let flag): out += flag ? "true" : "false"
        case .string(let text): JSONValue.writeString(text, to: &out)
        case .number(let number):
            if !canonical {
                out += number.literal
            } else if let integer = number.integer {
                out += String(integer)
            } else {
                out += number.value == number.value.rounded() && abs(number.value) < 1e15
                    ? String(Int64(number.value)) : number.value.description
            }
        case .list(let elements):
            out += "["
            for (index, element) in elements.enumerated() {
                if index > 0 { out += "," }
                element.write(to: &out, canonical: canonical)
            }
            out += "]"
        case .object(let members):
            var written = members
            if canonical {
                // Last one wins for a repeated key, as every JSON reader here decodes it.
                var seen = Set<String>()
                written = members.reversed().filter { seen.insert($0.key).inserted }.sorted { $0.key < $1.key }
            }
            out += "{"
            for (index, member) in written.enumerated() {
                if index > 0 { out += "," }
                JSONValue.writeString(member.key, to: &out)
                out += ":"
                member.value.write(to: &out, canonical: canonical)
            }
            out += "}"
        }
    }
}
