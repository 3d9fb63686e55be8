import Testing
@testable import CanaryCore

/// The JSON body for `PUT /v1/config`.
@Suite struct SplitterJSONTests {
    @Test func rendersTheFullEntryInConsulsCasing() throws {
        let entry = try SplitterFixtures.document("headers.hcl").entry
        #expect(SplitterRewrite.renderJSON(entry) == """
            {
              "Kind": "service-splitter",
              "Name": "payments",
              "Splits": [
                {
                  "Weight": 60,
                  "ServiceSubset": "blue",
                  "RequestHeaders": {
                    "Set": {
                      "x-canary": "false"
                    }
                  }
                },
                {
                  "Weight": 40,
                  "ServiceSubset": "green",
                  "RequestHeaders": {
                    "Add": {
                      "x-canary": "true",
                      "x-web-server": "envoy"
                    },
                    "Remove": [
                      "x-debug",
                      "x-trace"
                    ]
                  },
                  "ResponseHeaders": {
                    "Set": {
                      "x-served-by": "green"
                    }
                  }
                }
              ]
            }

            """)
    }

    @Test func optionalFieldsAndEscaping() {
        let entry = SplitterEntry(name: "pay\"ments", namespace: "ns", partition: "pt", splits: [
            ServiceSplit(weight: w(33.34), service: "svc", serviceSubset: "a", namespace: "n2", partition: "p2",
                         requestHeaders: HeaderModifiers()),
            ServiceSplit(weight: w(66.66)),
        ], meta: [KeyValue("note", "line\none\u{1}")], createIndex: 1, modifyIndex: 2, unknownKeys: ["x"])
        #expect(SplitterRewrite.renderJSON(entry) == """
            {
              "Kind": "service-splitter",
              "Name": "pay\\"ments",
              "Namespace": "ns",
              "Partition": "pt",
              "Splits": [
                {
                  "Weight": 33.34,
                  "Service": "svc",
                  "ServiceSubset": "a",
                  "Namespace": "n2",
                  "Partition": "p2",
                  "RequestHeaders": {}
                },
                {
                  "Weight": 66.66
                }
              ],
              "Meta": {
                "note": "line\\none\\u0001"
              }
            }

            """)
    }

    @Test(arguments: SplitterFixtures.splitterNames)
    func renderedJSONReadsBackAsTheSameEntry(name: String) throws {
        var entry = try SplitterFixtures.document(name).entry
        let rendered = SplitterRewrite.renderJSON(entry)
        let reread = try SplitterDocument(text: rendered, label: "rendered", origin: .file)
        entry.createIndex = nil
        entry.modifyIndex = nil
        entry.unknownKeys = []
        #expect(reread.entry == entry)
        #expect(reread.format == .json)
    }

    @Test func rendersAResolverForTheStandIn() throws {
        let resolver = ResolverEntry(
            name: "payments", defaultSubset: "blue",
            subsets: [ResolverSubset(name: "blue", filter: "Service.Meta.version == 2"), ResolverSubset(name: "green", onlyPassing: true)],
            meta: [KeyValue("owner", "a"), KeyValue("owner", "b")])
        #expect(SplitterRewrite.renderJSON(resolver) == """
            {
              "Kind": "service-resolver",
              "Name": "payments",
              "DefaultSubset": "blue",
              "Subsets": {
                "blue": {
                  "Filter": "Service.Meta.version == 2"
                },
                "green": {
                  "OnlyPassing": true
                }
              },
              "Meta": {
                "owner": "b"
              }
            }

            """)
        // It reads back as the same resolver.
        let back = try ResolverEntry(text: SplitterRewrite.renderJSON(resolver), label: "r", origin: .apiReply)
        #expect(back.subsets == resolver.subsets && back.defaultSubset == "blue")
    }
}
