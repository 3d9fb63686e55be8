import Testing
@testable import CanaryCore

@Suite struct IPRangeTests {
    @Test func exactIPv4() throws {
        let r = try #require(IPRange("10.42.0.19"))
        #expect(r.contains("10.42.0.19"))
        #expect(!r.contains("10.42.0.10"))
        #expect(r.description == "10.42.0.19")
    }

    @Test func cidrIPv4() throws {
        let r = try #require(IPRange("10.42.0.16/28"))
        #expect(r.contains("10.42.0.19"))
        #expect(r.contains("10.42.0.31"))
        #expect(!r.contains("10.42.0.10"))
        #expect(!r.contains("10.42.0.32"))
        #expect(r.description == "10.42.0.16/28")
        #expect(try #require(IPRange("10.42.0.19/24")).description == "10.42.0.0/24")
        #expect(try #require(IPRange("0.0.0.0/0")).contains("203.0.113.9"))
    }

    @Test func impossibleAddressesNeverMatch() throws {
        let all = try #require(IPRange("0.0.0.0/0"))
        #expect(!all.contains("123.234.456.210"))
        #expect(!all.contains(""))
        #expect(!all.contains("10.0.0"))
        #expect(!all.contains("10.0.0.1.2"))
        #expect(!all.contains("010.0.0.1x"))
    }

    @Test func ipv6AndMapped() throws {
        let r = try #require(IPRange("fd00::/8"))
        #expect(r.contains("fd12:3456::1"))
        #expect(!r.contains("fe80::1"))
        #expect(try #require(IPRange("::1")).contains("0:0:0:0:0:0:0:1"))
        #expect(try #require(IPRange("10.42.0.0/16")).contains("::ffff:10.42.3.4"))
        #expect(!r.contains("10.0.0.1"))
        #expect(try #require(IPRange("fe80::1%eth0")).contains("fe80::1"))
    }

    @Test(arguments: ["", "10.0.0.1/33", "10.0.0.1/-1", "10.0.0.1/+8", "300.1.1.1", "1::2::3", "abc", "10.0.0.1/", "::g"])
    func malformedIsRejected(text: String) {
        #expect(IPRange(text) == nil)
    }
}
