import TensorCore

// Convolutions of images with many channels, through patches laid out channels-last.
//
// The column matrix of `Convolution.swift` has one row per (channel, kernel row, kernel column) and one
// column per output position, so im2col copies, and col2im adds, rows as long as the output is wide: 4, 7 or
// 14 numbers in a small DCGAN, where the loop around a copy costs more than the copy. Here the image is first
// rewritten channels-last with its padding, `[H + 2p, W + 2p, C]`, and the patch matrix is transposed: one
// row per output position, `[positions, k · k · C]`, in (kernel row, kernel column, channel) order. A patch's
// k kernel columns of all C channels then lie side by side in the padded image, so each kernel row of a patch
// is one contiguous copy of k · C numbers (128 for a 4×4 kernel over 32 channels), with no test for the border.
// The weights are permuted once per call to the same (kernel row, kernel column, channel) order.
//
// `convolutionUsesChannelsLast` chooses this layout for images with at least 8 channels; an RGB or grey input
// layer keeps the row-per-channel layout, whose rows are then long. Generic kernels and their callers share this
// file, as in `Convolution.swift`; the helpers taken from there (`gatherChannels`, `scatterChannels`, `channelSums`,
// `addPartialSums`) are compiled for `Float` and `Double` in their own file through `@_specialize`.

/// Whether a convolution over images of `g`'s shape runs through the channels-last patch matrix.
func convolutionUsesChannelsLast(_ g: ConvGeometry) -> Bool { g.channels >= 8 }

extension ConvGeometry {
    /// Side lengths of the image with its padding.
    var paddedHeight: Int { height + 2 * padding }
    var paddedWidth: Int { width + 2 * padding }
    /// Elements of one padded channels-last image, `[H + 2p, W + 2p, C]`.
    var paddedImageSize: Int { paddedHeight * paddedWidth * channels }
}

/// Writes an `[A, C, k, k]` weight as `[A, k, k, C]`.
private func permuteToChannelsLast<T: TensorScalar>(_ weight: UnsafePointer<T>, outer: Int, channels: Int, kernel k: Int,
                                                    into result: UnsafeMutablePointer<T>) {
    let kk = k * k
    for a in 0..<outer {
        for c in 0..<channels {
            for r in 0..<kk { result[(a * kk + r) * channels + c] = weight[(a * channels + c) * kk + r] }
        }
    }
}

/// Writes an `[A, k, k, C]` weight (gradient) back as `[A, C, k, k]`.
private func permuteFromChannelsLast<T: TensorScalar>(_ weight: UnsafePointer<T>, outer: Int, channels: Int, kernel k: Int,
                                                      into result: UnsafeMutablePointer<T>) {
    let kk = k * k
    for a in 0..<outer {
        for c in 0..<channels {
            for r in 0..<kk { result[(a * channels + c) * kk + r] = weight[(a * kk + r) * channels + c] }
        }
    }
}

/// `dst[0 ..< count] = src[…]` (`add` false) or `+= src[…]` (`add` true), sixteen floats at a time, then eight.
/// `copyRow` and `addRow` of `Convolution.swift` do the same for shorter rows; called from this file, they would be
/// a function call per row in the debug build, which measured 10 % slower on a `dcgan28` step (161 → 176 ms).
@inline(__always)
private func moveRow<T: TensorScalar>(_ dst: UnsafeMutablePointer<T>, _ src: UnsafePointer<T>, count: Int, add: Bool) {
    var j = 0
    if T.self == Float.self {
        let d = UnsafeMutableRawPointer(dst), s = UnsafeRawPointer(src)
        while j + 16 <= count {
            var v = s.loadUnaligned(fromByteOffset: 4 * j, as: SIMD16<Float>.self)
            if add { v += d.loadUnaligned(fromByteOffset: 4 * j, as: SIMD16<Float>.self) }
            d.storeBytes(of: v, toByteOffset: 4 * j, as: SIMD16<Float>.self)
            j += 16
        }
        if j + 8 <= count {
            var v = s.loadUnaligned(fromByteOffset: 4 * j, as: SIMD8<Float>.self)
            if add { v += d.loadUnaligned(fromByteOffset: 4 * j, as: SIMD8<Float>.self) }
            d.storeBytes(of: v, toByteOffset: 4 * j, as: SIMD8<Float>.self)
            j += 8
        }
    }
    while j < count { dst[j] = add ? dst[j] + src[j] : src[j]; j += 1 }
}

