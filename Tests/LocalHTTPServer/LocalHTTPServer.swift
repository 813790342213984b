import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A tiny HTTP/1.1 server on 127.0.0.1 for the download tests (DatasetsTests, ChapterSupportTests), written with POSIX sockets.
///
/// It serves fixed routes, one connection at a time, and stops by itself after `lifetime`
/// seconds even if `stop()` is never called. It never talks to any other address.
public final class LocalHTTPServer: @unchecked Sendable {
    public struct Route {
        public var status = 200
        public var body: [UInt8] = []
        /// Close the connection after this many body bytes, although the header promised all of them.
        public var cutAfter: Int?

        public init(status: Int = 200, body: [UInt8] = [], cutAfter: Int? = nil) {
            self.status = status
            self.body = body
            self.cutAfter = cutAfter
        }
    }

    public let port: UInt16
    private let listener: Int32
    private let routes: [String: Route]
    private let lock = NSLock()
    private var stopped = false
    private var requested: [String] = []
    private let finished = DispatchSemaphore(value: 0)

    public init(routes: [String: Route], lifetime: TimeInterval = 30) throws {
        self.routes = routes
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EIO) }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(fd, pointer, length) == 0 && listen(fd, 8) == 0 && getsockname(fd, pointer, &length) == 0
            }
        }
        guard bound else { close(fd); throw POSIXError(.EADDRINUSE) }
        listener = fd
        port = UInt16(bigEndian: address.sin_port)
        let deadline = Date().addingTimeInterval(lifetime)
        Thread.detachNewThread { [self] in
            serve(until: deadline)
            finished.signal()
        }
    }

    /// The URL of `path` on this server.
    public func url(_ path: String) -> URL { URL(string: "http://127.0.0.1:\(port)\(path)")! }

    /// The paths requested so far, in order.
    public var requests: [String] { lock.withLock { requested } }

    /// Stops accepting and waits for the serving thread to end.
    public func stop() {
        lock.withLock { stopped = true }
        finished.wait()
        close(listener)
    }

    private func serve(until deadline: Date) {
        while Date() < deadline, !lock.withLock({ stopped }) {
            var poller = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 50) > 0 else { continue }
            let client = accept(listener, nil, nil)
            guard client >= 0 else { continue }
            handle(client)
            close(client)
        }
    }

    private func handle(_ client: Int32) {
        var timeout = timeval(tv_sec: 2, tv_usec: 0)
        setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var request = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while !String(decoding: request, as: UTF8.self).contains("\r\n\r\n"), request.count < 65_536 {
            let n = recv(client, &buffer, buffer.count, 0)
            guard n > 0 else { return }
            request += buffer[0..<n]
        }
        let requestLine = String(decoding: request, as: UTF8.self).split(separator: "\r\n").first ?? ""
        let path = requestLine.split(separator: " ").dropFirst().first.map(String.init) ?? "/"
        lock.withLock { requested.append(path) }
        let route = routes[path] ?? Route(status: 404, body: Array("not found".utf8))
        let reason = route.status == 200 ? "OK" : route.status == 404 ? "Not Found" : "Error"
        let header = "HTTP/1.1 \(route.status) \(reason)\r\nContent-Length: \(route.body.count)\r\n"
            + "Content-Type: application/octet-stream\r\nConnection: close\r\n\r\n"
        send(Array(header.utf8), to: client)
        let body = route.cutAfter.map { Array(route.body.prefix($0)) } ?? route.body
        // Send in chunks so the client sees progress.
        var offset = 0
        while offset < body.count {
            let end = min(offset + 16_384, body.count)
            guard send(Array(body[offset..<end]), to: client) else { return }
            offset = end
        }
    }

    @discardableResult
    private func send(_ bytes: [UInt8], to client: Int32) -> Bool {
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { Glibc.send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { return false }
            sent += n
        }
        return true
    }
}
