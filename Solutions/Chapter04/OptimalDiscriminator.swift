extension Chapter04 {
    /// Exercise 4.1: the optimal discriminator for a fixed generator.
    ///
    /// `pData[i]` and `pG[i]` are the probabilities (or densities) of the real data and of the generator
    /// at the same point xᵢ. For each point, V(D, G) contains the term `pData·log D + pG·log(1 − D)`,
    /// which is largest at `D*(xᵢ) = pData[i] / (pData[i] + pG[i])`. Return these values, one per point.
    /// Where both are 0 every D is optimal (the point never occurs): return 0.5 there.
    /// Both arrays have the same length.
    public static func optimalDiscriminator(pData: [Double], pG: [Double]) throws -> [Double] {
        zip(pData, pG).map { p, q in p + q == 0 ? 0.5 : p / (p + q) }
    }
}
