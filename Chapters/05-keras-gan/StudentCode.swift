#if Solutions
import Solutions
let studentFolder = "Solutions"
#else
import Exercises
let studentFolder = "Exercises"
#endif
import ChapterSupport

/// The best discriminator for smoothed targets, D*(x) = (α·p_data + β·p_g) / (p_data + p_g): the chapter's own, or,
/// with `--use-exercises`, the student's exercise 5.3. Prints which.
func chooseSmoothedOptimum(useExercises: Bool) -> (_ pData: Double, _ pG: Double, _ realTarget: Double, _ fakeTarget: Double) -> Double {
    let own = optimalSmoothedDiscriminator
    let useStudent = StudentCode.use(exercise: "5.3", piece: "optimal discriminator for smoothed targets",
                                     file: "\(studentFolder)/Chapter05/SmoothedOptimum.swift", enabled: useExercises) {
        let theirs = try Chapter05.smoothedOptimalDiscriminator(pData: [1, 0.5, 0], pG: [0, 0.5, 1], realTarget: 0.9, fakeTarget: 0.1)
        return zip(theirs, [own(1, 0, 0.9, 0.1), own(0.5, 0.5, 0.9, 0.1), own(0, 1, 0.9, 0.1)]).map { abs($0 - $1) }.max() ?? .nan
    }
    guard useStudent else { return own }
    return { pData, pG, realTarget, fakeTarget in
        exitOnError { try Chapter05.smoothedOptimalDiscriminator(pData: [pData], pG: [pG], realTarget: realTarget, fakeTarget: fakeTarget)[0] }
    }
}