/// Four vectors of four floats, transposed: lane `j` of vector `i` becomes lane `i` of vector `j`. Two rounds of
/// taking the even and then the odd elements of the sixteen in a row (each round rotates the four bits of an
/// element's index by one, so two swap its row and column); the compiler turns them into shuffles. Four lanes are
/// what every x86-64 and arm64 processor has in one register.
@inline(__always)
private func transpose4x4(_ v: inout (SIMD4<Float>, SIMD4<Float>, SIMD4<Float>, SIMD4<Float>)) {
    for _ in 0..<2 {
        let low = SIMD8(lowHalf: v.0, highHalf: v.1), high = SIMD8(lowHalf: v.2, highHalf: v.3)
        v = (low.evenHalf, high.evenHalf, low.oddHalf, high.oddHalf)
    }
}

/// Calls `body` with, for every position `q = h · W + w` of an image, the offset of its first channel in the padded
/// channels-last image.
@inline(__always)
private func withPaddedOffsets(_ g: ConvGeometry, _ body: (UnsafeMutableBufferPointer<Int>) -> Void) {
    withUnsafeTemporaryAllocation(of: Int.self, capacity: g.height * g.width) { offsets in
        var q = 0
        for h in 0..<g.height {
            for w in 0..<g.width {
                offsets[q] = ((h + g.padding) * g.paddedWidth + g.padding + w) * g.channels
                q += 1
            }
        }
        body(offsets)
    }
}

/// One `[C, H, W]` image as `[H + 2p, W + 2p, C]`, zeros in the padding. Each channel's plane is read as one row of
/// H · W positions; blocks of four channels by four positions go through `transpose4x4`, and what is left over
/// (fewer than four channels or positions) moves one element at a time. `offsets` comes from `withPaddedOffsets`.
private func padChannelsLast<T: TensorScalar>(_ image: UnsafePointer<T>, _ g: ConvGeometry, offsets: UnsafeMutableBufferPointer<Int>,
                                              into padded: UnsafeMutablePointer<T>) {
    let c = g.channels, plane = g.height * g.width
    let blocks = T.self == Float.self ? c / 4 : 0, wholePositions = T.self == Float.self ? plane / 4 * 4 : 0
    padded.update(repeating: 0, count: g.paddedImageSize)
    for block in 0..<blocks {
        let src = UnsafeRawPointer(image + 4 * block * plane), dst = UnsafeMutableRawPointer(padded + 4 * block)
        for q in stride(from: 0, to: wholePositions, by: 4) {
            func load(_ i: Int) -> SIMD4<Float> { src.loadUnaligned(fromByteOffset: 4 * (i * plane + q), as: SIMD4<Float>.self) }
            var v = (load(0), load(1), load(2), load(3))
            transpose4x4(&v)
            dst.storeBytes(of: v.0, toByteOffset: 4 * offsets[q], as: SIMD4<Float>.self)
            dst.storeBytes(of: v.1, toByteOffset: 4 * offsets[q + 1], as: SIMD4<Float>.self)
            dst.storeBytes(of: v.2, toByteOffset: 4 * offsets[q + 2], as: SIMD4<Float>.self)
            dst.storeBytes(of: v.3, toByteOffset: 4 * offsets[q + 3], as: SIMD4<Float>.self)
        }
    }
    for channel in 0..<c {
        let from = image + channel * plane, to = padded + channel
        for q in (channel < 4 * blocks ? wholePositions : 0)..<plane { to[offsets[q]] = from[q] }
    }
}

/// The inverse of `padChannelsLast`, dropping the padding and adding `bias[c]` (or 0) to channel `c`.
private func unpadChannelsLast<T: TensorScalar>(_ padded: UnsafePointer<T>, _ g: ConvGeometry, offsets: UnsafeMutableBufferPointer<Int>,
                                                bias: UnsafePointer<T>?, into image: UnsafeMutablePointer<T>) {
    let c = g.channels, plane = g.height * g.width
    let blocks = T.self == Float.self ? c / 4 : 0, wholePositions = T.self == Float.self ? plane / 4 * 4 : 0
    for block in 0..<blocks {
        let src = UnsafeRawPointer(padded + 4 * block), dst = UnsafeMutableRawPointer(image + 4 * block * plane)
        func channelBias(_ i: Int) -> SIMD4<Float> { SIMD4(repeating: Float(bias?[4 * block + i] ?? 0)) }
        let (b0, b1, b2, b3) = (channelBias(0), channelBias(1), channelBias(2), channelBias(3))
        for q in stride(from: 0, to: wholePositions, by: 4) {
            func load(_ j: Int) -> SIMD4<Float> { src.loadUnaligned(fromByteOffset: 4 * offsets[q + j], as: SIMD4<Float>.self) }
            var v = (load(0), load(1), load(2), load(3))
            transpose4x4(&v)
            dst.storeBytes(of: v.0 + b0, toByteOffset: 4 * q, as: SIMD4<Float>.self)
            dst.storeBytes(of: v.1 + b1, toByteOffset: 4 * (plane + q), as: SIMD4<Float>.self)
            dst.storeBytes(of: v.2 + b2, toByteOffset: 4 * (2 * plane + q), as: SIMD4<Float>.self)
            dst.storeBytes(of: v.3 + b3, toByteOffset: 4 * (3 * plane + q), as: SIMD4<Float>.self)
        }
    }
    for channel in 0..<c {
        let b = bias?[channel] ?? 0, from = padded + channel, to = image + channel * plane
        for q in (channel < 4 * blocks ? wholePositions : 0)..<plane { to[q] = b + from[offsets[q]] }
    }
}

