import Foundation

/// Why a file or folder could not be written or read, in plain words ("you have no permission to write
/// there", "the disk is full") instead of the raw `NSCocoaErrorDomain Code=513` text Foundation gives.
public func plainWords(for error: any Error) -> String {
    if let code = posixCode(of: error) { return plainWords(forErrno: code) }
    if let cocoa = error as? CocoaError {
        switch cocoa.code {
        case .fileWriteNoPermission, .fileReadNoPermission: return "you have no permission to do that there"
        case .fileWriteOutOfSpace: return "the disk is full"
        case .fileWriteVolumeReadOnly: return "the disk is read-only"
        case .fileNoSuchFile, .fileReadNoSuchFile: return "no such file or folder"
        case .fileWriteFileExists: return "something is already there"
        default: break
        }
    }
    return String(describing: error)
}

/// Plain words for a POSIX error number, as `open(2)` or `mkdir(2)` set it.
public func plainWords(forErrno code: Int32) -> String {
    switch code {
    case EACCES, EPERM: "you have no permission to write there"
    case EROFS: "the disk is read-only"
    case ENOSPC, EDQUOT: "the disk is full"
    case ENOTDIR: "part of the path is a file, not a folder"
    case ENOENT: "a folder on the way does not exist"
    case EISDIR: "it is a folder, not a file"
    case EEXIST: "something is already there"
    case ENAMETOOLONG: "the name is too long"
    default: String(cString: strerror(code)).lowercased()
    }
}

/// The POSIX error number behind a Foundation error, when there is one.
private func posixCode(of error: any Error) -> Int32? {
    if let posix = error as? POSIXError { return posix.code.rawValue }
    let nsError = error as NSError
    if nsError.domain == NSPOSIXErrorDomain { return Int32(nsError.code) }
    if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? any Error { return posixCode(of: underlying) }
    return nil
}
