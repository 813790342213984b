import TensorCore

// Convolution arithmetic: the im2col / col2im kernels, and the two differentiable operations
// (`conv2d`, `convTranspose2d`) that `Conv2d` and `ConvTranspose2d` call.
//
// im2col / col2im are the data movement that turns a convolution into one matrix product.
//
// A convolution of a [C, H, W] image with k×k kernels reads, for every output position, a
// C·k·k patch. im2col writes these patches as the columns of a [C·k·k, outH·outW] matrix, so the
// convolution becomes weight [O, C·k·k] × columns. col2im is its transpose: it adds every column
// back onto the patch it came from (overlapping patches add up). That is the backward pass of
// im2col, and it is also the forward pass of a transposed convolution.
//
// The generic kernels and the code that calls them share this file on purpose: a debug build compiles
// file by file and can only specialise a generic kernel for `Float` where it sees both. Each of the
// `computeThreads` threads takes its own part of the batch through im2col, GEMM and col2im (`BatchSplit`).
// Images with many channels take the channels-last path of `ChannelsLastConvolution.swift` instead. The helpers
// that path shares with this file (`gatherChannels`, `scatterChannels`, `channelSums`, `addPartialSums`) carry
// `@_specialize`, which compiles their `Float` and `Double` versions here for callers in other files.

/// Sizes of a square-kernel 2-D convolution over one image.
struct ConvGeometry {
    let channels: Int, height: Int, width: Int
    let kernel: Int, stride: Int, padding: Int
    let outHeight: Int, outWidth: Int

    /// Rows of the column matrix: one per (channel, kernel row, kernel column).
    var patchSize: Int { channels * kernel * kernel }
    /// Columns of the column matrix for one image: one per output position.
    var positions: Int { outHeight * outWidth }
    var imageSize: Int { channels * height * width }

    /// Length of one phase of an image row: phase `r` holds the row's columns `r, r + stride, r + 2·stride, …`.
    var phaseWidth: Int { (width + stride - 1) / stride }
    /// Zeros before a phase, for the patch columns that fall into the left padding.
    var phasePadLeft: Int { (padding + stride - 1) / stride }
    /// A phase with zeros on both sides, long enough that every patch column reads (or writes) inside it.
    var paddedPhaseWidth: Int {
        let lastShift = floorDivide(kernel - 1 - padding, stride)
        return phasePadLeft + Swift.max(phaseWidth, outWidth + lastShift)
    }
    /// Scratch elements per image for its phase-split copy: `[C, H, stride, paddedPhaseWidth]`.
    var phaseScratchSize: Int { channels * height * stride * paddedPhaseWidth }

    /// Where patch column `kj` starts within a padded phase-split row: phase `offset mod stride`,
    /// shifted by `⌊offset / stride⌋`, with `offset = kj − padding`.
    func phaseShift(kernelColumn kj: Int) -> Int {
        let offset = kj - padding
        let r = ((offset % stride) + stride) % stride
        return r * paddedPhaseWidth + phasePadLeft + floorDivide(offset, stride)
    }
}

/// ⌊a / b⌋ for positive `b`, also for negative `a`.
private func floorDivide(_ a: Int, _ b: Int) -> Int { a >= 0 ? a / b : -((-a + b - 1) / b) }

// A convolution with stride s reads every s-th input column: a gather that does not vectorise. So each
// image row is first split into its s phases, each with zeros around it for the padding
// (`[C, H, stride, paddedPhaseWidth]`). Input column `ow · s + offset` is then element `ow + ⌊offset / s⌋`
// of phase `offset mod s`, and every row of the column matrix is one contiguous, full-length copy:
// the zeros supply the padding. col2im accumulates into zeroed phases the same way and interleaves the
// phases back at the end, dropping what fell on the padding.

