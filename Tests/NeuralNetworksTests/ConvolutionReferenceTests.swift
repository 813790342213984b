import NeuralNetworks
import TensorCore
import Testing

/// The im2col/GEMM convolutions against the textbook definitions, written as plain loops, over many
/// geometries: kernel 1–5, stride 1–3, padding up to the kernel size, odd and even sizes, with and
/// without bias. Each runs over images of 3 channels (patch rows per channel, `Convolution.swift`) and of 9
/// and 16 (channels-last patches, `ChannelsLastConvolution.swift`, which moves four channels at a time: 9 leaves
/// one over, 16 none). The PyTorch fixtures cover a few DCGAN shapes; these cover the corners (stride 3, padding
/// wider than the stride, rows long enough for the vectorised copies, output padding).
@Suite struct ConvolutionReferenceTests {
    struct Geometry: CustomStringConvertible, Sendable {
        let kernel: Int, stride: Int, padding: Int, height: Int, width: Int, bias: Bool
        /// Channels of the image side: the input of a convolution, the output of a transposed one.
        var channels = 3
        var description: String { "k\(kernel) s\(stride) p\(padding) \(height)×\(width)\(bias ? " bias" : ""), \(channels) channels" }
    }

    static let geometries: [Geometry] = shapes.flatMap { shape in
        [3, 9, 16].map { channels in
            var geometry = shape
            geometry.channels = channels
            return geometry
        }
    }

    private static let shapes: [Geometry] = [
        Geometry(kernel: 1, stride: 1, padding: 0, height: 5, width: 7, bias: true),
        Geometry(kernel: 3, stride: 1, padding: 1, height: 9, width: 18, bias: true),
        Geometry(kernel: 3, stride: 1, padding: 3, height: 4, width: 5, bias: false),
        Geometry(kernel: 4, stride: 2, padding: 1, height: 16, width: 34, bias: false),
        Geometry(kernel: 4, stride: 2, padding: 0, height: 7, width: 9, bias: true),
        Geometry(kernel: 3, stride: 2, padding: 2, height: 8, width: 11, bias: true),
        Geometry(kernel: 5, stride: 3, padding: 2, height: 10, width: 29, bias: true),
        Geometry(kernel: 2, stride: 3, padding: 1, height: 7, width: 8, bias: false),
        Geometry(kernel: 4, stride: 1, padding: 0, height: 4, width: 4, bias: false),
    ]

    /// `y[n, o, i, j] = b[o] + Σ x[n, c, i·s − p + u, j·s − p + v] · w[o, c, u, v]` over positions inside the image.
    static func directConv2d(_ x: Tensor, _ w: Tensor, _ b: Tensor?, stride s: Int, padding p: Int) -> [Double] {
        let (batch, channels, h, wd) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let (outC, k) = (w.shape[0], w.shape[2])
        let (oh, ow) = ((h + 2 * p - k) / s + 1, (wd + 2 * p - k) / s + 1)
        let xs = x.doubles, ws = w.doubles, bs = b?.doubles
        var y = [Double](repeating: 0, count: batch * outC * oh * ow)
        for n in 0..<batch { for o in 0..<outC { for i in 0..<oh { for j in 0..<ow {
            var total = bs?[o] ?? 0
            for c in 0..<channels { for u in 0..<k { for v in 0..<k {
                let (r, q) = (i * s - p + u, j * s - p + v)
                guard r >= 0, r < h, q >= 0, q < wd else { continue }
                total += xs[((n * channels + c) * h + r) * wd + q] * ws[((o * channels + c) * k + u) * k + v]
            } } }
            y[((n * outC + o) * oh + i) * ow + j] = total
        } } } }
        return y
    }

