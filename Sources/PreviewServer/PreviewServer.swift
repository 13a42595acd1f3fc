import Foundation
import Hummingbird
import Logging
import NIOCore

/// Serves a built site on loopback for `coursegen serve`: its files, with a small script in
/// every page that reloads it after each build (server-sent events from `/__coursegen/events`),
/// and over it the diagnostics when the latest build failed. Nothing outside the site folder is
/// ever served (`SiteFiles`).
public struct PreviewServer: Sendable {
    public let files: SiteFiles
    public let site: LiveSite
    public let port: Int

    /// - Parameters:
    ///   - siteFolder: The built site (the build's output folder).
    ///   - port: The port on 127.0.0.1; 0 takes a free one (tests).
    public init(siteFolder: URL, site: LiveSite, port: Int) {
        files = SiteFiles(root: siteFolder)
        self.site = site
        self.port = port
    }

    /// Runs until the task is cancelled; `onRunning` gets the port actually bound.
    public func run(onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        var logger = Logger(label: "coursegen-serve")
        logger.logLevel = .error
        let responder = CallbackResponder<BasicRequestContext> { request, _ in
            self.respond(to: request)
        }
        let app = Application(
            responder: responder,
            configuration: .init(address: .hostname("127.0.0.1", port: port), serverName: "coursegen"),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? port) },
            logger: logger)
        try await withTaskCancellationHandler {
            try await app.run()
        } onCancel: {
            site.close()
        }
    }

    func respond(to request: Request) -> Response {
        guard request.method == .get || request.method == .head else {
            return Self.text(.methodNotAllowed, "only GET and HEAD\n")
        }
        let path = request.uri.path
        if path == LiveSite.eventsPath { return events() }
        guard let file = files.file(for: path) else {
            if path == "/" || path == "/index.html" { return Self.html(site.placeholder()) }
            return Self.text(.notFound, "not found\n")
        }
        guard let data = FileManager.default.contents(atPath: file.path) else {
            return Self.text(.notFound, "not found\n")
        }
        let type = SiteFiles.contentType(of: file)
        if file.pathExtension.lowercased() == "html" {
            return Self.html(site.served(String(decoding: data, as: UTF8.self)))
        }
        var headers = HTTPFields()
        headers[.contentType] = type
        headers[.cacheControl] = "no-store"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// The generation now and after every build, as `data:` lines, until the client leaves.
    private func events() -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/event-stream"
        headers[.cacheControl] = "no-store"
        let stream = site.subscribe()
        return Response(status: .ok, headers: headers, body: ResponseBody { writer in
            for await generation in stream {
                try await writer.write(ByteBuffer(string: "data: \(generation)\n\n"))
            }
            try await writer.finish(nil)
        })
    }

    private static func html(_ page: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.cacheControl] = "no-store"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: page)))
    }

    private static func text(_ status: HTTPResponse.Status, _ text: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/plain; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
