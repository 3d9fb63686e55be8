import Testing
@testable import ConsulStandIn

/// Consul filter expressions: parsing, checking selectors, and evaluating, without sockets.
@Suite struct FilterExpressionTests {
    static let blue = ServiceInstance(
        id: "payments-blue-1", service: "payments", tags: ["v2"], address: "10.42.0.10", port: 9090,
        meta: ["version": "2"])
    static let green = ServiceInstance(
        id: "payments-green-1", service: "payments", tags: ["v3", "canary"], address: "10.42.0.19", port: 9090,
        meta: ["version": "3", "track": "canary-x"], status: .critical)
    static let plain = ServiceInstance(id: "payments-old", service: "payments", port: 9090)

    /// The ids of the three instances the expression keeps.
    private func kept(_ expression: String) throws -> [String] {
        let filter = try FilterExpression(expression, shape: ServiceInstance.healthShape)
        return [Self.blue, Self.green, Self.plain].filter { filter.matches($0.filterField) }.map(\.id)
    }

    @Test func workshopSubsetFiltersSelectByVersion() throws {
        #expect(try kept("Service.Meta.version == 2") == ["payments-blue-1"])
        #expect(try kept("Service.Meta.version == 3") == ["payments-green-1"])
    }

    @Test func bareNumberQuotedAndBackQuotedValuesAreTheSameTest() throws {
        for expression in [#"Service.Meta.version == 2"#, #"Service.Meta.version == "2""#, "Service.Meta.version == `2`",
                           #"Service.Meta["version"] == 2"#, "Service.Meta[`version`] == \"2\""] {
            #expect(try kept(expression) == ["payments-blue-1"], "\(expression)")
        }
        // Compared as text on a string field: 2.0 is not 2.
        #expect(try kept("Service.Meta.version == 2.0") == [])
    }

    @Test func notEqualKeepsInstancesWithoutTheKey() throws {
        #expect(try kept("Service.Meta.version != 2") == ["payments-green-1", "payments-old"])
    }

    @Test func membershipOnTagsAndMapKeys() throws {
        #expect(try kept(#""v3" in Service.Tags"#) == ["payments-green-1"])
        #expect(try kept("v3 in Service.Tags") == ["payments-green-1"])
        #expect(try kept(#""v3" not in Service.Tags"#) == ["payments-blue-1", "payments-old"])
        #expect(try kept("Service.Tags contains canary") == ["payments-green-1"])
        #expect(try kept("Service.Tags not contains canary") == ["payments-blue-1", "payments-old"])
        #expect(try kept(#""track" in Service.Meta"#) == ["payments-green-1"])
    }

    @Test func emptinessMatchesAndIdentity() throws {
        #expect(try kept("Service.Tags is empty") == ["payments-old"])
        #expect(try kept("Service.Meta is not empty") == ["payments-blue-1", "payments-green-1"])
        // As in Consul, `matches` on an absent map key is true.
        #expect(try kept(#"Service.Meta.track matches "^canary-[a-z]+$""#).count == 3)
        #expect(try kept(#"Service.Meta.track matches "^canary-[a-z]+$" and "track" in Service.Meta"#) == ["payments-green-1"])
        #expect(try kept(#"Service.ID not matches "green""#) == ["payments-blue-1", "payments-old"])
        #expect(try kept(#"Service.ID == "payments-old""#) == ["payments-old"])
        #expect(try kept("Service.Service == payments and Node.Node == `canarytop-demo`").count == 3)
        #expect(try kept("Service.Port == 9090").count == 3)
        #expect(try kept(#""critical" in Checks.Status"#) == ["payments-green-1"])
    }

    @Test func booleanOperatorsAndParentheses() throws {
        #expect(try kept("Service.Meta.version == 2 or Service.Meta.version == 3") == ["payments-blue-1", "payments-green-1"])
        #expect(try kept("Service.Meta.version == 3 and v3 in Service.Tags") == ["payments-green-1"])
        #expect(try kept("not Service.Meta.version == 3") == ["payments-blue-1", "payments-old"])
        // `and` binds tighter than `or`.
        #expect(try kept("Service.Meta.version == 2 or Service.Meta.version == 3 and Service.Tags is empty") == ["payments-blue-1"])
        #expect(try kept("(Service.Meta.version == 2 or Service.Meta.version == 3) and not (v2 in Service.Tags)") == ["payments-green-1"])
    }