    /// Every input pixel `x[n, c, i, j]` adds `x · w[c, o, u, v]` to output pixel `(i·s − p + u, j·s − p + v)`.
    static func directConvTranspose2d(_ x: Tensor, _ w: Tensor, _ b: Tensor?, stride s: Int, padding p: Int,
                                      outputPadding: Int) -> [Double] {
        let (batch, channels, h, wd) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let (outC, k) = (w.shape[1], w.shape[2])
        let (oh, ow) = ((h - 1) * s - 2 * p + k + outputPadding, (wd - 1) * s - 2 * p + k + outputPadding)
        let xs = x.doubles, ws = w.doubles, bs = b?.doubles
        var y = [Double](repeating: 0, count: batch * outC * oh * ow)
        for n in 0..<batch { for o in 0..<outC { for r in 0..<oh { for q in 0..<ow { y[((n * outC + o) * oh + r) * ow + q] = bs?[o] ?? 0 } } } }
        for n in 0..<batch { for c in 0..<channels { for i in 0..<h { for j in 0..<wd {
            let value = xs[((n * channels + c) * h + i) * wd + j]
            for o in 0..<outC { for u in 0..<k { for v in 0..<k {
                let (r, q) = (i * s - p + u, j * s - p + v)
                guard r >= 0, r < oh, q >= 0, q < ow else { continue }
                y[((n * outC + o) * oh + r) * ow + q] += value * ws[((c * outC + o) * k + u) * k + v]
            } } }
        } } } }
        return y
    }

    static func largestDifference(_ a: [Double], _ b: [Double]) -> Double {
        zip(a, b).map { Swift.abs($0 - $1) }.max() ?? 0
    }

    @Test(arguments: geometries, [DType.float32, .float64])
    func conv2dMatchesTheDefinition(_ g: Geometry, _ dtype: DType) {
        var generator = SeededGenerator(seed: 11)
        let layer = Conv2d(g.channels, 4, kernelSize: g.kernel, stride: g.stride, padding: g.padding, bias: g.bias, dtype: dtype,
                           using: &generator)
        let x = Tensor.uniform([2, g.channels, g.height, g.width], low: -1, high: 1, dtype: dtype, using: &generator)
        let expected = Self.directConv2d(x, layer.weight, layer.bias, stride: g.stride, padding: g.padding)
        let y = layer(x)
        #expect(y.count == expected.count)
        #expect(Self.largestDifference(y.doubles, expected) < (dtype == .float32 ? 1e-5 : 1e-12), "\(g)")
    }

    @Test(arguments: geometries, [DType.float32, .float64])
    func convTranspose2dMatchesTheDefinition(_ g: Geometry, _ dtype: DType) {
        var generator = SeededGenerator(seed: 12)
        let outputPadding = g.stride > 1 ? g.stride - 1 : 0
        let layer = ConvTranspose2d(3, g.channels, kernelSize: g.kernel, stride: g.stride, padding: g.padding,
                                    outputPadding: outputPadding, bias: g.bias, dtype: dtype, using: &generator)
        let (h, w) = (Swift.max(1, g.height / g.stride), Swift.max(1, g.width / g.stride))
        guard (h - 1) * g.stride - 2 * g.padding + g.kernel + outputPadding > 0 else { return }
        let x = Tensor.uniform([2, 3, h, w], low: -1, high: 1, dtype: dtype, using: &generator)
        let expected = Self.directConvTranspose2d(x, layer.weight, layer.bias, stride: g.stride, padding: g.padding,
                                                  outputPadding: outputPadding)
        let y = layer(x)
        #expect(y.count == expected.count)
        #expect(Self.largestDifference(y.doubles, expected) < (dtype == .float32 ? 1e-5 : 1e-12), "\(g)")
    }

