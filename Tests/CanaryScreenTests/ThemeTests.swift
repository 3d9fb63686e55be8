import Foundation
import Testing
@testable import CanaryScreen

@Suite struct ThemeTests {
    static let themesDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("themes")

    @Test func parsesRolesColoursAndAttributes() throws {
        let t = try Theme.parse("name = x\nbad = bold red on 52 # comment\n\ndim = 245\n", label: "x.theme")
        #expect(t.name == "x")
        #expect(t.style(.bad).bold)
        #expect(t.style(.bad).foreground == .indexed(1))
        #expect(t.style(.bad).background == .indexed(52))
        #expect(t.style(.dim).foreground == .indexed(245))
        #expect(t.style(.chart) == Theme.Style())   // unnamed roles fall back to normal
    }

    @Test(arguments: [
        ("bad = bold purple\n", "x.theme:1: \"purple\" is not a colour"),
        ("\n\nloud = red\n", "x.theme:3: unknown role \"loud\""),
        ("bad red\n", "x.theme:1: expected key = value"),
        ("bad = red green\n", "x.theme:1: two foreground colours"),
        ("bad = 256\n", "x.theme:1: \"256\" is not a colour"),
    ])
    func badFilesNameTheLine(text: String, fragment: String) {
        #expect {
            try Theme.parse(text, label: "x.theme")
        } throws: { error in
            "\(error)".hasPrefix(fragment) && !"\(error)".contains("\n")
        }
    }

    @Test func shippedThemesAllParse() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.themesDirectory.path).filter { $0.hasSuffix(".theme") }.sorted()
        #expect(files == ["default.theme", "high-contrast.theme", "light.theme"])
        for file in files {
            let text = try String(contentsOf: Self.themesDirectory.appendingPathComponent(file), encoding: .utf8)
            let theme = try Theme.parse(text, label: file)
            #expect(theme.name == String(file.dropLast(".theme".count)))
        }
        #expect(Theme.builtIn.style(.bad).bold)
    }

    @Test func colours256FallBackToTheNearestBasic16() {
        #expect(Theme.Color.indexed(196).basic16 == .indexed(9))    // bright red
        #expect(Theme.Color.indexed(28).basic16 == .indexed(2))     // dark green
        #expect(Theme.Color.indexed(245).basic16 == .indexed(8))    // grey
        #expect(Theme.Color.indexed(3).basic16 == .indexed(3))
        #expect(Theme.Color.terminalDefault.basic16 == .terminalDefault)
    }
}
