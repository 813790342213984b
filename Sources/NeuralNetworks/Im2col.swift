import TensorCore

// im2col / col2im: the data movement that turns a convolution into one matrix product.
//
// A convolution of a [C, H, W] image with k×k kernels reads, for every output position, a
// C·k·k patch. im2col writes these patches as the columns of a [C·k·k, outH·outW] matrix, so the
// convolution becomes weight [O, C·k·k] × columns. col2im is its transpose: it adds every column
// back onto the patch it came from (overlapping patches add up). That is the backward pass of
// im2col, and it is also the forward pass of a transposed convolution.

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

    /// Output columns `ow` whose input column `ow · stride + offset` lies inside the image.
    @inline(__always)
    func validColumns(offset: Int) -> Range<Int> {
        let start = offset >= 0 ? 0 : Swift.min(outWidth, (-offset + stride - 1) / stride)
        let last = width - 1 - offset
        let end = last < 0 ? 0 : Swift.min(outWidth, last / stride + 1)
        return start..<Swift.max(start, end)
    }
}

/// Writes the patches of one image as columns: `columns[r · rowStride + p]` for patch row `r` and position `p`.
func im2col<T: TensorScalar>(_ image: UnsafePointer<T>, _ g: ConvGeometry,
                             into columns: UnsafeMutablePointer<T>, rowStride: Int) {
    let k = g.kernel, s = g.stride, w = g.width, ow = g.outWidth
    for c in 0..<g.channels {
        let plane = image + c * g.height * w
        for ki in 0..<k {
            for kj in 0..<k {
                let row = columns + ((c * k + ki) * k + kj) * rowStride
                let offset = kj - g.padding
                let valid = g.validColumns(offset: offset)
                for oh in 0..<g.outHeight {
                    let dst = row + oh * ow
                    let ih = oh * s - g.padding + ki
                    guard ih >= 0 && ih < g.height else { dst.update(repeating: 0, count: ow); continue }
                    let src = plane + ih * w + offset
                    for j in 0..<valid.lowerBound { dst[j] = 0 }
                    if s == 1 {
                        for j in valid { dst[j] = src[j] }
                    } else {
                        for j in valid { dst[j] = src[j * s] }
                    }
                    for j in valid.upperBound..<ow { dst[j] = 0 }
                }
            }
        }
    }
}

/// Adds every column back onto its patch of `image` (which the caller has initialised).
func col2im<T: TensorScalar>(_ columns: UnsafePointer<T>, rowStride: Int, _ g: ConvGeometry,
                             into image: UnsafeMutablePointer<T>) {
    let k = g.kernel, s = g.stride, w = g.width, ow = g.outWidth
    for c in 0..<g.channels {
        let plane = image + c * g.height * w
        for ki in 0..<k {
            for kj in 0..<k {
                let row = columns + ((c * k + ki) * k + kj) * rowStride
                let offset = kj - g.padding
                let valid = g.validColumns(offset: offset)
                for oh in 0..<g.outHeight {
                    let ih = oh * s - g.padding + ki
                    guard ih >= 0 && ih < g.height else { continue }
                    let src = row + oh * ow
                    let dst = plane + ih * w + offset
                    if s == 1 {
                        for j in valid { dst[j] += src[j] }
                    } else {
                        for j in valid { dst[j * s] += src[j] }
                    }
                }
            }
        }
    }
}

/// Copies samples `first ..< first + count` of a `[N, C, L]` tensor into a `[C, count · L]` matrix
/// (channel-major, samples side by side), so that one GEMM covers the whole chunk.
func gatherChannels<T: TensorScalar>(_ source: UnsafePointer<T>, first: Int, count: Int, channels: Int, length: Int,
                                     into matrix: UnsafeMutablePointer<T>) {
    let ld = count * length
    for j in 0..<count {
        let sample = source + (first + j) * channels * length
        for c in 0..<channels {
            (matrix + c * ld + j * length).update(from: sample + c * length, count: length)
        }
    }
}

/// The inverse of `gatherChannels`: writes a `[C, count · L]` matrix back as samples of a `[N, C, L]` tensor,
/// adding `bias[c]` to channel `c` when given.
func scatterChannels<T: TensorScalar>(_ matrix: UnsafePointer<T>, first: Int, count: Int, channels: Int, length: Int,
                                      bias: UnsafePointer<T>?, into destination: UnsafeMutablePointer<T>) {
    let ld = count * length
    for j in 0..<count {
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

/// Sums a `[N, C, L]` tensor over N and L: the gradient of a per-channel bias.
func channelSums<T: TensorScalar>(_ x: UnsafePointer<T>, batch: Int, channels: Int, length: Int,
                                  into sums: UnsafeMutablePointer<T>) {
    sums.update(repeating: 0, count: channels)
    for n in 0..<batch {
        for c in 0..<channels {
            let p = x + (n * channels + c) * length
            var total: T = 0
            for i in 0..<length { total += p[i] }
            sums[c] += total
        }
    }
}

/// How many samples to put side by side in one GEMM: as many as fit in `budget` elements of columns.
func chunkSize(batch: Int, elementsPerSample: Int, budget: Int = 1 << 22) -> Int {
    Swift.max(1, Swift.min(batch, budget / Swift.max(1, elementsPerSample)))
}