/// `dst[0 ..< count] += src[0 ..< count]`, eight floats at a time, then four. The rows here are short (often 8 to 32
/// elements), too short for the compiler's own vectorised loops, which then run one element at a time.
@inline(__always)
private func addRow<T: TensorScalar>(_ dst: UnsafeMutablePointer<T>, _ src: UnsafePointer<T>, count: Int) {
    var j = 0
    if T.self == Float.self {
        let d = UnsafeMutableRawPointer(dst), s = UnsafeRawPointer(src)
        while j + 8 <= count {
            let sum = d.loadUnaligned(fromByteOffset: 4 * j, as: SIMD8<Float>.self)
                + s.loadUnaligned(fromByteOffset: 4 * j, as: SIMD8<Float>.self)
            d.storeBytes(of: sum, toByteOffset: 4 * j, as: SIMD8<Float>.self)
            j += 8
        }
        if j + 4 <= count {
            let sum = d.loadUnaligned(fromByteOffset: 4 * j, as: SIMD4<Float>.self)
                + s.loadUnaligned(fromByteOffset: 4 * j, as: SIMD4<Float>.self)
            d.storeBytes(of: sum, toByteOffset: 4 * j, as: SIMD4<Float>.self)
            j += 4
        }
    }
    while j < count { dst[j] += src[j]; j += 1 }
}

/// `dst[0 ..< count] = src[0 ..< count]`, eight floats at a time, then four (see `addRow`).
@inline(__always)
private func copyRow<T: TensorScalar>(_ dst: UnsafeMutablePointer<T>, _ src: UnsafePointer<T>, count: Int) {
    var j = 0
    if T.self == Float.self {
        let d = UnsafeMutableRawPointer(dst), s = UnsafeRawPointer(src)
        while j + 8 <= count {
            d.storeBytes(of: s.loadUnaligned(fromByteOffset: 4 * j, as: SIMD8<Float>.self), toByteOffset: 4 * j, as: SIMD8<Float>.self)
            j += 8
        }
        if j + 4 <= count {
            d.storeBytes(of: s.loadUnaligned(fromByteOffset: 4 * j, as: SIMD4<Float>.self), toByteOffset: 4 * j, as: SIMD4<Float>.self)
            j += 4
        }
    }
    while j < count { dst[j] = src[j]; j += 1 }
}

/// `dst[0 ..< 8·⌈count/8⌉] = src[…]`: whole groups of eight floats, so up to seven elements past `count` are read
/// and written too. Only for a row that later rows of the same block overwrite, from a source with slack after it.
@inline(__always)
private func copyWideRow<T: TensorScalar>(_ dst: UnsafeMutablePointer<T>, _ src: UnsafePointer<T>, count: Int) {
    let d = UnsafeMutableRawPointer(dst), s = UnsafeRawPointer(src)
    var j = 0
    while j < count {
        d.storeBytes(of: s.loadUnaligned(fromByteOffset: 4 * j, as: SIMD8<Float>.self), toByteOffset: 4 * j, as: SIMD8<Float>.self)
        j += 8
    }
}

/// Writes `image` split into zero-padded phases (see above) into `phases`.
private func splitPhases<T: TensorScalar>(_ image: UnsafePointer<T>, _ g: ConvGeometry, into phases: UnsafeMutablePointer<T>) {
    let s = g.stride, w = g.width, ppw = g.paddedPhaseWidth, left = g.phasePadLeft
    phases.update(repeating: 0, count: g.phaseScratchSize)
    for row in 0..<(g.channels * g.height) {
        let src = image + row * w, dst = phases + row * s * ppw + left
        switch s {
        case 1:
            copyRow(dst, src, count: w)
        case 2:
            var i = 0
            if T.self == Float.self {
                // Eight columns at a time: the even ones of sixteen to phase 0, the odd ones to phase 1.
                let d = UnsafeMutableRawPointer(dst), from = UnsafeRawPointer(src)
                while 2 * i + 16 <= w {
                    let v = from.loadUnaligned(fromByteOffset: 8 * i, as: SIMD16<Float>.self)
                    d.storeBytes(of: v.evenHalf, toByteOffset: 4 * i, as: SIMD8<Float>.self)
                    d.storeBytes(of: v.oddHalf, toByteOffset: 4 * (ppw + i), as: SIMD8<Float>.self)
                    i += 8
                }
                if 2 * i + 8 <= w {
                    let v = from.loadUnaligned(fromByteOffset: 8 * i, as: SIMD8<Float>.self)
                    d.storeBytes(of: v.evenHalf, toByteOffset: 4 * i, as: SIMD4<Float>.self)
                    d.storeBytes(of: v.oddHalf, toByteOffset: 4 * (ppw + i), as: SIMD4<Float>.self)
                    i += 4
                }
            }
            while i < w / 2 { dst[i] = src[2 * i]; dst[ppw + i] = src[2 * i + 1]; i += 1 }
            if w % 2 == 1 { dst[w / 2] = src[w - 1] }
        default:
            for column in 0..<w { dst[(column % s) * ppw + column / s] = src[column] }
        }
    }
}

