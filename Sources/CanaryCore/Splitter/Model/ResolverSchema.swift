/// The resolver fields canarytop keeps nothing of (`Redirect`, `Failover`, `LoadBalancer`,
/// `PrioritizeByLocality`, the timeouts), checked the way `consul config write` decodes them
/// into Consul's api types: unknown keys are reported, and each value must convert weakly to
/// its Go type (`ConnectTimeout = "soon"` is refused, `ConnectTimeout = 15` is 15 ns).
indirect enum ResolverSchema: Sendable {
    case string, bool, integer, unsigned, duration
    /// A `[]string`: a list, or one value standing for a list of one.
    case strings
    /// A struct: canonical field → (aliases, type).
    case object([String: ([String], ResolverSchema)])
    /// A `map[string]T`.
    case map(ResolverSchema)
    /// A `[]T` of structs.
    case list(ResolverSchema)

    static let fields: [String: ResolverSchema] = [
        "Redirect": .object([
            "Service": ([], .string), "ServiceSubset": (["service_subset"], .string), "Namespace": ([], .string),
            "Partition": ([], .string), "Datacenter": ([], .string), "Peer": ([], .string),
            "SamenessGroup": (["sameness_group"], .string),
        ]),
        "Failover": .map(.object([
            "Service": ([], .string), "ServiceSubset": (["service_subset"], .string), "Namespace": ([], .string),
            "Datacenters": ([], .strings),
            "Targets": ([], .list(.object([
                "Service": ([], .string), "ServiceSubset": (["service_subset"], .string), "Partition": ([], .string),
                "Namespace": ([], .string), "Datacenter": ([], .string), "Peer": ([], .string),
            ]))),
            "Policy": ([], .object(["Mode": ([], .string), "Regions": ([], .strings)])),
            "SamenessGroup": (["sameness_group"], .string),
        ])),
        "ConnectTimeout": .duration, "RequestTimeout": .duration,
        "PrioritizeByLocality": .object(["Mode": ([], .string)]),
        "LoadBalancer": .object([
            "Policy": ([], .string),
            "RingHashConfig": (["ring_hash_config"], .object([
                "MinimumRingSize": (["minimum_ring_size"], .unsigned), "MaximumRingSize": (["maximum_ring_size"], .unsigned),
            ])),
            "LeastRequestConfig": (["least_request_config"], .object(["ChoiceCount": (["choice_count"], .unsigned)])),
            "HashPolicies": (["hash_policies"], .list(.object([
                "Field": ([], .string), "FieldValue": (["field_value"], .string), "SourceIP": (["source_ip"], .bool),
                "Terminal": ([], .bool),
                "CookieConfig": (["cookie_config"], .object([
                    "Session": ([], .bool), "TTL": ([], .duration), "Path": ([], .string),
                ])),
            ]))),
        ]),
    ]

    /// Checks `node` against this type; returns the unknown keys, named as Consul names them.
    func check(_ node: ConfigNode, path: String, label: String) throws(ConfigError) -> [String] {
        let value = unwrappedScalar(node)
        switch (self, value.value) {
        case (_, .null):
            return []
        case (.string, _):
            _ = try weakString(value, name: path, label: label)
            return []
        case (.bool, .bool), (.bool, .number), (.integer, .number), (.integer, .bool), (.unsigned, .bool),
             (.unsigned, .number), (.duration, .number), (.duration, .bool):
            // Weak decoding even wraps a negative number into an unsigned field.
            return []
        case (.bool, .string(let text)):
            guard text.isEmpty || GoScalarText.parseBool(text) != nil else { throw refuse(value, path, label, "a boolean") }
            return []
        case (.integer, .string(let text)), (.unsigned, .string(let text)):
            guard text.isEmpty || (try? GoScalarText.parseInt(Array(text.utf8)).get()) != nil else { throw refuse(value, path, label, "an integer") }
            return []
        case (.duration, .string(let text)):
            guard GoScalarText.isDuration(text) else { throw decodeError(label, value.range.start, "error decoding \(quoted(path)): time: invalid duration \(quoted(text))") }
            return []
        case (.strings, .list(let elements)):
            for element in elements { _ = try weakString(element, name: path, label: label) }
            return []
        case (.strings, _):
            _ = try weakString(value, name: path, label: label)
            return []
        case (.object(let fields), .object(let members)):
            return try checkObject(fields, members, path: path, label: label)
        case (.map(let element), .object(let members)):
            var unknown: [String] = []
            for member in members {
                let key = "\(path)[\(member.key)]"
                try Self.refuseRepeatedStruct(element, members.filter { $0.key == member.key }, path: key, label: label)
                unknown += try element.check(member.value, path: key, label: label)
            }
            return unknown
        case (.map, .list(let elements)):
            var unknown: [String] = []
            for element in elements { unknown += try check(element, path: path, label: label) }
            return unknown
        case (.list(let element), .list(let elements)):
            var unknown: [String] = []
            for (index, item) in elements.enumerated() { unknown += try element.check(item, path: "\(path)[\(index)]", label: label) }
            return unknown
        case (.list(let element), .object):
            return try element.check(value, path: "\(path)[0]", label: label)
        default:
            throw refuse(value, path, label, "another type")
        }
    }

    private func checkObject(_ fields: [String: ([String], ResolverSchema)], _ members: [ConfigMember],
                             path: String, label: String) throws(ConfigError) -> [String] {
        var unknown: [String] = []
        var seen: [String: String] = [:]
        for member in members {
            let lower = member.key.lowercased()
            let field = fields.first { $0.key.lowercased() == lower || $0.value.0.contains(lower) }
            let qualified = path.isEmpty ? member.key : "\(path).\(member.key)"
            guard let (name, (_, type)) = field, seen[name].map({ $0 == member.key }) ?? true else {
                unknown.append(qualified)
                continue
            }
            seen[name] = member.key
            let qualifiedName = path.isEmpty ? name : "\(path).\(name)"
            try Self.refuseRepeatedStruct(type, members.filter { $0.key == member.key }, path: qualifiedName, label: label)
            unknown += try type.check(member.value, path: qualifiedName, label: label)
        }
        return unknown
    }

    /// A struct written twice in one object (`Redirect { … } Redirect { … }`) reaches Consul's
    /// decoder as a list of two maps, which it refuses.
    static func refuseRepeatedStruct(_ type: ResolverSchema, _ members: [ConfigMember], path: String,
                                     label: String) throws(ConfigError) {
        guard case .object = type, members.filter({ $0.value.members != nil }).count > 1, let second = members.last else { return }
        throw decodeError(label, second.keyRange.start, "\(quoted(path)) is given twice (Consul expects one object, not a list)")
    }

    private func refuse(_ node: ConfigNode, _ path: String, _ label: String, _ wanted: String) -> ConfigError {
        decodeError(label, node.range.start, "expected \(wanted) for \(quoted(path)), found \(node.kindDescription)")
    }
}
