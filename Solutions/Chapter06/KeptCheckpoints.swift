extension Chapter06 {
    /// Exercise 6.3: which epochs' checkpoints `ModelCheckpoint(monitor:, mode:, saveTopK:)` keeps.
    ///
    /// After each epoch e (0, 1, 2, …) the monitored value is `scores[e]`. The rule, applied epoch by epoch:
    /// - `topK == -1`: every checkpoint is kept; `topK == 0`: none is.
    /// - Otherwise, if fewer than `topK` are kept, e is kept. If `topK` are kept, e is kept only when its score is
    ///   **strictly** better than the worst kept score (lower when `lowerIsBetter`, higher otherwise), and then the
    ///   worst kept checkpoint is deleted; of several equally bad, the one saved first goes.
    /// Return the kept epochs after the last one, in increasing order.
    public static func keptCheckpoints(scores: [Double], topK: Int, lowerIsBetter: Bool) throws -> [Int] {
        if topK == -1 { return Array(scores.indices) }
        if topK == 0 { return [] }
        func better(_ a: Double, _ b: Double) -> Bool { lowerIsBetter ? a < b : a > b }
        var kept: [Int] = []  // in the order saved
        for (epoch, score) in scores.enumerated() {
            if kept.count < topK {
                kept.append(epoch)
                continue
            }
            // The worst kept; of equals, the first saved.
            var worst = kept[0]
            for candidate in kept.dropFirst() where better(scores[worst], scores[candidate]) { worst = candidate }
            if better(score, scores[worst]) {
                kept.removeAll { $0 == worst }
                kept.append(epoch)
            }
        }
        return kept.sorted()
    }
}
