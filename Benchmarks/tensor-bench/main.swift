// tensor-bench: element-wise operations on 1M-element tensors, and `matmul` against calling
// `cblas_sgemm` directly on the same buffers. `swift run tensor-bench` (debug) and
// `swift run -c release tensor-bench`; `Benchmarks/tensor-compare.sh` runs both and compares.
// Each result is also printed as a `RESULT <name> <milliseconds>` line for the script.
import COpenBLAS
import Foundation
import TensorCore

/// Seconds per call of `body`: the fastest of five batches of about 0.1 s each, after a warm-up call.
func secondsPerCall(_ body: () -> Void) -> Double {
    let clock = ContinuousClock()
    func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18 }
    let once = seconds(clock.measure(body))
    let perBatch = max(1, Int(0.1 / max(once, 1e-9)))
    var best = Double.infinity
    for _ in 0..<5 {
        best = min(best, seconds(clock.measure { for _ in 0..<perBatch { body() } }) / Double(perBatch))
    }
    return best
}

func report(_ name: String, _ seconds: Double, _ detail: String) {
    print(name.padding(toLength: 28, withPad: " ", startingAt: 0)
          + String(format: "%10.3f ms  ", seconds * 1e3) + detail)
}

OpenBLASCoreSelection.selectAtStartup()
#if DEBUG
print("tensor-bench, debug build (TensorCore itself is compiled with -Ounchecked)")
#else
print("tensor-bench, release build")
#endif
var generator = SeededGenerator(seed: 0)
var results: [(String, Double)] = []

// Element-wise operations on a [1024, 1024] tensor (1,048,576 elements).
let rows = 1024, columns = 1024
let x = Tensor.randn([rows, columns], using: &generator)
let y = Tensor.randn([rows, columns], using: &generator)
let rowVector = Tensor.randn([columns], using: &generator)
let elementwise: [(String, () -> Void)] = [
    ("add [1024,1024]+[1024]", { _ = x + rowVector }),
    ("mul", { _ = x * y }),
    ("tanh", { _ = x.tanh() }),
    ("sigmoid", { _ = x.sigmoid() }),
    ("leakyReLU", { _ = x.leakyReLU(slope: 0.2) }),
    ("sum", { _ = x.sum() }),
]
for (name, body) in elementwise {
    let seconds = secondsPerCall(body)
    report(name, seconds, String(format: "%8.1f M elements/s", Double(x.count) / seconds / 1e6))
    results.append((name, seconds))
}

// matmul at M = 128, K = 1024, N = 1024, against cblas_sgemm on the same buffers.
print("OpenBLAS kernels: \(String(cString: openblas_get_corename())), \(computeThreads) thread(s)")
let (m, k, n) = (128, 1024, 1024)
let a = Tensor.randn([m, k], using: &generator)
let b = Tensor.randn([k, n], using: &generator)
let c = Tensor.zeros([m, n])
let flops = 2 * Double(m * k * n)
let viaTensor = secondsPerCall { _ = a.matmul(b) }
// The library keeps OpenBLAS single-threaded and splits products over its own threads (see `computeThreads`);
// the direct call gets the same number of threads from OpenBLAS itself.
openblas_set_num_threads(Int32(computeThreads))
let viaBLAS = secondsPerCall {
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, blasint(m), blasint(n), blasint(k),
                1, a.pointer(Float.self), blasint(k), b.pointer(Float.self), blasint(n), 0, c.pointer(Float.self), blasint(n))
}
openblas_set_num_threads(1)
report("matmul 128x1024x1024", viaTensor, String(format: "%8.1f GFLOP/s", flops / viaTensor / 1e9))
report("cblas_sgemm 128x1024x1024", viaBLAS, String(format: "%8.1f GFLOP/s", flops / viaBLAS / 1e9))
print(String(format: "matmul speed / cblas_sgemm speed: %.1f%% (target ≥ 80%%)", 100 * viaBLAS / viaTensor))
results.append(("matmul", viaTensor))
results.append(("cblas_sgemm", viaBLAS))

print("")
for (name, seconds) in results {
    print("RESULT \(name.split(separator: " ").first!) \(String(format: "%.4f", seconds * 1e3))")
}
