import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// One HTTP GET streamed to a file, with progress, run synchronously.
///
/// URLSession calls the delegate methods one at a time on its own queue; the caller waits on
/// `finished` before reading the results.
final class HTTPFileFetch: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    private let url: URL
    private let output: FileHandle
    private let name: String
    private let onProgress: @Sendable (DownloadProgress) -> Void
    private let start = Date()
    private let finished = DispatchSemaphore(value: 0)
    private(set) var statusCode: Int?
    private(set) var expectedBytes: Int64?
    private(set) var receivedBytes: Int64 = 0
    private(set) var failure: Error?

    private init(url: URL, output: FileHandle, name: String, onProgress: @escaping @Sendable (DownloadProgress) -> Void) {
        self.url = url
        self.output = output
        self.name = name
        self.onProgress = onProgress
    }

    /// Downloads `url` into the file `destination` (created or emptied) and checks the HTTP status
    /// and, when the server announced one, the length. Throws a `DatasetError` on failure.
    static func fetch(_ url: URL, to destination: URL, name: String, timeout: TimeInterval,
                      onProgress: @escaping @Sendable (DownloadProgress) -> Void) throws {
        guard FileManager.default.createFile(atPath: destination.path, contents: nil) else {
            throw DatasetError(.unreadableFile, path: destination.path, expected: "a writable folder", found: "cannot create the file")
        }
        let output = try FileHandle(forWritingTo: destination)
        defer { try? output.close() }
        let fetch = HTTPFileFetch(url: url, output: output, name: name, onProgress: onProgress)
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        let session = URLSession(configuration: configuration, delegate: fetch, delegateQueue: nil)
        session.dataTask(with: url).resume()
        fetch.finished.wait()
        session.finishTasksAndInvalidate()
        try fetch.check()
    }

    private func check() throws {
        if let statusCode, statusCode != 200 {
            throw DatasetError(.httpStatus, path: url.absoluteString, expected: "HTTP status 200", found: "HTTP status \(statusCode)")
        }
        if let expectedBytes, receivedBytes != expectedBytes {
            throw DatasetError(.incompleteDownload, path: url.absoluteString, expected: "\(expectedBytes) bytes",
                               found: "\(receivedBytes) bytes before the connection closed")
        }
        if let failure {
            throw DatasetError(.connectionFailed, path: url.absoluteString, expected: "a response",
                               found: failure.localizedDescription)
        }
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
                    completionHandler: @escaping (URLSession.ResponseDisposition) -> Void) {
        statusCode = (response as? HTTPURLResponse)?.statusCode
        expectedBytes = response.expectedContentLength >= 0 ? response.expectedContentLength : nil
        completionHandler(statusCode == 200 ? .allow : .cancel)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        do {
            try output.write(contentsOf: data)
            receivedBytes += Int64(data.count)
            report(finished: false)
        } catch {
            failure = error
            dataTask.cancel()
        }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: Error?) {
        if failure == nil { failure = error }
        if statusCode == 200 { report(finished: true) }
        finished.signal()
    }

    private func report(finished: Bool) {
        onProgress(DownloadProgress(file: name, receivedBytes: receivedBytes, totalBytes: expectedBytes,
                                    elapsed: Date().timeIntervalSince(start), finished: finished))
    }
}
