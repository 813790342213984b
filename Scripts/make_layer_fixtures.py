"""Writes PyTorch reference values for the NeuralNetworks layers and losses.

Run by a course author (not by the package or CI) whenever a layer is added:

    python3 Scripts/make_layer_fixtures.py

For every case it builds the PyTorch layer in float64 with random parameters (and random running
statistics for BatchNorm), runs it on a random input, and back-propagates L = sum(output * w) for
fixed random weights w. One small JSON file per case goes to Tests/NeuralNetworksTests/Fixtures/layers/:
the configuration, input, parameters, buffers before and after, output, w, and the gradients of
the input and of every parameter.
"""
import json
import pathlib

import torch
import torch.nn as nn

torch.manual_seed(0)
torch.set_default_dtype(torch.float64)
OUT = pathlib.Path(__file__).resolve().parent.parent / "Tests/NeuralNetworksTests/Fixtures/layers"


def numbers(values):
    """12 significant digits: small files, and still far below the tests' float64 tolerance (1e-9)."""
    return [float("%.12g" % v) for v in values]


def array(t):
    return {"shape": list(t.shape), "data": numbers(t.detach().flatten().tolist())}


def uniform(*shape, low=-2.0, high=2.0):
    return torch.rand(*shape) * (high - low) + low


def write(name, payload):
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / f"{name}.json").write_text(json.dumps({"name": name, "torch": torch.__version__, **payload}))


def layer_case(name, layer, x, config, train=True):
    """A layer: randomise every parameter and buffer, run forward and backward, store it all."""
    with torch.no_grad():
        for p in layer.parameters():
            p.copy_(torch.tensor(numbers(uniform(p.numel(), low=-1.0, high=1.0).tolist())).reshape(p.shape))
        for buffer_name, b in layer.named_buffers():
            if buffer_name.endswith("running_mean"):
                b.copy_(torch.tensor(numbers(uniform(b.numel(), low=-0.5, high=0.5).tolist())))
            elif buffer_name.endswith("running_var"):
                b.copy_(torch.tensor(numbers(uniform(b.numel(), low=0.5, high=2.0).tolist())))
    layer.train(train)
    buffers_before = {k: array(v.double()) for k, v in layer.state_dict().items() if k not in dict(layer.named_parameters())}
    parameters = {k: array(v) for k, v in layer.named_parameters()}
    x = torch.tensor(numbers(x.flatten().tolist())).reshape(x.shape).requires_grad_(True)
    y = layer(x)
    w = torch.tensor(numbers(torch.randn(y.numel()).tolist())).reshape(y.shape)
    (y * w).sum().backward()
    buffers_after = {k: array(v.double()) for k, v in layer.state_dict().items() if k not in dict(layer.named_parameters())}
    write(name, {
        "config": config, "training": train,
        "input": array(x), "parameters": parameters, "buffersBefore": buffers_before,
        "output": array(y), "outputWeights": numbers(w.flatten().tolist()),
        "inputGrad": array(x.grad), "parameterGrads": {k: array(p.grad) for k, p in layer.named_parameters()},
        "buffersAfter": buffers_after,
    })


def loss_case(name, loss, prediction, target, labels=None, target_grad=True):
    """A loss: its value and the gradient of the loss itself with respect to the prediction (and a float target).
    target_grad=False leaves out the target's gradient (infinite for saturated BCE, which JSON cannot hold)."""
    prediction = torch.tensor(numbers(prediction.flatten().tolist())).reshape(prediction.shape).requires_grad_(True)
    if labels is not None:
        value = loss(prediction, torch.tensor(labels))
        value.backward()
        write(name, {"input": array(prediction), "labels": labels, "output": array(value), "inputGrad": array(prediction.grad)})
        return
    target = torch.tensor(numbers(target.flatten().tolist())).reshape(target.shape).requires_grad_(target_grad)
    value = loss(prediction, target)
    value.backward()
    grads = {"inputGrad": array(prediction.grad)}
    if target_grad:
        grads["targetGrad"] = array(target.grad)
    write(name, {"input": array(prediction), "target": array(target), "output": array(value), **grads})


# Linear
layer_case("linear", nn.Linear(5, 3), uniform(4, 5), {"in": 5, "out": 3, "bias": True})
layer_case("linear_nobias", nn.Linear(4, 2, bias=False), uniform(3, 4), {"in": 4, "out": 2, "bias": False})

# Conv2d: (in, out, k, stride, padding, bias), input shape
for (cin, cout, k, s, p, bias), shape in [
    ((2, 3, 3, 1, 1, True), (2, 2, 4, 4)),
    ((2, 2, 4, 2, 1, True), (2, 2, 6, 6)),
    ((2, 2, 3, 2, 0, False), (2, 2, 5, 5)),
]:
    layer_case(f"conv2d_k{k}_s{s}_p{p}", nn.Conv2d(cin, cout, k, s, p, bias=bias), uniform(*shape),
               {"in": cin, "out": cout, "kernel": k, "stride": s, "padding": p, "outputPadding": 0, "bias": bias})

# ConvTranspose2d: (in, out, k, stride, padding, output padding, bias), input shape
for (cin, cout, k, s, p, op, bias), shape in [
    ((2, 2, 4, 2, 1, 0, True), (2, 2, 3, 3)),
    ((2, 2, 3, 2, 1, 1, True), (2, 2, 3, 3)),
    ((3, 2, 4, 1, 0, 0, False), (2, 3, 1, 1)),
]:
    layer_case(f"convtranspose2d_k{k}_s{s}_p{p}_op{op}", nn.ConvTranspose2d(cin, cout, k, s, p, op, bias=bias), uniform(*shape),
               {"in": cin, "out": cout, "kernel": k, "stride": s, "padding": p, "outputPadding": op, "bias": bias})

