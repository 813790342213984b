extension Chapter05 {
    /// Exercise 5.3: the best discriminator for smoothed targets.
    ///
    /// D is trained with target `realTarget` (α) on real images and `fakeTarget` (β) on fakes. At a point where the
    /// data has density `pData` and the generator `pG`, D's expected binary cross-entropy is
    /// −pData·[α log D + (1 − α) log(1 − D)] − pG·[β log D + (1 − β) log(1 − D)].
    /// Return the D that minimises it, for each point. Where pData + pG == 0 return 0.5.
    public static func smoothedOptimalDiscriminator(pData: [Double], pG: [Double], realTarget: Double, fakeTarget: Double) throws -> [Double] {
        throw ExerciseNotDone("Exercise 5.3")
    }
}
