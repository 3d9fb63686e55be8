import NIOPosix

/// Runs `body` on an event loop group of its own and shuts the group down once `body` has
/// finished — after it, never beside it. A group shut down while something on it still works
/// (a server's close, a connection's last write) drops those tasks, and a dropped task's promise
/// is fatal in a debug build ("leaking promise"): so servers on the group are shut down inside
/// `body`, before this returns, by ``withServer(_:_:)`` or by hand.
public func withOwnEventLoops<T: Sendable>(
    threads: Int, _ body: (MultiThreadedEventLoopGroup) async throws -> T
) async throws -> T {
    let group = MultiThreadedEventLoopGroup(numberOfThreads: threads)
    let result: Result<T, any Error>
    do {
        result = .success(try await body(group))
    } catch {
        result = .failure(error)
    }
    try? await group.shutdownGracefully()
    return try result.get()
}

/// Something with an orderly, awaited shutdown (a test server).
public protocol ShutsDown: Sendable {
    func shutdown() async
}

/// Runs `body` with `server` and shuts the server down once `body` has finished, whether it
/// returned or threw.
public func withServer<S: ShutsDown, T: Sendable>(_ server: S, _ body: (S) async throws -> T) async throws -> T {
    let result: Result<T, any Error>
    do {
        result = .success(try await body(server))
    } catch {
        result = .failure(error)
    }
    await server.shutdown()
    return try result.get()
}

extension HostileServer: ShutsDown {}
