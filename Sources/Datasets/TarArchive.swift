import Foundation

/// Extracts ustar (POSIX tar) archives such as `cifar-10-binary.tar.gz`, refusing any entry
/// that would leave the target folder.
///
/// A tar file is a sequence of 512-byte blocks: each entry is a header block (name, octal size,
/// type, checksum, and for ustar a `prefix` for long names) followed by its data rounded up to
/// whole blocks; two zero blocks end the archive. Refused: absolute paths, any `..` component,
/// symbolic or hard links whose target resolves outside the folder.
public enum TarArchive {
    /// Extracts the archive at `url` (plain or `.gz`) into `folder` and returns the files written.
    @discardableResult
    public static func extract(archive url: URL, into folder: URL) throws -> [URL] {
        try extract(FileBytes.read(url), archivePath: url.path, into: folder)
    }

    /// Extracts an archive already in memory. `archivePath` names it in errors.
    @discardableResult
    public static func extract(_ bytes: [UInt8], archivePath: String, into folder: URL) throws -> [URL] {
        let entries = try parse(bytes, archivePath: archivePath)
        let fileManager = FileManager.default
        try fileManager.createDirectory(at: folder, withIntermediateDirectories: true)
        var written: [URL] = []
        for entry in entries {
            let target = folder.appendingPathComponent(entry.components.joined(separator: "/"))
            switch entry.kind {
            case .directory:
                try fileManager.createDirectory(at: target, withIntermediateDirectories: true)
            case .file(let range):
                try fileManager.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(bytes[range]).write(to: target)
                written.append(target)
            case .symlink(let destination):
                try fileManager.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                try? fileManager.removeItem(at: target)
                try fileManager.createSymbolicLink(atPath: target.path, withDestinationPath: destination)
            case .hardLink(let components):
                try fileManager.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                try? fileManager.removeItem(at: target)
                try fileManager.copyItem(at: folder.appendingPathComponent(components.joined(separator: "/")), to: target)
                written.append(target)
            }
        }
        return written
    }

    /// One entry to create, its path already checked to stay inside the folder.
    struct Entry {
        enum Kind {
            case directory
            case file(Range<Int>)
            case symlink(String)
            case hardLink([String])
        }
        let components: [String]
        let kind: Kind
    }

    /// Reads and checks every header before anything is written.
    static func parse(_ bytes: [UInt8], archivePath: String) throws -> [Entry] {
        var entries: [Entry] = []
        var offset = 0
        var longName: String?, longLink: String?
        while offset + 512 <= bytes.count {
            let header = Array(bytes[offset..<(offset + 512)])
            if header.allSatisfy({ $0 == 0 }) { return entries }
            try checkChecksum(header, at: offset, archivePath: archivePath)
            guard let size = octal(header, 124, 12) else {
                throw DatasetError(.corruptArchive, path: archivePath, expected: "an octal size in the header at byte \(offset)",
                                   found: "\"\(string(header, 124, 12))\"")
            }
            let dataStart = offset + 512
            guard size <= bytes.count - dataStart else {
                throw DatasetError(.truncatedFile, path: archivePath,
                                   expected: "\(size) bytes of data for \"\(string(header, 0, 100))\"",
                                   found: "\(bytes.count - dataStart) bytes left")
            }
            let data = dataStart..<(dataStart + size)
            offset = dataStart + (size + 511) / 512 * 512
            let type = header[156]
            switch type {
            case UInt8(ascii: "L"): longName = cString(bytes[data]); continue
            case UInt8(ascii: "K"): longLink = cString(bytes[data]); continue
            case UInt8(ascii: "x"):
                let records = paxRecords(bytes[data])
                longName = records["path"] ?? longName
                longLink = records["linkpath"] ?? longLink
                continue
            case UInt8(ascii: "g"): continue
            default: break
            }
            var name = string(header, 0, 100)
            let prefix = string(header, 345, 155)
            if string(header, 257, 5) == "ustar", !prefix.isEmpty { name = prefix + "/" + name }
            name = longName ?? name
            let link = longLink ?? string(header, 157, 100)
            longName = nil
            longLink = nil
            let components = try safeComponents(of: name, archivePath: archivePath)
            switch type {
            case 0, UInt8(ascii: "0"), UInt8(ascii: "7"):
                entries.append(Entry(components: components, kind: .file(data)))
            case UInt8(ascii: "5"):
                entries.append(Entry(components: components, kind: .directory))
            case UInt8(ascii: "2"):
                _ = try resolve(link, from: Array(components.dropLast()), entry: name, archivePath: archivePath)
                entries.append(Entry(components: components, kind: .symlink(link)))
            case UInt8(ascii: "1"):
                entries.append(Entry(components: components, kind: .hardLink(try resolve(link, from: [], entry: name, archivePath: archivePath))))
            default:
                continue  // devices and FIFOs: nothing a dataset needs
            }
        }
        throw DatasetError(.truncatedFile, path: archivePath, expected: "two zero blocks at the end of the archive",
                           found: "the data ends at byte \(bytes.count)")
    }