/// Calls `body` with `g.phaseShift(kernelColumn: kj)` for every kernel column `kj`, worked out once per image
/// rather than once per patch row (each takes several integer divisions, which cost more than the row's copy).
@inline(__always)
private func withPhaseShifts(_ g: ConvGeometry, _ body: (UnsafeMutableBufferPointer<Int>) -> Void) {
    withUnsafeTemporaryAllocation(of: Int.self, capacity: g.kernel) { shifts in
        for kj in 0..<g.kernel { shifts[kj] = g.phaseShift(kernelColumn: kj) }
        body(shifts)
    }
}

/// Writes the patches of one image as columns: `columns[r · rowStride + p]` for patch row `r` and position `p`.
/// `scratch` holds `g.phaseScratchSize` elements.
func im2col<T: TensorScalar>(_ image: UnsafePointer<T>, _ g: ConvGeometry,
                             into columns: UnsafeMutablePointer<T>, rowStride: Int, scratch: UnsafeMutablePointer<T>) {
    let k = g.kernel, s = g.stride, ow = g.outWidth, rowLength = s * g.paddedPhaseWidth
    // Short rows (a DCGAN's 4-, 7- or 14-wide outputs) copy best as whole vectors of eight floats, spilling into the
    // start of the next output row, which is written after: the rows up to `wideRows` can, the rest copy exactly.
    let wide = T.self == Float.self ? (ow + 7) / 8 * 8 : Int.max
    let wideRows = g.positions >= wide ? (g.positions - wide) / ow + 1 : 0
    splitPhases(image, g, into: scratch)
    withPhaseShifts(g) { shifts in
        for c in 0..<g.channels {
            for ki in 0..<k {
                let kernelRows = columns + (c * k + ki) * k * rowStride
                for oh in 0..<g.outHeight {
                    let ih = oh * s - g.padding + ki
                    if ih >= 0 && ih < g.height {
                        let src = scratch + (c * g.height + ih) * rowLength
                        if ow <= 8 && oh < wideRows {
                            // One vector of eight per kernel column, without a loop: the common case in a small DCGAN.
                            let from = UnsafeRawPointer(src), to = UnsafeMutableRawPointer(kernelRows + oh * ow)
                            for kj in 0..<k {
                                to.storeBytes(of: from.loadUnaligned(fromByteOffset: 4 * shifts[kj], as: SIMD8<Float>.self),
                                              toByteOffset: 4 * kj * rowStride, as: SIMD8<Float>.self)
                            }
                            continue
                        }
                        for kj in 0..<k {
                            let dst = kernelRows + kj * rowStride + oh * ow
                            if oh < wideRows { copyWideRow(dst, src + shifts[kj], count: ow) } else { copyRow(dst, src + shifts[kj], count: ow) }
                        }
                    } else {
                        for kj in 0..<k { (kernelRows + kj * rowStride + oh * ow).update(repeating: 0, count: ow) }
                    }
                }
            }
        }
    }
}

