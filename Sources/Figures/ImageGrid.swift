import Foundation
import TensorCore

/// Which tensor values become black and white when a tensor is turned into pixels.
///
/// Pitfall: a generator ending in `tanh` produces values in [-1, 1]. Saving them as if they were
/// in [0, 1] (torchvision's `save_image` without `normalize=True`) clamps every negative value to
/// black, so half the picture is lost and the samples look worse than they are. State the range:
/// `.minusOneToOne` for tanh outputs, `.zeroToOne` for sigmoid outputs and raw MNIST.
public enum ValueRange: Sendable, Equatable {
    /// `low` becomes 0 (black) and `high` 255 (white); values outside are clamped.
    case fixed(low: Float, high: Float)
    /// The smallest value in the whole batch becomes black and the largest white
    /// (torchvision's `normalize=True` without `value_range`).
    case minMax

    /// Values in [0, 1], e.g. sigmoid outputs or MNIST scaled by 1/255.
    public static let zeroToOne = ValueRange.fixed(low: 0, high: 1)
    /// Values in [-1, 1], e.g. tanh outputs.
    public static let minusOneToOne = ValueRange.fixed(low: -1, high: 1)
}

extension Image {
    /// A grid of images like torchvision's `make_grid`: `batch` is `[N, C, H, W]` (C = 1 or 3)
    /// or `[N, H, W]`; `nrow` images per row, `padding` pixels between and around them filled with
    /// brightness `padValue` (0 black … 1 white), then the whole grid enlarged `scale` times.
    ///
    /// The result has `C` channels and is `(rows·(H+padding)+padding)·scale` pixels tall, where
    /// rows = ⌈N / nrow⌉, and `(min(nrow, N)·(W+padding)+padding)·scale` wide.
    public static func grid(of batch: Tensor, valueRange: ValueRange, nrow: Int = 8, padding: Int = 2,
                            padValue: Float = 0, scale: Int = 1) -> Image {
        require(batch.rank == 4 || batch.rank == 3,
                     "Image.grid: expected a [N, C, H, W] or [N, H, W] tensor, got shape \(batch.shape)")
        let shape = batch.rank == 4 ? batch.shape : [batch.shape[0], 1, batch.shape[1], batch.shape[2]]
        let (n, c, h, w) = (shape[0], shape[1], shape[2], shape[3])
        require(c == 1 || c == 3, "Image.grid: expected 1 or 3 channels, got \(c) (shape \(batch.shape))")
        require(n >= 1 && nrow >= 1 && padding >= 0 && scale >= 1,
                     "Image.grid: need N ≥ 1, nrow ≥ 1, padding ≥ 0, scale ≥ 1 (N \(n), nrow \(nrow), padding \(padding), scale \(scale))")
        let columns = min(nrow, n), rows = (n + columns - 1) / columns
        let gridWidth = columns * (w + padding) + padding, gridHeight = rows * (h + padding) + padding
        var grid = Image(width: gridWidth, height: gridHeight, channels: c,
                         fill: [UInt8](repeating: byte(Double(padValue)), count: c))
        let (low, high) = bounds(of: batch, valueRange)
        let span = max(high - low, 1e-5)
        func copy<T: TensorScalar>(_: T.Type) {
            let src = batch.pointer(T.self)
            grid.pixels.withUnsafeMutableBufferPointer { dst in
                for k in 0..<n {
                    let left = (k % columns) * (w + padding) + padding, top = (k / columns) * (h + padding) + padding
                    for y in 0..<h {
                        for x in 0..<w {
                            for ch in 0..<c {
                                let v = Double(src[((k * c + ch) * h + y) * w + x])
                                dst[((top + y) * gridWidth + left + x) * c + ch] = byte((min(max(v, low), high) - low) / span)
                            }
                        }
                    }
                }
            }
        }
        switch batch.dtype {
        case .float32: copy(Float.self)
        case .float64: copy(Double.self)
        }
        return grid.upscaled(by: scale)
    }

    /// One image from a `[C, H, W]` (C = 1 or 3) or `[H, W]` tensor, enlarged `scale` times.
    public init(tensor: Tensor, valueRange: ValueRange, scale: Int = 1) {
        require(tensor.rank == 2 || tensor.rank == 3,
                     "Image(tensor:): expected a [C, H, W] or [H, W] tensor, got shape \(tensor.shape)")
        self = .grid(of: tensor.reshape([1] + (tensor.rank == 3 ? tensor.shape : [1] + tensor.shape)),
                     valueRange: valueRange, nrow: 1, padding: 0, scale: scale)
    }

    /// The values that map to black and white.
    private static func bounds(of batch: Tensor, _ range: ValueRange) -> (Double, Double) {
        switch range {
        case let .fixed(low, high): return (Double(low), Double(high))
        case .minMax:
            let finite = batch.doubles.filter(\.isFinite)
            return (finite.min() ?? 0, finite.max() ?? 1)
        }
    }

    /// A brightness in [0, 1] as a byte, rounded as torchvision's `save_image` does; NaN is black.
    @inline(__always)
    static func byte(_ v: Double) -> UInt8 {
        guard !v.isNaN else { return 0 }
        return UInt8(min(255, max(0, v * 255 + 0.5)))
    }
}

/// Saves `batch` as a PNG grid, like torchvision's `save_image` (see `Image.grid` for the arguments).
public func saveImageGrid(_ batch: Tensor, to url: URL, valueRange: ValueRange, nrow: Int = 8,
                          padding: Int = 2, padValue: Float = 0, scale: Int = 1) throws {
    try Image.grid(of: batch, valueRange: valueRange, nrow: nrow, padding: padding,
                   padValue: padValue, scale: scale).writePNG(to: url)
}
