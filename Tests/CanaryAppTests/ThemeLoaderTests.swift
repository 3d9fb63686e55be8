import CanaryScreen
import CanaryTesting
import Foundation
import Testing
@testable import CanaryApp

@Suite(.sharedMachine) struct ThemeLoaderTests {
    @Test func searchOrderAndChoice() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try FileManager.default.createDirectory(atPath: dir.file("xdg/canarytop/themes"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: dir.file("repo/themes"), withIntermediateDirectories: true)
        _ = try dir.write("xdg/canarytop/themes/mine.theme", "name = mine\nbad = red\n")
        _ = try dir.write("repo/themes/default.theme", "name = default\n")
        _ = try dir.write("repo/themes/broken.theme", "name = broken\nbad = sparkly\n")
        let loader = ThemeLoader(environment: ["XDG_CONFIG_HOME": dir.file("xdg")], executableDirectory: dir.file("bin"),
                                 currentDirectory: dir.file("repo"))
        let (themes, warnings) = loader.load(chosen: nil)
        #expect(themes.map(\.name) == ["default", "mine"])
        #expect(warnings.count == 1)
        #expect(warnings[0].hasPrefix(dir.file("repo/themes/broken.theme") + ":2:"))
        #expect(loader.load(chosen: "mine").themes.first?.name == "mine")
        let missing = loader.load(chosen: "nope")
        #expect(missing.themes.first?.name == "default")
        #expect(missing.warnings.last?.contains("theme \"nope\" not found") == true)
        let bad = loader.load(chosen: dir.file("repo/themes/broken.theme"))
        #expect(bad.themes.first?.name == "default")
        #expect(bad.warnings.last?.contains(":2: \"sparkly\" is not a colour") == true)
    }

    @Test func builtInWhenNothingIsFound() {
        let loader = ThemeLoader(environment: [:], executableDirectory: "/nonexistent", currentDirectory: "/nonexistent")
        #expect(loader.load(chosen: nil).themes == [Theme.builtIn])
    }
}