/// Sets `image` to `bias[c]` per channel (or 0) plus every column added back onto its patch.
/// `scratch` holds `g.phaseScratchSize` elements.
func col2im<T: TensorScalar>(_ columns: UnsafePointer<T>, rowStride: Int, _ g: ConvGeometry, bias: UnsafePointer<T>?,
                             into image: UnsafeMutablePointer<T>, scratch: UnsafeMutablePointer<T>) {
    let k = g.kernel, s = g.stride, ow = g.outWidth, ppw = g.paddedPhaseWidth, rowLength = s * ppw
    scratch.update(repeating: 0, count: g.phaseScratchSize)
    // For one kernel row, an element of the scratch gets its terms from one output row only, so taking the
    // kernel columns innermost adds them in the same order as kernel column by kernel column.
    withPhaseShifts(g) { shifts in
        for c in 0..<g.channels {
            for ki in 0..<k {
                let kernelRows = columns + (c * k + ki) * k * rowStride
                for oh in 0..<g.outHeight {
                    let ih = oh * s - g.padding + ki
                    guard ih >= 0 && ih < g.height else { continue }
                    let dst = scratch + (c * g.height + ih) * rowLength
                    for kj in 0..<k { addRow(dst + shifts[kj], kernelRows + kj * rowStride + oh * ow, count: ow) }
                }
            }
        }
    }
    // Interleave the phases back into image rows, adding the bias.
    let w = g.width, left = g.phasePadLeft
    for c in 0..<g.channels {
        let b = bias?[c] ?? 0
        for h in 0..<g.height {
            let dst = image + (c * g.height + h) * w, src = scratch + (c * g.height + h) * rowLength + left
            switch s {
            case 1:
                for i in 0..<w { dst[i] = b + src[i] }
            case 2:
                var i = 0
                if T.self == Float.self {
                    // Eight columns of each phase at a time, interleaved into sixteen.
                    let d = UnsafeMutableRawPointer(dst), from = UnsafeRawPointer(src), bias = SIMD8<Float>(repeating: Float(b))
                    while 2 * i + 16 <= w {
                        var v = SIMD16<Float>()
                        v.evenHalf = bias + from.loadUnaligned(fromByteOffset: 4 * i, as: SIMD8<Float>.self)
                        v.oddHalf = bias + from.loadUnaligned(fromByteOffset: 4 * (ppw + i), as: SIMD8<Float>.self)
                        d.storeBytes(of: v, toByteOffset: 8 * i, as: SIMD16<Float>.self)
                        i += 8
                    }
                }
                while i < w / 2 { dst[2 * i] = b + src[i]; dst[2 * i + 1] = b + src[ppw + i]; i += 1 }
                if w % 2 == 1 { dst[w - 1] = b + src[w / 2] }
            default:
                for column in 0..<w { dst[column] = b + src[(column % s) * ppw + column / s] }
            }
        }
    }
}

/// im2col for samples `first ..< first + count` of a batch of images, side by side:
/// sample `j`'s patches fill columns `j · positions ..< (j + 1) · positions` of a matrix with `rowStride` columns.
/// `scratch` holds `count · g.phaseScratchSize` elements.
func im2col<T: TensorScalar>(batch images: UnsafePointer<T>, first: Int, count: Int, _ g: ConvGeometry,
                             into columns: UnsafeMutablePointer<T>, rowStride: Int, scratch: UnsafeMutablePointer<T>) {
    Profiler.measure(.im2col) {
        parallelFor(count, cost: g.patchSize * g.positions) { j in
            im2col(images + (first + j) * g.imageSize, g, into: columns + j * g.positions, rowStride: rowStride,
                   scratch: scratch + j * g.phaseScratchSize)
        }
    }
}

/// col2im for samples `first ..< first + count`: sets each sample's image to `bias[c]` per channel (or 0)
/// plus its columns. `scratch` holds `count · g.phaseScratchSize` elements.
func col2im<T: TensorScalar>(batch columns: UnsafePointer<T>, rowStride: Int, first: Int, count: Int, _ g: ConvGeometry,
                             bias: UnsafePointer<T>?, into images: UnsafeMutablePointer<T>, scratch: UnsafeMutablePointer<T>) {
    Profiler.measure(.im2col) {
        parallelFor(count, cost: g.patchSize * g.positions) { j in
            col2im(columns + j * g.positions, rowStride: rowStride, g, bias: bias, into: images + (first + j) * g.imageSize,
                   scratch: scratch + j * g.phaseScratchSize)
        }
    }
}

