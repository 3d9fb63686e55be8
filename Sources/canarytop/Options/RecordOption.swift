import ArgumentParser
import Foundation

/// `--record FILE` of `watch`: where the recording goes, checked before anything starts.
struct RecordOption: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Record every reply, fault, epoch, splitter read, verdict, event and key to this new file (JSON lines; see docs/recording.md); replay it with canarytop replay.",
        valueName: "file"))
    var record: String?

    /// Refuses, in one line, a recording that could not be made or would clobber a file the
    /// watch uses: `others` are the watch's own files by flag (`--splitter`, …).
    func validate(others: [(flag: String, path: String?)]) throws {
        guard let record else { return }
        let url = URL(fileURLWithPath: record).standardizedFileURL
        for (flag, path) in others {
            guard let path else { continue }
            let other = URL(fileURLWithPath: path).standardizedFileURL
            if other.path == url.path || other.resolvingSymlinksInPath().path == url.resolvingSymlinksInPath().path {
                throw ValidationError("--record \(record): the same file as \(flag); record to a file of its own")
            }
        }
        let directory = url.deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ValidationError("--record \(record): the directory \(directory) does not exist")
        }
        if FileManager.default.fileExists(atPath: url.path) {
            throw ValidationError("--record \(record): the file exists; a recording never overwrites one (choose a new name)")
        }
        guard access(directory, W_OK) == 0 else {
            throw ValidationError("--record \(record): cannot create a file in \(directory) (\(String(cString: strerror(errno))))")
        }
    }
}
