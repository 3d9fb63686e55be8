import Testing
@testable import CanaryCore

/// The `--dry-run` diff.
@Suite struct LineDiffTests {
    @Test func workshopRollbackDiff() throws {
        let document = try SplitterFixtures.document("payments_splitter.hcl")
        let rewritten = try document.rewritten(to: [w(100), w(0)])
        #expect(LineDiff.unified(from: document.text, to: rewritten, oldLabel: "a/payments_splitter.hcl",
                                 newLabel: "b/payments_splitter.hcl") == """
            --- a/payments_splitter.hcl
            +++ b/payments_splitter.hcl
            @@ -3,11 +3,11 @@
             
             splits = [
               {
            -    weight = 50,
            +    weight = 100,
                 service_subset = "blue"
               },
               {
            -    weight = 50,
            +    weight = 0,
                 service_subset = "green"
               }
             ]

            """)
    }

    @Test func equalTextsHaveNoDiff() {
        #expect(LineDiff.unified(from: "a\nb\n", to: "a\nb\n", oldLabel: "x", newLabel: "y") == "")
        #expect(LineDiff.lines(from: "a\n", to: "a\n") == [.same("a")])
    }

    @Test func distantChangesMakeSeparateHunks() {
        let old = (1...20).map { "line \($0)\n" }.joined()
        let new = old.replacingOccurrences(of: "line 2\n", with: "line two\n").replacingOccurrences(of: "line 18\n", with: "")
        #expect(LineDiff.unified(from: old, to: new, oldLabel: "a", newLabel: "b", context: 1) == """
            --- a
            +++ b
            @@ -1,3 +1,3 @@
             line 1
            -line 2
            +line two
             line 3
            @@ -17,3 +17,2 @@
             line 17
            -line 18
             line 19

            """)
    }

    @Test func additionsAtTheStartOfAnEmptyText() {
        #expect(LineDiff.unified(from: "", to: "a\nb\n", oldLabel: "a", newLabel: "b") == "--- a\n+++ b\n@@ -0,0 +1,2 @@\n+a\n+b\n")
        #expect(LineDiff.unified(from: "a\n", to: "", oldLabel: "a", newLabel: "b") == "--- a\n+++ b\n@@ -1 +0,0 @@\n-a\n")
    }

    @Test func missingFinalNewlineIsMarked() {
        #expect(LineDiff.unified(from: "a\nb", to: "a\nc", oldLabel: "a", newLabel: "b")
                == "--- a\n+++ b\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+c\n\\ No newline at end of file\n")
        #expect(LineDiff.lines(from: "a", to: "a\n") == [.removed("a"), .added("a")])
    }

    @Test func crlfLinesAreShownWithoutCarriageReturns() throws {
        let document = try SplitterFixtures.document("crlf.hcl")
        let rewritten = try document.rewritten(to: [w(100), w(0)])
        let changed = LineDiff.lines(from: document.text, to: rewritten).filter { if case .same = $0 { false } else { true } }
        #expect(changed == [.removed("    Weight = 50"), .added("    Weight = 100"), .removed("    Weight = 50"), .added("    Weight = 0")])
    }

    @Test func insertedWeightShowsAsAnAddedLine() throws {
        let document = try SplitterFixtures.document("missing_weight.hcl")
        let rewritten = try document.rewritten(to: [w(70), w(30)])
        let changed = LineDiff.lines(from: document.text, to: rewritten).filter { if case .same = $0 { false } else { true } }
        #expect(changed == [.removed("    weight         = 100"), .added("    weight         = 70"), .added("    weight = 30")])
    }
}