    /// The path's components, or an error for an absolute path or a `..` component.
    static func safeComponents(of path: String, archivePath: String) throws -> [String] {
        let components = path.split(separator: "/").map(String.init).filter { $0 != "." }
        guard !path.hasPrefix("/"), !components.contains(".."), !components.isEmpty else {
            throw DatasetError(.unsafeArchivePath, path: archivePath,
                               expected: "a relative path inside the target folder", found: "\"\(path)\"")
        }
        return components
    }

    /// Resolves a link target relative to `base`, or throws when it would point outside the folder.
    static func resolve(_ target: String, from base: [String], entry: String, archivePath: String) throws -> [String] {
        var stack = base
        var escapes = target.hasPrefix("/")
        for part in target.split(separator: "/") where part != "." {
            if part == ".." {
                if stack.isEmpty { escapes = true; break }
                stack.removeLast()
            } else {
                stack.append(String(part))
            }
        }
        guard !escapes else {
            throw DatasetError(.unsafeArchivePath, path: archivePath, expected: "links that stay inside the target folder",
                               found: "\"\(entry)\" pointing to \"\(target)\"")
        }
        return stack
    }

    private static func checkChecksum(_ header: [UInt8], at offset: Int, archivePath: String) throws {
        let stored = octal(header, 148, 8)
        var sum = 0
        for (i, byte) in header.enumerated() { sum += (148..<156).contains(i) ? 32 : Int(byte) }
        guard stored == sum else {
            throw DatasetError(.corruptArchive, path: archivePath, expected: "header checksum \(sum) at byte \(offset)",
                               found: stored.map(String.init) ?? "\"\(string(header, 148, 8))\"")
        }
    }

    private static func string(_ header: [UInt8], _ start: Int, _ length: Int) -> String {
        cString(header[start..<(start + length)])
    }

    private static func cString(_ bytes: ArraySlice<UInt8>) -> String {
        String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
    }

    private static func octal(_ header: [UInt8], _ start: Int, _ length: Int) -> Int? {
        let text = string(header, start, length).trimmingCharacters(in: CharacterSet(charactersIn: " \0"))
        guard !text.isEmpty, text.count <= 12, text.allSatisfy({ ("0"..."7").contains($0) }) else { return nil }
        return Int(text, radix: 8)
    }

    /// The `key=value` records of a pax extended header (`"<length> key=value\n"` each).
    private static func paxRecords(_ data: ArraySlice<UInt8>) -> [String: String] {
        var records: [String: String] = [:]
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            guard let space = line.firstIndex(of: " "), let equals = line.firstIndex(of: "=") else { continue }
            let key = line[line.index(after: space)..<equals]
            records[String(key)] = String(line[line.index(after: equals)...])
        }
        return records
    }
}
