#if canImport(Glibc)
import CDispatch
import Glibc
#endif
import Foundation

/// A bare HTTP/1.1 client on loopback: sends the request target exactly as written (no `..`
/// folding, no re-encoding, unlike URLSession), so traversal attempts reach the server as an
/// attacker would send them. Every wait is bounded.
struct HTTPTestClient {
    let port: Int

    struct Reply {
        var status: Int
        var head: String
        var body: String
    }

    enum Failure: Error { case connect(Int32), timeout, closed }

    /// One request with `Connection: close`; reads until the server closes.
    func get(_ target: String, timeout: Double = 20) throws -> Reply {
        let connection = try Connection(port: port)
        defer { connection.close() }
        try connection.send("GET \(target) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        var data = Data()
        let deadline = Date().addingTimeInterval(timeout)
        while let chunk = try connection.receive(until: deadline) { data.append(chunk) }
        let text = String(decoding: data, as: UTF8.self)
        let parts = text.components(separatedBy: "\r\n\r\n")
        let head = parts.first ?? ""
        let status = head.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
        return Reply(status: status, head: head, body: parts.dropFirst().joined(separator: "\r\n\r\n"))
    }

    /// An open `text/event-stream` response; `next` returns each `data:` value in turn.
    final class Events {
        private let connection: Connection
        private var pending = ""

        init(port: Int) throws {
            connection = try Connection(port: port)
            try connection.send("GET /__coursegen/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n")
        }

        func next(timeout: Double = 30) throws -> String {
            let deadline = Date().addingTimeInterval(timeout)
            while true {
                if let match = pending.firstMatch(of: /data: ([^\n]*)\n\n/) {
                    let value = String(match.output.1)
                    pending = String(pending[match.range.upperBound...])
                    return value
                }
                guard let chunk = try connection.receive(until: deadline) else { throw Failure.closed }
                pending += String(decoding: chunk, as: UTF8.self)
            }
        }

        deinit { connection.close() }
    }

    func events() throws -> Events { try Events(port: port) }

    final class Connection {
        let socket: Int32

        init(port: Int) throws {
            socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let result = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            if result != 0 {
                let code = errno
                Glibc.close(socket)
                throw Failure.connect(code)
            }
        }

        func send(_ text: String) throws {
            let bytes = Array(text.utf8)
            var offset = 0
            while offset < bytes.count {
                let sent = bytes[offset...].withUnsafeBytes { Glibc.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                guard sent > 0 else { throw Failure.closed }
                offset += sent
            }
        }

        /// The next bytes, or nil when the server closed; throws past the deadline.
        func receive(until deadline: Date) throws -> Data? {
            var descriptor = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
            let remaining = Int32(max(0, deadline.timeIntervalSinceNow) * 1000)
            guard poll(&descriptor, 1, remaining) > 0 else { throw Failure.timeout }
            var buffer = [UInt8](repeating: 0, count: 65536)
            let count = recv(socket, &buffer, buffer.count, 0)
            guard count > 0 else { return nil }
            return Data(buffer[..<count])
        }

        func close() { Glibc.close(socket) }
    }
}