/// Copies samples `first ..< first + count` of a `[N, C, L]` tensor into a `[C, count · L]` matrix
/// (channel-major, samples side by side), so that one GEMM covers the whole chunk.
@_specialize(where T == Float)
@_specialize(where T == Double)
func gatherChannels<T: TensorScalar>(_ source: UnsafePointer<T>, first: Int, count: Int, channels: Int, length: Int,
                                     into matrix: UnsafeMutablePointer<T>) {
    let ld = count * length
    Profiler.measure(.im2col) {
        parallelFor(count, cost: channels * length) { j in
            let sample = source + (first + j) * channels * length
            for c in 0..<channels {
                (matrix + c * ld + j * length).update(from: sample + c * length, count: length)
            }
        }
    }
}

/// The inverse of `gatherChannels`: writes a `[C, count · L]` matrix back as samples of a `[N, C, L]` tensor,
/// adding `bias[c]` to channel `c` when given.
@_specialize(where T == Float)
@_specialize(where T == Double)
func scatterChannels<T: TensorScalar>(_ matrix: UnsafePointer<T>, first: Int, count: Int, channels: Int, length: Int,
                                      bias: UnsafePointer<T>?, into destination: UnsafeMutablePointer<T>) {
    let ld = count * length
    Profiler.measure(.im2col) {
        parallelFor(count, cost: channels * length) { j in
            let sample = destination + (first + j) * channels * length
            for c in 0..<channels {
                let src = matrix + c * ld + j * length, dst = sample + c * length
                if let bias {
                    let b = bias[c]
                    for i in 0..<length { dst[i] = src[i] + b }
                } else {
                    dst.update(from: src, count: length)
                }
            }
        }
    }
}

/// Sums a `[N, C, L]` tensor over N and L: the gradient of a per-channel bias.
@_specialize(where T == Float)
@_specialize(where T == Double)
func channelSums<T: TensorScalar>(_ x: UnsafePointer<T>, batch: Int, channels: Int, length: Int,
                                  into sums: UnsafeMutablePointer<T>) {
    Profiler.measure(.elementwise) {
        parallelFor(channels, cost: batch * length) { c in
            var sum: T = 0
            for n in 0..<batch {
                let p = x + (n * channels + c) * length
                var total: T = 0
                for i in 0..<length { total += p[i] }
                sum += total
            }
            sums[c] = sum
        }
    }
}

/// How a convolution shares out a batch: `groups` runs of consecutive samples, one per thread, each run taken
/// `chunk` samples at a time. One chunk's im2col columns and product (`elementsPerSample` each sample) fit in
/// `budget` elements, so they stay in the core's own cache between the im2col that writes them, the GEMM that reads
/// them and the col2im after it; a thread goes through its whole chunk with single-threaded GEMMs, and the threads
/// meet once per layer rather than around every im2col and every GEMM. A chunk still has at least `minimumColumns`
/// output positions (`positions` per sample): they are the inner size of the weight gradient's GEMM, which adds
/// into the whole gradient once per chunk. The defaults (512 KB of floats, 256 positions) leave room in a 1–2 MB L2
/// for OpenBLAS's packed copies too; measured on a 2-core Xeon, twice those made a DCGAN step 10–15 % slower.
struct BatchSplit {
    let batch: Int, groups: Int, chunk: Int

    init(batch: Int, positions: Int, elementsPerSample: Int, budget: Int = 1 << 17, minimumColumns: Int = 256) {
        self.batch = batch
        groups = Swift.max(1, Swift.min(batch, computeThreads))
        let fitting = Swift.max(budget / Swift.max(1, elementsPerSample), (minimumColumns + positions - 1) / Swift.max(1, positions))
        chunk = Swift.max(1, Swift.min((batch + groups - 1) / groups, fitting))
    }

    /// The samples of group `group`.
    func samples(_ group: Int) -> Range<Int> { (group * batch / groups)..<((group + 1) * batch / groups) }

