/// `--use-exercises`: a chapter runs a piece of its work with the student's answer to an exercise
/// (from `Exercises/`) in place of its own, and says so, or says which exercise is still a stub.
public enum StudentCode {
    /// Decides whether the run uses the student's version of `piece` (exercise `exercise`, written in `file`).
    ///
    /// Only when `enabled`. `probe` calls the student's function on a small input and returns its largest
    /// difference from the chapter's own version; a stub (it throws `ExerciseNotDone`) or any other error
    /// keeps the chapter's version. A student's version that differs is still used (the run shows what it does),
    /// with a note. Prints one line either way.
    public static func use(exercise: String, piece: String, file: String, enabled: Bool, tolerance: Double = 1e-4,
                           probe: () throws -> Double) -> Bool {
        guard enabled else { return false }
        do {
            let difference = try probe()
            if difference.isNaN || difference > tolerance {
                print("Exercise \(exercise): using your \(piece) from \(file). Note: on a test input it is off by "
                      + "\(difference.isNaN ? "NaN" : difference.formatted(significantDigits: 3)); `swift run exercises` shows where.")
            } else {
                print("Exercise \(exercise): using your \(piece) from \(file).")
            }
            return true
        } catch where String(describing: type(of: error)) == "ExerciseNotDone" {
            print("Exercise \(exercise) is still a stub: the \(piece) is the chapter's own (write yours in \(file)).")
        } catch {
            print("Exercise \(exercise): your \(piece) threw \(error); the chapter's own is used.")
        }
        return false
    }
}
