import Testing
@testable import CanaryScreen

@Suite struct GridTests {
    @Test func putClipsToTheRowAndTheClipRect() {
        var g = Grid(width: 10, height: 2)
        let end = g.put("hello world", x: 2, y: 0)
        #expect(g.lines == ["  hello wo", ""])
        #expect(end == 10)
        g.put("abcdef", x: 0, y: 1, clip: Rect(x: 1, y: 1, width: 3, height: 1))
        #expect(g.line(1) == " bcd      ")
    }

    @Test func controlCharactersNeverEnterTheGrid() {
        var g = Grid(width: 12, height: 1)
        g.put("a\u{1B}[2Jb\u{07}", x: 0, y: 0)
        #expect(!g.cells.contains { $0.text.unicodeScalars.contains { $0.value < 0x20 } })
        #expect(g.lines[0] == "a\u{FFFD}[2Jb\u{FFFD}")
    }

    @Test func wideCharactersTakeTwoCells() {
        var g = Grid(width: 5, height: 1)
        g.put("日本x", x: 0, y: 0)
        #expect(g.line(0) == "日本x")
        #expect(g[1, 0].text == "")
        var h = Grid(width: 3, height: 1)
        h.put("日本", x: 0, y: 0)
        #expect(h.line(0) == "日 ")
    }

    @Test func zeroAndOneCellGridsNeverTrap() {
        var zero = Grid(width: 0, height: 0)
        zero.put("x", x: 0, y: 0)
        zero.fill(Rect(x: 0, y: 0, width: 5, height: 5))
        #expect(zero.lines.isEmpty)
        var one = Grid(width: 1, height: 1)
        one.put("xyz", x: -3, y: 0)
        one.put("xyz", x: 0, y: 5)
        #expect(one.lines == [""])
        one.put("q", x: 0, y: 0)
        #expect(one.lines == ["q"])
    }

    @Test func diffSendsOnlyChangedRuns() {
        var a = Grid(width: 8, height: 2)
        a.put("blue 50", x: 0, y: 0)
        var b = a
        b.put("blue 90", x: 0, y: 0)
        b.put("!", x: 7, y: 1, role: .bad)
        let runs = GridDiff.runs(from: a, to: b)
        #expect(runs == [
            GridDiff.Run(x: 5, y: 0, text: "9", role: .normal),
            GridDiff.Run(x: 7, y: 1, text: "!", role: .bad),
        ])
        #expect(GridDiff.runs(from: b, to: b).isEmpty)
        #expect(GridDiff.runs(from: nil, to: b).count == 3)
    }

    @Test func rectSplits() {
        let r = Rect(x: 0, y: 0, width: 80, height: 24)
        let (top, rest) = r.splitTop(3)
        #expect(top == Rect(x: 0, y: 0, width: 80, height: 3))
        #expect(rest == Rect(x: 0, y: 3, width: 80, height: 21))
        let (left, right) = r.splitLeft(50, gap: 1)
        #expect(left.width == 50 && right.x == 51 && right.width == 29)
        #expect(r.splitTop(100).1.isEmpty)
        #expect(Rect(x: 0, y: 0, width: 2, height: 2).inset(2).isEmpty)
    }
}