/// Patches of samples `first ..< first + count` of a batch, one row of `k · k · C` per output position, samples
/// one after the other. `scratch` holds `count · g.paddedImageSize` elements.
private func channelsLastPatches<T: TensorScalar>(of images: UnsafePointer<T>, first: Int, count: Int, _ g: ConvGeometry,
                                                  into patches: UnsafeMutablePointer<T>, scratch: UnsafeMutablePointer<T>) {
    let k = g.kernel, s = g.stride, c = g.channels, pw = g.paddedWidth, run = k * c, rowLength = k * run
    Profiler.measure(.im2col) { withPaddedOffsets(g) { offsets in
        parallelFor(count, cost: g.patchSize * g.positions) { j in
            let padded = scratch + j * g.paddedImageSize
            padChannelsLast(images + (first + j) * g.imageSize, g, offsets: offsets, into: padded)
            var row = patches + j * g.positions * rowLength
            for oh in 0..<g.outHeight {
                for ow in 0..<g.outWidth {
                    for ki in 0..<k { moveRow(row + ki * run, padded + ((oh * s + ki) * pw + ow * s) * c, count: run, add: false) }
                    row += rowLength
                }
            }
        }
    } }
}

/// The transpose of `channelsLastPatches`: every patch added back onto the image it came from (overlapping
/// patches add up), for samples `first ..< first + count`, each image set to `bias[c]` (or 0) plus its patches.
private func addChannelsLastPatches<T: TensorScalar>(_ patches: UnsafePointer<T>, first: Int, count: Int, _ g: ConvGeometry,
                                                     bias: UnsafePointer<T>?, into images: UnsafeMutablePointer<T>,
                                                     scratch: UnsafeMutablePointer<T>) {
    let k = g.kernel, s = g.stride, c = g.channels, pw = g.paddedWidth, run = k * c, rowLength = k * run
    Profiler.measure(.im2col) { withPaddedOffsets(g) { offsets in
        parallelFor(count, cost: g.patchSize * g.positions) { j in
            let padded = scratch + j * g.paddedImageSize
            padded.update(repeating: 0, count: g.paddedImageSize)
            var row = patches + j * g.positions * rowLength
            for oh in 0..<g.outHeight {
                for ow in 0..<g.outWidth {
                    for ki in 0..<k { moveRow(padded + ((oh * s + ki) * pw + ow * s) * c, row + ki * run, count: run, add: true) }
                    row += rowLength
                }
            }
            unpadChannelsLast(padded, g, offsets: offsets, bias: bias, into: images + (first + j) * g.imageSize)
        }
    } }
}

/// Buffers of a channels-last convolution call: per group of the batch split, the padded images, the patch matrix
/// and a `[channels, positions]` matrix (the product, or the gathered input of a transposed convolution); then the
/// permuted weight and one weight gradient per group.
private struct ChannelsLastLayout {
    let split: BatchSplit
    let groupSize: Int, paddedOffset: Int, patchesOffset: Int, matrixOffset: Int
    let weightOffset: Int, gradientsOffset: Int, weightCount: Int
    let total: Int

    /// `matrixChannels` is the channel count of the `[channels, positions]` matrix a chunk multiplies with.
    init(batch: Int, _ g: ConvGeometry, matrixChannels: Int, weightCount: Int) {
        let rows = g.patchSize, length = g.positions
        split = BatchSplit(batch: batch, positions: length, elementsPerSample: (rows + matrixChannels) * length + g.paddedImageSize)
        let nb = split.chunk
        paddedOffset = 0
        patchesOffset = nb * g.paddedImageSize
        matrixOffset = patchesOffset + nb * length * rows
        groupSize = matrixOffset + matrixChannels * nb * length
        weightOffset = split.groups * groupSize
        gradientsOffset = weightOffset + weightCount
        self.weightCount = weightCount
        total = gradientsOffset + split.groups * weightCount
    }
}

