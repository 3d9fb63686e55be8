import Testing

@Suite struct RootCommandTests {
    @Test func helpListsTheProduct() async throws {
        let r = try await Canarytop.runAsync(["--help"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("canary deployments"))
    }

    @Test func unknownSubcommandFailsWithOneLineError() async throws {
        let r = try await Canarytop.runAsync(["frobnicate"])
        #expect(r.status != 0)
        #expect(r.stderr.contains("frobnicate"))
    }
}
