import CanaryScreen
import Foundation

/// Finds and reads themes: `--theme <file or name>`, then `$XDG_CONFIG_HOME/canarytop/themes`
/// (default `~/.config/canarytop/themes`), then the `themes/` folder shipped beside the
/// binary or in the source tree. A bad file gives a one-line warning naming its line and is
/// skipped; the built-in default is always there.
public struct ThemeLoader {
    public let environment: [String: String]
    /// Where the executable lives (its `themes/` siblings are searched).
    public let executableDirectory: String
    /// The current directory (a source checkout's `themes/`).
    public let currentDirectory: String

    public init(environment: [String: String], executableDirectory: String, currentDirectory: String) {
        self.environment = environment
        self.executableDirectory = executableDirectory
        self.currentDirectory = currentDirectory
    }

    /// Folders searched for `*.theme`, in order.
    public var searchPath: [String] {
        var dirs: [String] = []
        if let xdg = environment["XDG_CONFIG_HOME"], !xdg.isEmpty {
            dirs.append("\(xdg)/canarytop/themes")
        } else if let home = environment["HOME"], !home.isEmpty {
            dirs.append("\(home)/.config/canarytop/themes")
        }
        // Installed next to the binary (share/canarytop/themes) or run from a checkout's .build.
        var dir = executableDirectory
        for _ in 0..<5 {
            dirs.append("\(dir)/themes")
            dirs.append("\(dir)/share/canarytop/themes")
            dir = (dir as NSString).deletingLastPathComponent
        }
        dirs.append("\(currentDirectory)/themes")
        var seen = Set<String>()
        return dirs.filter { seen.insert($0).inserted }
    }

    /// The themes to cycle through with `t`: the chosen one first, then the others found.
    /// Returns warnings for files that could not be used.
    public func load(chosen: String?) -> (themes: [Theme], warnings: [String]) {
        var warnings: [String] = []
        var found: [Theme] = []
        var names = Set<String>()
        for dir in searchPath {
            guard let files = try? FileManager.default.contentsOfDirectory(atPath: dir) else { continue }
            for file in files.sorted() where file.hasSuffix(".theme") {
                let name = String(file.dropLast(6))
                guard !names.contains(name) else { continue }
                switch read("\(dir)/\(file)") {
                case .success(let theme):
                    names.insert(name)
                    found.append(theme)
                case .failure(let message):
                    warnings.append(message)
                }
            }
        }
        var themes = found.isEmpty ? [Theme.builtIn] : found
        if let index = themes.firstIndex(where: { $0.name == "default" }) {
            themes.insert(themes.remove(at: index), at: 0)
        }
        if let chosen {
            if chosen.contains("/") || chosen.hasSuffix(".theme") {
                switch read(chosen) {
                case .success(let theme):
                    themes.removeAll { $0.name == theme.name }
                    themes.insert(theme, at: 0)
                case .failure(let message):
                    warnings.append(message + "; using \(themes[0].name)")
                }
            } else if let index = themes.firstIndex(where: { $0.name == chosen }) {
                themes.insert(themes.remove(at: index), at: 0)
            } else {
                warnings.append("theme \"\(chosen)\" not found in \(searchPath.joined(separator: ", ")); using \(themes[0].name)")
            }
        }
        return (themes, warnings)
    }

    private enum ReadResult {
        case success(Theme)
        case failure(String)
    }

    private func read(_ path: String) -> ReadResult {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            return .failure("\(path): cannot read the theme file")
        }
        do {
            return .success(try Theme.parse(text, label: path))
        } catch {
            return .failure(error.description)
        }
    }
}