/// `conv2d` (see `Convolution.swift`) with channels-last patches.
func conv2dChannelsLast(_ x: Tensor, weight: Tensor, bias: Tensor?, _ g: ConvGeometry, workspace: Workspace) -> Tensor {
    let batch = x.shape[0], outChannels = weight.shape[0]
    let rows = g.patchSize, length = g.positions
    let layout = ChannelsLastLayout(batch: batch, g, matrixChannels: outChannels, weightCount: weight.count)
    let split = layout.split
    let out = Tensor(uninitializedShape: [batch, outChannels, g.outHeight, g.outWidth], dtype: x.dtype)

    func forward<T: TensorScalar>(_: T.Type) {
        let buffer = workspace.buffer(T.self, count: layout.total), permuted = buffer + layout.weightOffset
        permuteToChannelsLast(weight.pointer(T.self), outer: outChannels, channels: g.channels, kernel: g.kernel, into: permuted)
        split.forEachChunk { group, first, count in
            let base = buffer + group * layout.groupSize, patches = base + layout.patchesOffset
            let product = base + layout.matrixOffset, ld = count * length
            channelsLastPatches(of: x.pointer(T.self), first: first, count: count, g, into: patches, scratch: base + layout.paddedOffset)
            // product [O, positions] = W [O, k·k·C] · patchesᵀ
            T.gemm(transA: false, transB: true, m: outChannels, n: ld, k: rows, alpha: 1,
                   a: permuted, lda: rows, b: patches, ldb: rows, beta: 0, c: product, ldc: ld)
            scatterChannels(product, first: first, count: count, channels: outChannels, length: length,
                            bias: bias?.pointer(T.self), into: out.pointer(T.self))
        }
    }
    switch x.dtype {
    case .float32: forward(Float.self)
    case .float64: forward(Double.self)
    }

    let inputs = [x, weight] + (bias.map { [$0] } ?? [])
    return out.recordOperation("conv2d", inputs: inputs) { gradOut in
        let gradX = x.requiresGrad ? Tensor(uninitializedShape: x.shape, dtype: x.dtype) : nil
        let gradW = weight.requiresGrad ? Tensor(uninitializedShape: weight.shape, dtype: x.dtype) : nil
        let gradB = bias?.requiresGrad == true ? Tensor(uninitializedShape: [outChannels], dtype: x.dtype) : nil
        func backward<T: TensorScalar>(_: T.Type) {
            let buffer = workspace.buffer(T.self, count: layout.total), permuted = buffer + layout.weightOffset
            let gradients = buffer + layout.gradientsOffset
            permuteToChannelsLast(weight.pointer(T.self), outer: outChannels, channels: g.channels, kernel: g.kernel, into: permuted)
            split.forEachChunk { group, first, count in
                let base = buffer + group * layout.groupSize, patches = base + layout.patchesOffset
                let gradProduct = base + layout.matrixOffset, ld = count * length
                gatherChannels(gradOut.pointer(T.self), first: first, count: count, channels: outChannels, length: length,
                               into: gradProduct)
                if gradW != nil {
                    // The forward pass's patches are rebuilt rather than kept (see `conv2d`).
                    channelsLastPatches(of: x.pointer(T.self), first: first, count: count, g, into: patches,
                                        scratch: base + layout.paddedOffset)
                    // dW [O, k·k·C] += gradProduct [O, positions] · patches [positions, k·k·C]
                    T.gemm(transA: false, transB: false, m: outChannels, n: rows, k: ld, alpha: 1,
                           a: gradProduct, lda: ld, b: patches, ldb: rows, beta: first == split.samples(group).lowerBound ? 0 : 1,
                           c: gradients + group * layout.weightCount, ldc: rows)
                }
                if let gradX {
                    // gradPatches [positions, k·k·C] = gradProductᵀ · W
                    T.gemm(transA: true, transB: false, m: ld, n: rows, k: outChannels, alpha: 1,
                           a: gradProduct, lda: ld, b: permuted, ldb: rows, beta: 0, c: patches, ldc: rows)
                    addChannelsLastPatches(patches, first: first, count: count, g, bias: nil, into: gradX.pointer(T.self),
                                           scratch: base + layout.paddedOffset)
                }
            }
            if let gradW {
                addPartialSums(gradients + layout.weightCount, count: split.groups, size: layout.weightCount, into: gradients)
                permuteFromChannelsLast(gradients, outer: outChannels, channels: g.channels, kernel: g.kernel, into: gradW.pointer(T.self))
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

/// `convTranspose2d` (see `Convolution.swift`) with channels-last patches; `g` describes the convolution it transposes.
func convTranspose2dChannelsLast(_ x: Tensor, weight: Tensor, bias: Tensor?, _ g: ConvGeometry, workspace: Workspace) -> Tensor {
    let batch = x.shape[0], inChannels = weight.shape[0], outChannels = g.channels
    let rows = g.patchSize, length = g.positions
    let layout = ChannelsLastLayout(batch: batch, g, matrixChannels: inChannels, weightCount: weight.count)
    let split = layout.split
    let out = Tensor(uninitializedShape: [batch, outChannels, g.height, g.width], dtype: x.dtype)

    func forward<T: TensorScalar>(_: T.Type) {
        let buffer = workspace.buffer(T.self, count: layout.total), permuted = buffer + layout.weightOffset
        permuteToChannelsLast(weight.pointer(T.self), outer: inChannels, channels: outChannels, kernel: g.kernel, into: permuted)
        split.forEachChunk { group, first, count in
            let base = buffer + group * layout.groupSize, patches = base + layout.patchesOffset
            let input = base + layout.matrixOffset, ld = count * length
            gatherChannels(x.pointer(T.self), first: first, count: count, channels: inChannels, length: length, into: input)
            // patches [positions, k·k·C] = inputᵀ · W [Cin, k·k·C]
            T.gemm(transA: true, transB: false, m: ld, n: rows, k: inChannels, alpha: 1,
                   a: input, lda: ld, b: permuted, ldb: rows, beta: 0, c: patches, ldc: rows)
            addChannelsLastPatches(patches, first: first, count: count, g, bias: bias?.pointer(T.self), into: out.pointer(T.self),
                                   scratch: base + layout.paddedOffset)
        }
    }
    switch x.dtype {
    case .float32: forward(Float.self)
    case .float64: forward(Double.self)
    }

    let inputs = [x, weight] + (bias.map { [$0] } ?? [])
    return out.recordOperation("convTranspose2d", inputs: inputs) { gradOut in
        let gradX = x.requiresGrad ? Tensor(uninitializedShape: x.shape, dtype: x.dtype) : nil
        let gradW = weight.requiresGrad ? Tensor(uninitializedShape: weight.shape, dtype: x.dtype) : nil
        let gradB = bias?.requiresGrad == true ? Tensor(uninitializedShape: [outChannels], dtype: x.dtype) : nil
        func backward<T: TensorScalar>(_: T.Type) {
            let buffer = workspace.buffer(T.self, count: layout.total), permuted = buffer + layout.weightOffset
            let gradients = buffer + layout.gradientsOffset
            permuteToChannelsLast(weight.pointer(T.self), outer: inChannels, channels: outChannels, kernel: g.kernel, into: permuted)
            split.forEachChunk { group, first, count in
                let base = buffer + group * layout.groupSize, patches = base + layout.patchesOffset
                let matrix = base + layout.matrixOffset, ld = count * length
                channelsLastPatches(of: gradOut.pointer(T.self), first: first, count: count, g, into: patches,
                                    scratch: base + layout.paddedOffset)
                if gradW != nil {
                    gatherChannels(x.pointer(T.self), first: first, count: count, channels: inChannels, length: length, into: matrix)
                    // dW [Cin, k·k·C] += input [Cin, positions] · patches [positions, k·k·C]
                    T.gemm(transA: false, transB: false, m: inChannels, n: rows, k: ld, alpha: 1,
                           a: matrix, lda: ld, b: patches, ldb: rows, beta: first == split.samples(group).lowerBound ? 0 : 1,
                           c: gradients + group * layout.weightCount, ldc: rows)
                }
                if let gradX {
                    // gradInput [Cin, positions] = W [Cin, k·k·C] · patchesᵀ; it overwrites the gathered input.
                    T.gemm(transA: false, transB: true, m: inChannels, n: ld, k: rows, alpha: 1,
                           a: permuted, lda: rows, b: patches, ldb: rows, beta: 0, c: matrix, ldc: ld)
                    scatterChannels(matrix, first: first, count: count, channels: inChannels, length: length,
                                    bias: nil, into: gradX.pointer(T.self))
                }
            }
            if let gradW {
                addPartialSums(gradients + layout.weightCount, count: split.groups, size: layout.weightCount, into: gradients)
                permuteFromChannelsLast(gradients, outer: inChannels, channels: outChannels, kernel: g.kernel, into: gradW.pointer(T.self))
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