# BatchNorm, training (batch statistics, running-stat update) and evaluation (running statistics)
layer_case("batchnorm1d_train", nn.BatchNorm1d(4), uniform(6, 4), {"channels": 4, "eps": 1e-5, "momentum": 0.1})
layer_case("batchnorm1d_train_3d", nn.BatchNorm1d(3, eps=1e-3, momentum=0.2), uniform(2, 3, 5),
           {"channels": 3, "eps": 1e-3, "momentum": 0.2})
layer_case("batchnorm1d_eval", nn.BatchNorm1d(4), uniform(5, 4), {"channels": 4, "eps": 1e-5, "momentum": 0.1}, train=False)
layer_case("batchnorm2d_train", nn.BatchNorm2d(3, momentum=0.2), uniform(2, 3, 3, 3), {"channels": 3, "eps": 1e-5, "momentum": 0.2})
layer_case("batchnorm2d_eval", nn.BatchNorm2d(3), uniform(2, 3, 3, 3), {"channels": 3, "eps": 1e-5, "momentum": 0.1}, train=False)

# Pooling and activations
layer_case("maxpool2d_k2", nn.MaxPool2d(2), uniform(2, 2, 4, 4), {"kernel": 2, "stride": 2})
layer_case("maxpool2d_k3_s2", nn.MaxPool2d(3, 2), uniform(1, 2, 7, 7), {"kernel": 3, "stride": 2})
layer_case("leakyrelu", nn.LeakyReLU(0.2), uniform(3, 5), {"slope": 0.2})
layer_case("relu", nn.ReLU(), uniform(3, 5), {})
layer_case("tanh", nn.Tanh(), uniform(3, 5), {})
layer_case("sigmoid", nn.Sigmoid(), uniform(3, 5, low=-6, high=6), {})

# Losses (mean reduction)
loss_case("bce", nn.BCELoss(), uniform(6, 1, low=0.05, high=0.95), uniform(6, 1, low=0, high=1))
loss_case("bce_saturated", nn.BCELoss(), torch.tensor([0.0, 1.0, 0.0, 1.0, 0.5]), torch.tensor([1.0, 0.0, 0.0, 1.0, 0.3]),
          target_grad=False)
loss_case("bce_with_logits", nn.BCEWithLogitsLoss(), torch.tensor([-40.0, -3.0, -0.5, 0.0, 0.7, 2.5, 40.0]),
          uniform(7, low=0, high=1))
loss_case("mse", nn.MSELoss(), uniform(4, 3), uniform(4, 3))
loss_case("cross_entropy", nn.CrossEntropyLoss(), uniform(4, 5, low=-3, high=3), None, labels=[2, 0, 4, 4])

# Whole models: PyTorch's state_dict keys and parameter counts, to check names and summary numbers.
def mlp_generator():
    return nn.Sequential(nn.Linear(100, 256), nn.LeakyReLU(0.2), nn.Linear(256, 512), nn.LeakyReLU(0.2),
                         nn.Linear(512, 1024), nn.LeakyReLU(0.2), nn.Linear(1024, 784), nn.Tanh())


def mlp_generator_batchnorm():
    return nn.Sequential(nn.Linear(100, 128), nn.LeakyReLU(0.2), nn.Linear(128, 256), nn.BatchNorm1d(256, momentum=0.2),
                         nn.LeakyReLU(0.2), nn.Linear(256, 784), nn.Tanh())


def dcgan_generator():
    return nn.Sequential(nn.ConvTranspose2d(100, 256, 4, 1, 0, bias=False), nn.BatchNorm2d(256), nn.ReLU(),
                         nn.ConvTranspose2d(256, 128, 4, 2, 1, bias=False), nn.BatchNorm2d(128), nn.ReLU(),
                         nn.ConvTranspose2d(128, 64, 4, 2, 1, bias=False), nn.BatchNorm2d(64), nn.ReLU(),
                         nn.ConvTranspose2d(64, 3, 4, 2, 1, bias=False), nn.Tanh())


def dcgan_discriminator():
    return nn.Sequential(nn.Conv2d(3, 64, 4, 2, 1, bias=False), nn.LeakyReLU(0.2),
                         nn.Conv2d(64, 128, 4, 2, 1, bias=False), nn.BatchNorm2d(128), nn.LeakyReLU(0.2),
                         nn.Conv2d(128, 256, 4, 2, 1, bias=False), nn.BatchNorm2d(256), nn.LeakyReLU(0.2),
                         nn.Conv2d(256, 1, 4, 1, 0, bias=False), nn.Flatten(), nn.Sigmoid())


models = {}
for name, make, input_shape in [("mlpGenerator", mlp_generator, (2, 100)),
                                ("mlpGeneratorBatchNorm", mlp_generator_batchnorm, (2, 100)),
                                ("dcganGenerator", dcgan_generator, (2, 100, 1, 1)),
                                ("dcganDiscriminator", dcgan_discriminator, (2, 3, 32, 32))]:
    model = make()
    models[name] = {"stateDictKeys": list(model.state_dict().keys()),
                    "parameterCount": sum(p.numel() for p in model.parameters()),
                    "inputShape": list(input_shape),
                    "outputShape": list(model(torch.zeros(input_shape)).shape)}
(OUT / "models.json").write_text(json.dumps(models, indent=1))
