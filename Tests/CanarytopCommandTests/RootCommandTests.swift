import Testing

@Suite struct RootCommandTests {
    @Test func helpListsTheProduct() throws {
        let r = try Canarytop.run(["--help"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("canary deployments"))
    }

    @Test func unknownSubcommandFailsWithOneLineError() throws {
        let r = try Canarytop.run(["frobnicate"])
        #expect(r.status != 0)
        #expect(r.stderr.contains("frobnicate"))
    }
}
