"""Writes PyTorch reference values for TensorCore's operations.

Run by a course author (not by the package or CI) whenever an operation is added:

    python3 Scripts/make_tensor_fixtures.py

For every case it stores the inputs, the forward output, and the gradients of
L = sum(output * w) for fixed random weights w, computed in float64 by PyTorch,
into Tests/TensorCoreTests/Fixtures/ops.json.
"""
import json
import pathlib

import torch

torch.manual_seed(0)
OUT = pathlib.Path(__file__).resolve().parent.parent / "Tests/TensorCoreTests/Fixtures/ops.json"


def t(*shape, low=-2.0, high=2.0):
    return (torch.rand(*shape, dtype=torch.float64) * (high - low) + low)


def case(name, fn, inputs, **params):
    xs = [x.clone().requires_grad_(True) for x in inputs]
    y = fn(*xs)
    w = torch.randn(y.shape, dtype=torch.float64)
    (y * w).sum().backward()
    return {
        "name": name,
        "params": params,
        "inputs": [{"shape": list(x.shape), "data": x.detach().flatten().tolist()} for x in xs],
        "output": {"shape": list(y.shape), "data": y.detach().flatten().tolist()},
        "weights": w.flatten().tolist(),
        "grads": [x.grad.flatten().tolist() for x in xs],
    }


cases = [
    case("add", lambda a, b: a + b, [t(2, 3, 4), t(3, 1)]),
    case("sub", lambda a, b: a - b, [t(4, 1), t(1, 5)]),
    case("mul", lambda a, b: a * b, [t(2, 3, 4), t(4)]),
    case("div", lambda a, b: a / b, [t(3, 4), t(3, 1, low=0.5, high=2.0)]),
    case("neg", lambda a: -a, [t(5)]),
    case("exp", torch.exp, [t(3, 4)]),
    case("log", torch.log, [t(3, 4, low=0.1, high=3.0)]),
    case("tanh", torch.tanh, [t(3, 4)]),
    case("sigmoid", torch.sigmoid, [t(3, 4, low=-8, high=8)]),
    case("relu", torch.relu, [t(3, 4)]),
    case("leakyReLU", lambda a: torch.nn.functional.leaky_relu(a, 0.2), [t(3, 4)], slope=0.2),
    case("clamp", lambda a: a.clamp(-0.5, 0.7), [t(4, 4)], low=-0.5, high=0.7),
    case("sqrt", torch.sqrt, [t(6, low=0.1, high=4.0)]),
    case("abs", torch.abs, [t(6)]),
    case("pow", lambda a: a.pow(3), [t(6)], exponent=3),
    case("softplus", torch.nn.functional.softplus, [t(6, low=-30, high=30)]),
    case("sumAll", lambda a: a.sum(), [t(3, 4)]),
    case("sumAxes", lambda a: a.sum(dim=(0, 2), keepdim=True), [t(2, 3, 4)], axes=[0, 2], keepDims=True),
    case("sumAxis", lambda a: a.sum(dim=1), [t(2, 3, 4)], axes=[1], keepDims=False),
    case("meanAxis", lambda a: a.mean(dim=-1), [t(3, 5)], axes=[-1], keepDims=False),
    case("maxAxis", lambda a: a.max(dim=1).values, [t(3, 5)], axis=1),
    case("reshape", lambda a: a.reshape(4, 6), [t(2, 3, 4)], shape=[4, 6]),
    case("permute", lambda a: a.permute(2, 0, 1), [t(2, 3, 4)], order=[2, 0, 1]),
    case("transpose", lambda a: a.transpose(0, 1), [t(3, 5)]),
    case("narrow", lambda a: a.narrow(1, 1, 2), [t(3, 4, 2)], axis=1, start=1, length=2),
    case("concat", lambda a, b: torch.cat([a, b], dim=1), [t(2, 3), t(2, 2)], axis=1),
    case("stack", lambda a, b: torch.stack([a, b], dim=0), [t(2, 3), t(2, 3)], axis=0),
    case("rows", lambda a: a.index_select(0, torch.tensor([2, 0, 2])), [t(3, 4)], indices=[2, 0, 2]),
    case("matmul", lambda a, b: a @ b, [t(3, 4), t(4, 5)]),
    case("matmulTransposeB", lambda a, b: a @ b.T, [t(3, 4), t(5, 4)]),
    case("matmulTransposeA", lambda a, b: a.T @ b, [t(4, 3), t(4, 5)]),
    case("matmulBatched", lambda a, b: a @ b, [t(2, 3, 4), t(2, 4, 5)]),
    case("matmulBatchTimesMatrix", lambda a, b: a @ b, [t(2, 3, 4), t(4, 2)]),
]

OUT.parent.mkdir(parents=True, exist_ok=True)
OUT.write_text(json.dumps({"torch": torch.__version__, "cases": cases}))
print(f"wrote {len(cases)} cases to {OUT}")