    /// Calls `body(group, first, count)` for every chunk: the groups at the same time on different threads, the
    /// chunks of a group one after the other. While the profiler runs, everything runs on the calling thread
    /// (the profiler times that thread only).
    func forEachChunk(_ body: (_ group: Int, _ first: Int, _ count: Int) -> Void) {
        func run(_ group: Int) {
            let samples = samples(group)
            for first in stride(from: samples.lowerBound, to: samples.upperBound, by: chunk) {
                body(group, first, Swift.min(chunk, samples.upperBound - first))
            }
        }
        if groups == 1 || Profiler.isEnabled {
            for group in 0..<groups { run(group) }
        } else {
            parallelFor(groups, cost: Int.max / groups) { run($0) }
        }
    }
}

/// Adds the weight gradients that groups `1 ..< count` summed into `partials` (one after the other, `size` elements
/// each) to `total`, group 0's sum, in group order.
@_specialize(where T == Float)
@_specialize(where T == Double)
func addPartialSums<T: TensorScalar>(_ partials: UnsafePointer<T>, count: Int, size: Int, into total: UnsafeMutablePointer<T>) {
    guard count > 1 else { return }
    Profiler.measure(.elementwise) {
        let blocks = (size + 4095) / 4096
        parallelFor(blocks, cost: 4096 * count) { b in
            let range = (b * 4096)..<Swift.min(size, (b + 1) * 4096)
            for group in 1..<count {
                addRow(total + range.lowerBound, partials + (group - 1) * size + range.lowerBound, count: range.count)
            }
        }
    }
}

/// Whether every output is one patch covering the whole unpadded image: then a convolution is a matrix product
/// of the flattened images and weights (a DCGAN's last D layer, 4×4 → 1×1; its first G layer, transposed),
/// and im2col, which would copy one element per patch row, is skipped.
private func coversWholeImage(_ g: ConvGeometry) -> Bool {
    g.positions == 1 && g.padding == 0 && g.height == g.kernel && g.width == g.kernel
}

