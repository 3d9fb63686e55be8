/// Where a replay can seek to: each epoch's start and each verdict change, with the time and
/// the line it was recorded on — nothing else of the recording is kept, so the index of a
/// recording of ten million requests is a few marks.
///
/// Built as the replay reads (``add(_:)`` in file order); pure.
public struct ReplaySeekIndex: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case epoch, verdict
    }

    public struct Mark: Sendable, Equatable {
        public var kind: Kind
        public var time: Double
        /// The epoch that began (epoch marks), or the epoch in force (verdict marks).
        public var epoch: Int
        public var position: RecordingReader.Position
    }

    /// In file order; epoch 1 begins at time 0 without a line of its own.
    public private(set) var marks: [Mark] = [Mark(kind: .epoch, time: 0, epoch: 1, position: .init(line: 1, offset: 0))]
    /// Set once the whole file has been read: a seek past the last mark finds nothing more.
    public var complete = false

    public init() {}

    /// Notes `entry`, read at `position`, if it is a place to seek to.
    public mutating func add(_ entry: RecordingEntry, at position: RecordingReader.Position) {
        switch entry {
        case .epoch(let number, let t):
            marks.append(Mark(kind: .epoch, time: t, epoch: number, position: position))
        case .verdict(_, _, _, let t):
            marks.append(Mark(kind: .verdict, time: t, epoch: epoch(at: t), position: position))
        default:
            break
        }
    }

    /// The epoch in force at `time`.
    public func epoch(at time: Double) -> Int {
        marks.last { $0.kind == .epoch && $0.time <= time }?.epoch ?? 1
    }

    /// The next mark of `kind` after `time`, among those read so far.
    public func next(_ kind: Kind, after time: Double) -> Mark? {
        marks.first { $0.kind == kind && $0.time > time }
    }

    /// Going back from `time`: for epochs, the start of the epoch before the one in force (the
    /// first epoch's start when already in it); for verdicts, the latest change before `time`.
    public func previous(_ kind: Kind, before time: Double) -> Mark? {
        switch kind {
        case .epoch:
            let current = epoch(at: time)
            let starts = marks.filter { $0.kind == .epoch && $0.time <= time }
            return starts.last { $0.epoch < current } ?? starts.first
        case .verdict:
            return marks.last { $0.kind == .verdict && $0.time < time }
        }
    }
}
