/// What a generator's judged samples say, read between the two ends of the judge's scale: real images, and
/// the same generator before training.
public enum SampleVerdict: Equatable, Sendable {
    /// The samples are still nearer to what the generator made before training than to real images:
    /// too early to speak of coverage or of mode collapse.
    case untrained
    /// The samples look like data, but these classes each get under 2% of them.
    case collapsed(starvedClasses: [Int])
    /// The samples look like data and every class gets its share.
    case covering
}

extension SampleQuality {
    /// `untrained` when the images have not yet come half-way from `untrained` (the generator's samples before its
    /// first step) to `real` (held-out real images), measured in Fréchet distance, the square root of FID (FID is
    /// a squared distance); the class shares of a barely started generator's blobs say nothing about mode collapse.
    /// Otherwise collapsed or covering, by the class shares.
    public func verdict(real: SampleQuality, untrained: SampleQuality) -> SampleVerdict {
        let distance = frechetDistance.squareRoot()
        let halfWay = (real.frechetDistance.squareRoot() + untrained.frechetDistance.squareRoot()) / 2
        if distance > halfWay { return .untrained }
        return coverage.isCollapsed ? .collapsed(starvedClasses: coverage.starvedClasses) : .covering
    }
}
