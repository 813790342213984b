import Foundation

/// On Ctrl-C, removes the temporary files of writes still in progress in a run's folder (a checkpoint
/// being saved leaves `.training-checkpoint.safetensors.….partial`), says where the run's files are, and exits.
enum InterruptCleanup {
    nonisolated(unsafe) private static var source: (any DispatchSourceSignal)?
    nonisolated(unsafe) private static var folder: URL?

    /// From now on, Ctrl-C cleans `folder` before the program ends.
    static func watch(_ url: URL) {
        folder = url
        guard source == nil else { return }
        signal(SIGINT, SIG_IGN)
        let signalSource = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        signalSource.setEventHandler {
            if let folder { OutputFolder.removeStaleTemporaryFiles(in: folder) }
            var message = "\nInterrupted. The files written so far are in \(folder?.path ?? "the output folder")."
            if let checkpoint = folder?.appendingPathComponent(TrainingSetup.checkpointName),
               FileManager.default.fileExists(atPath: checkpoint.path) {
                message += " Continue from the last complete checkpoint with --resume \(checkpoint.path)."
            }
            message += "\n"
            FileHandle.standardError.write(Data(message.utf8))
            // `_exit`, not `exit`: the training threads are still running, and `exit` would tear down
            // global state under their feet (seen as a crash instead of status 130).
            fflush(nil)
            _exit(130)
        }
        signalSource.resume()
        source = signalSource
    }
}