/// The convolution as one differentiable operation, with a hand-written backward pass.
func conv2d(_ x: Tensor, weight: Tensor, bias: Tensor?, _ g: ConvGeometry, workspace: Workspace) -> Tensor {
    if coversWholeImage(g) {
        // out[n, o] = Σ_r x[n, r] · W[o, r] with r over (channel, row, column): a fully connected layer.
        let batch = x.shape[0], outChannels = weight.shape[0]
        return linear(x.reshape([batch, g.patchSize]), weight: weight.reshape([outChannels, g.patchSize]), bias: bias)
            .reshape([batch, outChannels, 1, 1])
    }
    if convolutionUsesChannelsLast(g) { return conv2dChannelsLast(x, weight: weight, bias: bias, g, workspace: workspace) }
    let batch = x.shape[0], outChannels = weight.shape[0]
    let rows = g.patchSize, length = g.positions
    let split = BatchSplit(batch: batch, positions: length, elementsPerSample: (rows + outChannels) * length + g.phaseScratchSize)
    let nb = split.chunk
    // Per group: [phase scratch | columns | product]; then the weight-gradient sums of groups 1, 2, ….
    let groupSize = nb * g.phaseScratchSize + (rows + outChannels) * nb * length
    let bufferSize = split.groups * groupSize + (split.groups - 1) * weight.count
    let out = Tensor(uninitializedShape: [batch, outChannels, g.outHeight, g.outWidth], dtype: x.dtype)

    func forward<T: TensorScalar>(_: T.Type) {
        let buffer = workspace.buffer(T.self, count: bufferSize)
        let bias = bias?.pointer(T.self)
        split.forEachChunk { group, first, count in
            let scratch = buffer + group * groupSize, columns = scratch + nb * g.phaseScratchSize
            let product = columns + rows * nb * length, ld = count * length
            im2col(batch: x.pointer(T.self), first: first, count: count, g, into: columns, rowStride: ld, scratch: scratch)
            T.gemm(transA: false, transB: false, m: outChannels, n: ld, k: rows, alpha: 1,
                   a: weight.pointer(T.self), lda: rows, b: columns, ldb: ld, beta: 0, c: product, ldc: ld)
            scatterChannels(product, first: first, count: count, channels: outChannels, length: length,
                            bias: bias, into: out.pointer(T.self))
        }
    }
    switch x.dtype {
    case .float32: forward(Float.self)
    case .float64: forward(Double.self)
    }

    let inputs = [x, weight] + (bias.map { [$0] } ?? [])
    return out.recordOperation("conv2d", inputs: inputs) { gradOut in
        let gradX = x.requiresGrad ? Tensor(uninitializedShape: x.shape, dtype: x.dtype) : nil
        let gradW = weight.requiresGrad ? Tensor.zeros(weight.shape, dtype: x.dtype) : nil
        let gradB = bias?.requiresGrad == true ? Tensor(uninitializedShape: [outChannels], dtype: x.dtype) : nil
        func backward<T: TensorScalar>(_: T.Type) {
            let buffer = workspace.buffer(T.self, count: bufferSize)
            let partials = buffer + split.groups * groupSize
            split.forEachChunk { group, first, count in
                let scratch = buffer + group * groupSize, columns = scratch + nb * g.phaseScratchSize
                let gradProduct = columns + rows * nb * length, ld = count * length
                gatherChannels(gradOut.pointer(T.self), first: first, count: count, channels: outChannels, length: length,
                               into: gradProduct)
                if let gradW {
                    // The forward pass's columns are rebuilt rather than kept: keeping them would hold a whole
                    // batch of columns per call (tens of MB for a DCGAN layer), fresh memory each step.
                    im2col(batch: x.pointer(T.self), first: first, count: count, g, into: columns, rowStride: ld, scratch: scratch)
                    let isFirst = first == split.samples(group).lowerBound
                    T.gemm(transA: false, transB: true, m: outChannels, n: rows, k: ld, alpha: 1,
                           a: gradProduct, lda: ld, b: columns, ldb: ld, beta: group == 0 || !isFirst ? 1 : 0,
                           c: group == 0 ? gradW.pointer(T.self) : partials + (group - 1) * weight.count, ldc: rows)
                }
                if let gradX {
                    T.gemm(transA: true, transB: false, m: rows, n: ld, k: outChannels, alpha: 1,
                           a: weight.pointer(T.self), lda: rows, b: gradProduct, ldb: ld, beta: 0, c: columns, ldc: ld)
                    col2im(batch: columns, rowStride: ld, first: first, count: count, g, bias: nil, into: gradX.pointer(T.self),
                           scratch: scratch)
                }
            }
            if let gradW {
                addPartialSums(partials, count: split.groups, size: weight.count, into: gradW.pointer(T.self))
            }
            if let gradB {
                channelSums(gradOut.pointer(T.self), batch: batch, channels: outChannels, length: length, into: gradB.pointer(T.self))
            }
        }
        switch x.dtype {
        case .float32: backward(Float.self)
        case .float64: backward(Double.self)
        }
        return [gradX, gradW] + (bias == nil ? [] : [gradB])
    }
}

