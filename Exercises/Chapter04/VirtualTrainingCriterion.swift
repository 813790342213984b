import Foundation

extension Chapter04 {
    /// Exercise 4.5: the virtual training criterion C(G) = max_D V(D, G) for discrete distributions.
    ///
    /// Put the optimal discriminator D*ᵢ = pData[i] / (pData[i] + pG[i]) into the value function:
    ///
    ///     C(G) = Σᵢ pData[i]·log D*ᵢ + Σᵢ pG[i]·log(1 − D*ᵢ)
    ///
    /// Terms whose probability is 0 contribute 0 (the point never occurs), even where the log would be −∞.
    /// The check compares your C(G) with −log 4 + 2·JSD(pData ‖ pG), the identity the chapter derives.
    public static func virtualTrainingCriterion(pData: [Double], pG: [Double]) throws -> Double {
        throw ExerciseNotDone("Exercise 4.5")
    }
}