    @Test func emptyExpressionKeepsEverythingButWhitespaceDoesNotParse() throws {
        #expect(try kept("").count == 3)
        #expect(throws: FilterError.self) { try FilterExpression("   ", shape: ServiceInstance.healthShape) }
    }

    @Test func syntaxErrorsSayWhereInConsulsForm() {
        do {
            _ = try FilterExpression("Service.Meta.version = 2", shape: ServiceInstance.healthShape)
            Issue.record("expected an error")
        } catch {
            #expect(error.description.hasPrefix("Failed to create boolean expression evaluator: 1:22 (21): no match found, expected: "))
        }
        #expect(throws: FilterError.rule(line: 1, column: 26, offset: 25, rule: "number", message: "Invalid number literal")) {
            try FilterExpression("Service.Meta.version == 03", shape: ServiceInstance.healthShape)
        }
        for bad in ["Node==host-name", "Service.Meta.version ==", "(Service.ID == a", "Service.ID == a and", #""a" Service.Tags"#,
                    "Service.ID == \"open", "== 2", "Service.Meta[version] == 2", "Service.ID is full", "not(Service.ID == a)",
                    "(Service.ID == a)or(Service.ID == b)", "Service . ID == a", "Service.Meta [\"version\"] == 2",
                    #"Service.ID == "\q""#, "_x == 1"] {
            #expect(throws: FilterError.self, "\(bad)") { try FilterExpression.checkSyntax(bad) }
        }
    }

    @Test func selectorsOperatorsAndValuesAreCheckedAgainstTheShape() {
        #expect(throws: FilterError.invalidSelector("Service.Fooo")) {
            try FilterExpression("Service.Fooo == 2", shape: ServiceInstance.healthShape)
        }
        #expect(throws: FilterError.invalidOperator(operator: "Equal", selector: "Service.Tags")) {
            try FilterExpression("Service.Tags == v3", shape: ServiceInstance.healthShape)
        }
        #expect(throws: FilterError.coercion(value: "abc", selector: "Service.Port",
                                             reason: #"strconv.ParseInt: parsing "abc": invalid syntax"#)) {
            try FilterExpression("Service.Port == abc", shape: ServiceInstance.healthShape)
        }
        #expect(throws: FilterError.self) { try FilterExpression("Service.ID matches \"(\"", shape: ServiceInstance.healthShape) }
        #expect(FilterError.invalidSelector("Service.Fooo").description
            == #"Failed to create boolean expression evaluator: Selector "Service.Fooo" is not valid"#)
        // A resolver subset filter is only parsed.
        #expect(throws: Never.self) { try FilterExpression.checkSyntax("Service.Fooo matches \"(\"") }
    }

    @Test func goValuesAndSemantics() throws {
        #expect(try kept(#"Service.Port == "0x2382""#).count == 3)
        #expect(try kept("Service.Weights.Passing == 1").count == 3)
        #expect(try kept("Service.EnableTagOverride == 0").count == 3)
        #expect(try kept(#"Checks.Status != passing"#) == ["payments-green-1"])
        #expect(try kept(#"Checks.CheckID contains "serf""#).count == 3)
        #expect(try kept(#""" in Service.Meta.version"#) == ["payments-blue-1", "payments-green-1"])
        #expect(try kept(#"Service.Meta.version matches "x""#) == ["payments-old"])
        #expect(try kept(#"Service.ID == "payments-gr\x65en-1""#) == ["payments-green-1"])
        #expect(try kept(#"Service.ID == "payments-gr\145en-1""#) == ["payments-green-1"])
    }

    @Test func stringsCompareAsBytesNotAsCharacters() throws {
        let instance = ServiceInstance(id: "a", service: "s", port: 1, meta: ["k": "cafe\u{301}"])
        let composed = try FilterExpression("Service.Meta.k == \"caf\u{E9}\"", shape: ServiceInstance.healthShape)
        #expect(!composed.matches(instance.filterField))
        let decomposed = try FilterExpression(#"Service.Meta.k == "cafe\u0301""#, shape: ServiceInstance.healthShape)
        #expect(decomposed.matches(instance.filterField))
    }
}