/// The transposed convolution as one differentiable operation; `g` describes the convolution it transposes.
func convTranspose2d(_ x: Tensor, weight: Tensor, bias: Tensor?, _ g: ConvGeometry, workspace: Workspace) -> Tensor {
    if coversWholeImage(g) {
        // A 1×1 input spread over a whole k×k output: out[n, (o, i, j)] = Σ_c x[n, c] · W[c, (o, i, j)].
        let batch = x.shape[0], inChannels = weight.shape[0]
        let out = x.reshape([batch, inChannels]).matmul(weight.reshape([inChannels, g.patchSize]))
            .reshape([batch, g.channels, g.height, g.width])
        return bias.map { out + $0.reshape([1, g.channels, 1, 1]) } ?? out
    }
    if convolutionUsesChannelsLast(g) { return convTranspose2dChannelsLast(x, weight: weight, bias: bias, g, workspace: workspace) }
    let batch = x.shape[0], inChannels = weight.shape[0], outChannels = g.channels
    let rows = g.patchSize, length = g.positions
    let split = BatchSplit(batch: batch, positions: length, elementsPerSample: (rows + 2 * inChannels) * length + g.phaseScratchSize)
    let nb = split.chunk
    // Per group: [phase scratch | columns | input | gradient of the input]; then the weight-gradient sums of
    // groups 1, 2, ….
    let groupSize = nb * g.phaseScratchSize + (rows + 2 * inChannels) * nb * length
    let bufferSize = split.groups * groupSize + (split.groups - 1) * weight.count
    let out = Tensor(uninitializedShape: [batch, outChannels, g.height, g.width], dtype: x.dtype)

    func forward<T: TensorScalar>(_: T.Type) {
        let buffer = workspace.buffer(T.self, count: bufferSize)
        split.forEachChunk { group, first, count in
            let scratch = buffer + group * groupSize, columns = scratch + nb * g.phaseScratchSize
            let input = columns + rows * nb * length, ld = count * length
            gatherChannels(x.pointer(T.self), first: first, count: count, channels: inChannels, length: length, into: input)
            T.gemm(transA: true, transB: false, m: rows, n: ld, k: inChannels, alpha: 1,
                   a: weight.pointer(T.self), lda: rows, b: input, ldb: ld, beta: 0, c: columns, ldc: ld)
            col2im(batch: columns, rowStride: ld, first: first, count: count, g, bias: bias?.pointer(T.self),
                   into: out.pointer(T.self), scratch: scratch)
        }
    }
    switch x.dtype {
    case .float32: forward(Float.self)
    case .float64: forward(Double.self)
    }

    let inputs = [x, weight] + (bias.map { [$0] } ?? [])
    return out.recordOperation("convTranspose2d", inputs: inputs) { gradOut in
        let gradX = x.requiresGrad ? Tensor(uninitializedShape: x.shape, dtype: x.dtype) : nil
        let gradW = weight.requiresGrad ? Tensor.zeros(weight.shape, dtype: x.dtype) : nil
        let gradB = bias?.requiresGrad == true ? Tensor(uninitializedShape: [outChannels], dtype: x.dtype) : nil
        func backward<T: TensorScalar>(_: T.Type) {
            let buffer = workspace.buffer(T.self, count: bufferSize)
            let partials = buffer + split.groups * groupSize
            split.forEachChunk { group, first, count in
                let scratch = buffer + group * groupSize, columns = scratch + nb * g.phaseScratchSize
                let input = columns + rows * nb * length, gradInput = input + inChannels * nb * length
                let ld = count * length
                im2col(batch: gradOut.pointer(T.self), first: first, count: count, g, into: columns, rowStride: ld,
                       scratch: scratch)
                if let gradW {
                    gatherChannels(x.pointer(T.self), first: first, count: count, channels: inChannels, length: length, into: input)
                    let isFirst = first == split.samples(group).lowerBound
                    T.gemm(transA: false, transB: true, m: inChannels, n: rows, k: ld, alpha: 1,
                           a: input, lda: ld, b: columns, ldb: ld, beta: group == 0 || !isFirst ? 1 : 0,
                           c: group == 0 ? gradW.pointer(T.self) : partials + (group - 1) * weight.count, ldc: rows)
                }
                if let gradX {
                    T.gemm(transA: false, transB: false, m: inChannels, n: ld, k: rows, alpha: 1,
                           a: weight.pointer(T.self), lda: rows, b: columns, ldb: ld, beta: 0, c: gradInput, ldc: ld)
                    scatterChannels(gradInput, first: first, count: count, channels: inChannels, length: length,
                                    bias: nil, into: gradX.pointer(T.self))
                }
            }
            if let gradW {
                addPartialSums(partials, count: split.groups, size: weight.count, into: gradW.pointer(T.self))
            }
            if let gradB {
                channelSums(gradOut.pointer(T.self), batch: batch, channels: outChannels, length: g.height * g.width,
                            into: gradB.pointer(T.self))
            }
        }
        switch x.dtype {
        case .float32: backward(Float.self)
        case .float64: backward(Double.self)
        }
        return [gradX, gradW] + (bias == nil ? [] : [gradB])
    }
}

