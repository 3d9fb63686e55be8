import CLinuxEvents
#if canImport(Glibc)
import Glibc
#endif

/// The floor of `bench idle`: the least an open-loop prober can cost on this machine.
///
/// One thread, one epoll, one periodic timerfd at the rate, a pool of kept-alive plain-HTTP
/// connections carrying one request at a time (a new one only when all are busy): at each timer
/// expiry one request goes out on an idle connection; each reply is read until its
/// `Content-Length` is in, counted, and thrown away. Nothing is parsed beyond the head, decoded,
/// attributed, timed or tallied, and no event-loop library sits in between. What it costs is what
/// sleeping, waking, writing and reading cost here (on loopback our `write` also runs the
/// server's TCP receive and wakes it), so it is the figure every prober — canarytop, hey — is to
/// be read against.
struct FloorProber {
    var host = "127.0.0.1"
    var port: Int
    var path = "/"
    var rate: Double
    /// Pool limit; a send with every connection busy is skipped.
    var maxConnections = 64

    struct Counts: Sendable, Equatable {
        var sent = 0
        var replies = 0
        /// Connections that failed, closed under a request, or sent an unframed reply.
        var faults = 0
        var skipped = 0
        var connections = 0
    }

    private final class Connection {
        let fd: Int32
        var busy = false
        var bytes: [UInt8] = []
        init(fd: Int32) { self.fd = fd }
    }

    /// Probes until `until` (monotonic seconds) and returns what it did.
    func run(until end: Double) throws -> Counts {
        let events = epoll_create1(CLE_EPOLL_CLOEXEC)
        guard events >= 0 else { throw BenchError("floor prober: epoll_create1: errno \(errno)") }
        defer { close(events) }
        let timer = timerfd_create(CLOCK_MONOTONIC, CLE_TFD_CLOEXEC)
        guard timer >= 0 else { throw BenchError("floor prober: timerfd_create: errno \(errno)") }
        defer { close(timer) }
        let interval = 1 / rate
        var spec = itimerspec()
        spec.it_interval = timespec(tv_sec: Int(interval), tv_nsec: Int((interval - interval.rounded(.down)) * 1e9))
        spec.it_value = spec.it_interval
        guard timerfd_settime(timer, 0, &spec, nil) == 0 else { throw BenchError("floor prober: timerfd_settime: errno \(errno)") }
        try watch(timer, slot: UInt64.max, in: events)

        let request = Array("GET \(path) HTTP/1.1\r\nHost: \(host):\(port)\r\nUser-Agent: canarytop-floor\r\n\r\n".utf8)
        var pool: [Connection] = []
        var counts = Counts()
        defer { for connection in pool where connection.fd >= 0 { close(connection.fd) } }
        var ready = [epoll_event](repeating: epoll_event(), count: 16)
        var buffer = [UInt8](repeating: 0, count: 65_536)

        while CPUTime.monotonic() < end {
            let timeout = Int32(max(1, min(1000, ((end - CPUTime.monotonic()) * 1000).rounded(.up))))
            let n = epoll_wait(events, &ready, Int32(ready.count), timeout)
            if n < 0 {
                if errno == EINTR { continue }
                throw BenchError("floor prober: epoll_wait: errno \(errno)")
            }
            for event in ready.prefix(Int(n)) {
                let slot = event.data.u64
                if slot == UInt64.max {
                    var expirations: UInt64 = 0
                    guard read(timer, &expirations, 8) == 8 else { continue }
                    for _ in 0..<expirations { send(request, pool: &pool, counts: &counts, events: events) }
                    continue
                }
                let connection = pool[Int(slot)]
                let got = buffer.withUnsafeMutableBytes { read(connection.fd, $0.baseAddress, $0.count) }
                if got < 0, errno == EAGAIN || errno == EINTR { continue }
                guard got > 0 else {
                    if connection.busy { counts.faults += 1 }
                    drop(connection, at: Int(slot), pool: &pool, events: events)
                    continue
                }
                connection.bytes.append(contentsOf: buffer[0..<got])
                switch ReplyFraming.length(of: connection.bytes) {
                case .incomplete:
                    continue
                case .complete(let length) where length == connection.bytes.count && connection.busy:
                    counts.replies += 1
                    connection.busy = false
                    connection.bytes.removeAll(keepingCapacity: true)
                case .complete, .unframed:
                    counts.faults += 1
                    drop(connection, at: Int(slot), pool: &pool, events: events)
                }
            }
        }
        counts.connections = pool.count
        return counts
    }

    private func send(_ request: [UInt8], pool: inout [Connection], counts: inout Counts, events: Int32) {
        var connection = pool.first { $0.fd >= 0 && !$0.busy }
        if connection == nil {
            guard pool.count < maxConnections, let fd = connect() else {
                if pool.count < maxConnections { counts.faults += 1 } else { counts.skipped += 1 }
                return
            }
            let made = Connection(fd: fd)
            do { try watch(fd, slot: UInt64(pool.count), in: events) } catch {
                close(fd)
                counts.faults += 1
                return
            }
            pool.append(made)
            connection = made
        }
        guard let connection else { return }
        let written = request.withUnsafeBytes { write(connection.fd, $0.baseAddress, $0.count) }
        guard written == request.count else {
            counts.faults += 1
            if let index = pool.firstIndex(where: { $0 === connection }) { drop(connection, at: index, pool: &pool, events: events) }
            return
        }
        connection.busy = true
        counts.sent += 1
    }

    /// A connected, non-blocking TCP socket with Nagle off, or nil.
    private func connect() -> Int32? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue | SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return nil }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else {
            close(fd)
            return nil
        }
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        var one: Int32 = 1
        guard connected == 0, setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, 4) == 0,
            fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) == 0
        else {
            close(fd)
            return nil
        }
        return fd
    }

    private func watch(_ fd: Int32, slot: UInt64, in events: Int32) throws {
        var event = epoll_event()
        event.events = UInt32(CLE_EPOLLIN)
        event.data.u64 = slot
        guard epoll_ctl(events, EPOLL_CTL_ADD, fd, &event) == 0 else { throw BenchError("floor prober: epoll_ctl: errno \(errno)") }
    }

    /// Closes a connection; its slot stays (indices are the epoll keys), never reused.
    private func drop(_ connection: Connection, at index: Int, pool: inout [Connection], events: Int32) {
        guard connection.fd >= 0 else { return }
        _ = epoll_ctl(events, EPOLL_CTL_DEL, connection.fd, nil)
        close(connection.fd)
        pool[index] = Connection(fd: -1)
    }
}