    /// The float32 backward pass (vectorised row copies) agrees with the float64 one (element by element)
    /// on the same weights and inputs; gradcheck holds the float64 one to finite differences.
    @Test(arguments: geometries, [false, true])
    func float32GradientsAgreeWithFloat64(_ g: Geometry, _ transposed: Bool) {
        var generator = SeededGenerator(seed: 13)
        func make(_ dtype: DType) -> Module {
            transposed
                ? ConvTranspose2d(4, g.channels, kernelSize: g.kernel, stride: g.stride, padding: g.padding, bias: g.bias,
                                  dtype: dtype, using: &generator)
                : Conv2d(g.channels, 4, kernelSize: g.kernel, stride: g.stride, padding: g.padding, bias: g.bias, dtype: dtype,
                         using: &generator)
        }
        let wide = make(.float64), narrow = make(.float32)
        for (target, source) in zip(narrow.parameters(), wide.parameters()) {
            for i in 0..<source.count { target.setElement(atFlat: i, source.element(atFlat: i)) }
        }
        // A transposed convolution's input has the size of the convolution's output.
        let (channels, h, w) = transposed
            ? (4, (g.height + 2 * g.padding - g.kernel) / g.stride + 1, (g.width + 2 * g.padding - g.kernel) / g.stride + 1)
            : (g.channels, g.height, g.width)
        guard h > 0 && w > 0 else { return }
        let x64 = Tensor.uniform([2, channels, h, w], low: -1, high: 1, dtype: .float64, using: &generator).requiringGrad()
        let x32 = withNoGrad { x64.to(.float32) }.requiringGrad()
        let y64 = wide(x64)
        let upstream = Tensor.uniform(y64.shape, low: -1, high: 1, dtype: .float64, using: &generator)
        (y64 * upstream).sum().backward()
        (narrow(x32) * upstream.to(.float32)).sum().backward()
        let pairs = [(x32, x64)] + zip(narrow.parameters(), wide.parameters()).map { ($0, $1) }
        for (a, b) in pairs {
            let scale = Swift.max(1, b.grad!.doubles.map(Swift.abs).max() ?? 0)
            #expect(Self.largestDifference(a.grad!.doubles, b.grad!.doubles) / scale < 1e-5, "\(g)")
        }
    }

    /// A batch large enough to be cut into several chunks per thread (each chunk's columns fit in about 512 KB; the
    /// threads sum their weight gradients separately and add them up at the end) gives, sample by sample, the
    /// outputs and input gradients of each sample run alone, and the sum of their weight gradients.
    /// Both layouts: 3 and 6 image channels take patch rows per channel, 16 and 12 channels-last patches.
    @Test(arguments: [false, true], [false, true])
    func chunkedBatchesMatchSampleBySample(_ transposed: Bool, _ channelsLast: Bool) {
        var generator = SeededGenerator(seed: 14)
        let layer: Module = transposed
            ? ConvTranspose2d(4, channelsLast ? 12 : 6, kernelSize: 4, stride: 2, padding: 1, dtype: .float64, using: &generator)
            : Conv2d(channelsLast ? 16 : 3, 4, kernelSize: 4, stride: 2, padding: 1, dtype: .float64, using: &generator)
        let (channels, side) = transposed ? (4, 24) : (channelsLast ? 16 : 3, 32)
        let batch = 11
        let x = Tensor.uniform([batch, channels, side, side], low: -1, high: 1, dtype: .float64, using: &generator)
            .requiringGrad()
        let y = layer(x)
        let upstream = Tensor.uniform(y.shape, low: -1, high: 1, dtype: .float64, using: &generator)
        (y * upstream).sum().backward()
        let batchWeightGrads = layer.parameters().map { $0.grad!.doubles }
        var summedWeightGrads = batchWeightGrads.map { [Double](repeating: 0, count: $0.count) }
        let sampleSize = x.count / batch, outSize = y.count / batch
        for n in 0..<batch {
            for p in layer.parameters() { p.grad = nil }
            let xn = Tensor(doubles: Array(x.doubles[(n * sampleSize)..<((n + 1) * sampleSize)]),
                            shape: [1, channels, side, side]).requiringGrad()
            let yn = layer(xn)
            let un = Tensor(doubles: Array(upstream.doubles[(n * outSize)..<((n + 1) * outSize)]), shape: yn.shape)
            (yn * un).sum().backward()
            #expect(Self.largestDifference(yn.doubles, Array(y.doubles[(n * outSize)..<((n + 1) * outSize)])) < 1e-12)
            #expect(Self.largestDifference(xn.grad!.doubles,
                                           Array(x.grad!.doubles[(n * sampleSize)..<((n + 1) * sampleSize)])) < 1e-12)
            for (i, p) in layer.parameters().enumerated() {
                for (j, value) in p.grad!.doubles.enumerated() { summedWeightGrads[i][j] += value }
            }
        }
        for (batchGrad, summed) in zip(batchWeightGrads, summedWeightGrads) {
            #expect(Self.largestDifference(batchGrad, summed) < 1e-10)
        }
    }
}
