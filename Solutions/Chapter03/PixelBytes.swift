import TensorCore

extension Chapter03 {
    /// Exercise 3.3: the grid normalisation, from the generator's tanh range to 8-bit pixels.
    ///
    /// `images` holds values meant to lie in [−1, 1] (any shape; read them with `images.scalars`).
    /// Map −1 to 0 (black) and 1 to 255 (white): byte = round(((x + 1) / 2) · 255), rounding halves up
    /// (add 0.5, then truncate), after clamping x to [−1, 1]; NaN becomes 0. Return one byte per element,
    /// in the tensor's order.
    ///
    /// Pitfall this avoids: saving tanh outputs as if they were in [0, 1] turns every negative value black.
    public static func pixelBytes(_ images: Tensor) throws -> [UInt8] {
        images.scalars.map { x in
            guard !x.isNaN else { return 0 }
            let unit = (Double(Swift.min(Swift.max(x, -1), 1)) + 1) / 2
            return UInt8(Swift.min(255, unit * 255 + 0.5))
        }
    }
}
