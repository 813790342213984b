import TensorCore

/// Every differentiable operation under test, by the name the PyTorch fixture script uses.
/// Each entry builds the operation from its inputs, so it runs in float32 (parity) and float64 (gradcheck).
let operations: [String: @Sendable ([Tensor]) -> Tensor] = [
    "add": { $0[0] + $0[1] },
    "sub": { $0[0] - $0[1] },
    "mul": { $0[0] * $0[1] },
    "div": { $0[0] / $0[1] },
    "neg": { -$0[0] },
    "exp": { $0[0].exp() },
    "log": { $0[0].log() },
    "tanh": { $0[0].tanh() },
    "sigmoid": { $0[0].sigmoid() },
    "relu": { $0[0].relu() },
    "leakyReLU": { $0[0].leakyReLU(slope: 0.2) },
    "clamp": { $0[0].clamp(min: -0.5, max: 0.7) },
    "sqrt": { $0[0].sqrt() },
    "abs": { $0[0].abs() },
    "pow": { $0[0].pow(3) },
    "softplus": { $0[0].softplus() },
    "sumAll": { $0[0].sum() },
    "sumAxes": { $0[0].sum(axes: [0, 2], keepDims: true) },
    "sumAxis": { $0[0].sum(axis: 1) },
    "meanAxis": { $0[0].mean(axis: -1) },
    "maxAxis": { $0[0].max(axis: 1) },
    "reshape": { $0[0].reshape([4, 6]) },
    "permute": { $0[0].permute([2, 0, 1]) },
    "transpose": { $0[0].transposed() },
    "narrow": { $0[0].narrow(axis: 1, start: 1, length: 2) },
    "concat": { Tensor.concat([$0[0], $0[1]], axis: 1) },
    "stack": { Tensor.stack([$0[0], $0[1]], axis: 0) },
    "rows": { $0[0].rows(at: [2, 0, 2]) },
    "matmul": { $0[0].matmul($0[1]) },
    "matmulTransposeB": { $0[0].matmul($0[1], transposeB: true) },
    "matmulTransposeA": { $0[0].matmul($0[1], transposeA: true) },
    "matmulBatched": { $0[0].matmul($0[1]) },
    "matmulBatchTimesMatrix": { $0[0].matmul($0[1]) },
]

/// Operations whose derivative has a kink; finite differences across it are meaningless,
/// so their gradcheck uses inputs away from the kink (see `gradcheckInputs`).
let kinkedOperations: Set<String> = ["relu", "leakyReLU", "clamp", "abs", "maxAxis"]
