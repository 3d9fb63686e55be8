import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Reading a child's output with read(2), retrying on EINTR: Foundation's
/// `FileHandle.readDataToEndOfFile()` and `availableData` trap on EINTR, and a test process
/// that starts many children gets SIGCHLD often enough to hit it (it crashed a whole run).
public enum PipeReading {
    /// The next bytes from `fd` (empty at end of file).
    public static func chunk(_ fd: Int32, size: Int = 65536) -> Data {
        var buffer = [UInt8](repeating: 0, count: size)
        while true {
            let n = read(fd, &buffer, buffer.count)
            if n < 0 && errno == EINTR { continue }
            return n > 0 ? Data(buffer[0..<n]) : Data()
        }
    }

    /// Everything from `fd` until end of file.
    public static func all(_ fd: Int32) -> Data {
        var data = Data()
        while true {
            let next = chunk(fd)
            if next.isEmpty { return data }
            data.append(next)
        }
    }

    /// Everything from `fd` until end of file, or until `stop()` says so and nothing more is
    /// waiting (a grandchild that inherited the pipe may hold it open long after the child ended).
    static func all(_ fd: Int32, until stop: () -> Bool) -> Data {
        var data = Data()
        while true {
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, 100)
            if ready < 0 && errno == EINTR { continue }
            if ready == 0 {
                if stop() { return data }
                continue
            }
            let next = chunk(fd)
            if next.isEmpty { return data }
            data.append(next)
        }
    }
}
