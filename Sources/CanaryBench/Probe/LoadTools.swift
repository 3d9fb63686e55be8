import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The outside programs `bench probe` measures against: nginx as the target, hey and wrk as
/// the reference clients (all Debian packages: `apt-get install -y nginx hey wrk`).
enum LoadTools {
    /// An nginx serving one file on a loopback port, with keep-alive, until stopped.
    final class Nginx {
        let port: Int
        let url: String
        private let process: Process
        private let directory: String

        /// Starts `nginx` with `workers` worker processes serving `body` as `text/plain`.
        init(body: [UInt8], workers: Int) throws {
            directory = NSTemporaryDirectory() + "canarytop-bench-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
            try FileManager.default.createDirectory(atPath: directory + "/root", withIntermediateDirectories: true)
            try Data(body).write(to: URL(fileURLWithPath: directory + "/root/trace.json"))
            port = try LoadTools.freePort()
            url = "http://127.0.0.1:\(port)/trace.json"
            let config = """
                daemon off;
                worker_processes \(workers);
                pid \(directory)/nginx.pid;
                error_log \(directory)/error.log warn;
                events { worker_connections 1024; }
                http {
                    access_log off;
                    keepalive_timeout 75s;
                    keepalive_requests 100000000;
                    client_body_temp_path \(directory)/tmp;
                    proxy_temp_path \(directory)/tmp;
                    fastcgi_temp_path \(directory)/tmp;
                    uwsgi_temp_path \(directory)/tmp;
                    scgi_temp_path \(directory)/tmp;
                    server {
                        listen 127.0.0.1:\(port);
                        root \(directory)/root;
                        default_type "text/plain; charset=utf-8";
                        etag off;
                    }
                }
                """
            try config.write(toFile: directory + "/nginx.conf", atomically: true, encoding: .utf8)
            process = Process()
            process.executableURL = try LoadTools.find("nginx", in: ["/usr/sbin", "/usr/bin", "/usr/local/sbin"])
            process.arguments = ["-p", directory, "-c", directory + "/nginx.conf"]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            try LoadTools.waitForPort(port, seconds: 10)
        }

        func stop() {
            if process.isRunning {
                process.terminate()
                process.waitUntilExit()
            }
            try? FileManager.default.removeItem(atPath: directory)
        }
    }

    /// Runs `hey` for `requests` requests at `concurrency`; its Requests/sec figure.
    static func hey(url: String, requests: Int, concurrency: Int) throws -> Double {
        let output = try run("hey", ["-n", String(requests), "-c", String(concurrency), "-disable-compression", url])
        return try requestsPerSecond(in: output, tool: "hey")
    }

    /// What one `wrk` run did.
    struct WrkRun {
        /// Its Requests/sec figure.
        var rate: Double
        /// Requests it completed ("N requests in …").
        var requests: Int
        /// Its user + system CPU seconds.
        var cpu: Double
    }

    /// Runs `wrk` for `seconds` with `threads` threads and `connections` connections.
    static func wrk(url: String, seconds: Int, threads: Int, connections: Int) throws -> WrkRun {
        let before = CPUTime.children()
        let output = try run("wrk", ["-t", String(threads), "-c", String(connections), "-d", "\(seconds)s", url])
        let cpu = CPUTime.children() - before
        let requests = output.split(separator: "\n").lazy.compactMap { line -> Int? in
            let words = line.split(separator: " ")
            guard words.count >= 3, words[1] == "requests", words[2] == "in" else { return nil }
            return Int(words[0])
        }.first
        return WrkRun(rate: try requestsPerSecond(in: output, tool: "wrk"), requests: requests ?? 0, cpu: cpu)
    }

    /// The resident set size of this process in bytes (`VmRSS` of /proc/self/status).
    static func residentBytes() -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            let digits = line.dropFirst("VmRSS:".count).filter(\.isNumber)
            return Int(digits).map { $0 * 1024 }
        }
        return nil
    }

    static func requestsPerSecond(in output: String, tool: String) throws -> Double {
        for line in output.split(separator: "\n") {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("Requests/sec:"),
                let value = Double(trimmed.dropFirst("Requests/sec:".count).trimmingCharacters(in: .whitespaces)) {
                return value
            }
        }
        throw BenchError("\(tool) printed no Requests/sec figure:\n\(output.prefix(600))")
    }

    static func find(_ name: String, in extra: [String] = []) throws -> URL {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":").map(String.init) + extra {
            let candidate = dir + "/" + name
            if FileManager.default.isExecutableFile(atPath: candidate) { return URL(fileURLWithPath: candidate) }
        }
        throw BenchError("\(name) not found; install it with: apt-get install -y nginx hey wrk")
    }

    static func run(_ name: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = try find(name)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let output = String(decoding: data, as: UTF8.self)
        guard process.terminationStatus == 0 else {
            throw BenchError("\(name) failed (status \(process.terminationStatus)):\n\(output.prefix(600))")
        }
        return output
    }

    /// A loopback TCP port that was free a moment ago.
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw BenchError("socket() failed") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw -> Bool in
                bind(fd, raw, length) == 0 && getsockname(fd, raw, &length) == 0
            }
        }
        guard bound else { throw BenchError("cannot find a free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Waits until something accepts connections on the loopback `port`.
    static func waitForPort(_ port: Int, seconds: Double) throws {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            address.sin_port = UInt16(port).bigEndian
            let connected = withUnsafePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
                }
            }
            close(fd)
            if connected { return }
            usleep(20_000)
        }
        throw BenchError("nothing listens on 127.0.0.1:\(port) after \(seconds) s")
    }
}
