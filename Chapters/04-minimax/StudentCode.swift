#if Solutions
import Solutions
let studentFolder = "Solutions"
#else
import Exercises
let studentFolder = "Exercises"
#endif
import ChapterSupport

/// With `--use-exercises`, the student's exercise 4.1 (the optimal discriminator D* = p / (p + q)) and 4.2
/// (the Jensen–Shannon divergence) in place of the chapter's own; nil where the chapter's own are used.
struct StudentPieces: Sendable {
    var optimalDiscriminator: (@Sendable ([Double], [Double]) -> [Double])?
    var jensenShannon: (@Sendable ([Double], [Double]) -> Double)?

    /// Tries each exercise on one small case with a known answer and prints which version the chapter uses.
    static func choose(useExercises: Bool) -> StudentPieces {
        var pieces = StudentPieces()
        // D* = p / (p + q) = (5/6, 3/5, 2/9); JSD = ½ Σ p log(p/m) + ½ Σ q log(q/m) with m = (p + q)/2 (computed in Python).
        let p = [0.5, 0.3, 0.2], q = [0.1, 0.2, 0.7]
        let optimum = [5.0 / 6, 3.0 / 5, 2.0 / 9], divergence = 0.1513581115717953
        if StudentCode.use(exercise: "4.1", piece: "optimal discriminator", file: "\(studentFolder)/Chapter04/OptimalDiscriminator.swift",
                           enabled: useExercises, probe: {
                               let mine = try Chapter04.optimalDiscriminator(pData: p, pG: q)
                               return mine.count == optimum.count ? zip(mine, optimum).map { abs($0 - $1) }.max() ?? 0 : .nan
                           }) {
            pieces.optimalDiscriminator = { p, q in exitOnError { try Chapter04.optimalDiscriminator(pData: p, pG: q) } }
        }
        if StudentCode.use(exercise: "4.2", piece: "Jensen–Shannon divergence", file: "\(studentFolder)/Chapter04/JensenShannon.swift",
                           enabled: useExercises, probe: { abs(try Chapter04.jensenShannonDivergence(p, q) - divergence) }) {
            pieces.jensenShannon = { p, q in exitOnError { try Chapter04.jensenShannonDivergence(p, q) } }
        }
        return pieces
    }
}
