"""Writes PyTorch reference values for the NeuralNetworks optimizers and checkpoints.

Run by a course author (not by the package or CI) whenever the optimizers change:

    python3 Scripts/make_optimizer_fixtures.py

It writes, under Tests/NeuralNetworksTests/Fixtures/:
  optimizers/optimizers.json     for SGD (plain, momentum, dampening, Nesterov, weight decay), Adam (+ weight decay)
                                 and AdamW: initial float32 parameters, the gradients given at each step (null: the
                                 parameter has no gradient that step and must be skipped), and the parameters and
                                 state after every step, computed by torch.optim.
  optimizers/gan_step.safetensors  one GAN training step of a narrow version of the `mlp` benchmark architecture
                                 (initial weights, data, noise, updated weights; losses in the metadata).
  optimizers/dcgan_steps.safetensors  three training steps of chapter 7's DCGAN, narrowed (z 16, width 8, batch 4),
                                 BatchNorm in training mode: initial weights, data and noise per step, losses, and
                                 afterwards every weight, every BatchNorm running statistic and G's evaluation-mode
                                 images for fixed noise.
  checkpoints/torch_written.safetensors  a file written by safetensors.torch.save_file, for the loader's tests.
"""
import json
import pathlib

import torch
from safetensors.torch import save_file

from reference_dcgan import dcgan_init, make_discriminator, make_generator

FIXTURES = pathlib.Path(__file__).resolve().parent.parent / "Tests/NeuralNetworksTests/Fixtures"
torch.manual_seed(0)


def flat(t):
    return t.detach().flatten().tolist()


def optimizer_case(name, make_optimizer, steps=4, skip=((1, 1),)):
    """Runs `steps` updates on three float32 parameters; `skip` lists (step, parameter) pairs without a gradient."""
    shapes = [[3, 4], [4], [2, 1, 3]]
    params = [torch.randn(s, dtype=torch.float32).requires_grad_(True) for s in shapes]
    initial = [flat(p) for p in params]
    optimizer = make_optimizer(params)
    grads, after = [], []
    for step in range(steps):
        step_grads = []
        for index, p in enumerate(params):
            if (step, index) in skip:
                p.grad = None
                step_grads.append(None)
            else:
                g = torch.randn(p.shape, dtype=torch.float32) * (index + 1) * 0.5
                p.grad = g.clone()
                step_grads.append(flat(g))
        optimizer.step()
        grads.append(step_grads)
        after.append([flat(p) for p in params])
    state = []
    for p in params:
        s = optimizer.state.get(p, {})
        state.append({key: (float(v) if key == "step" else flat(v)) for key, v in s.items() if v is not None})
    return {"name": name, "shapes": shapes, "initial": initial, "grads": grads, "after": after, "finalState": state}


def optimizer_fixtures():
    cases = [
        ("sgd", {"optimizer": "SGD", "lr": 0.1}, lambda ps: torch.optim.SGD(ps, lr=0.1)),
        ("sgdMomentum", {"optimizer": "SGD", "lr": 0.05, "momentum": 0.9},
         lambda ps: torch.optim.SGD(ps, lr=0.05, momentum=0.9)),
        ("sgdDampening", {"optimizer": "SGD", "lr": 0.05, "momentum": 0.8, "dampening": 0.3, "weightDecay": 0.01},
         lambda ps: torch.optim.SGD(ps, lr=0.05, momentum=0.8, dampening=0.3, weight_decay=0.01)),
        ("sgdNesterov", {"optimizer": "SGD", "lr": 0.05, "momentum": 0.9, "nesterov": True},
         lambda ps: torch.optim.SGD(ps, lr=0.05, momentum=0.9, nesterov=True)),
        ("sgdWeightDecay", {"optimizer": "SGD", "lr": 0.1, "weightDecay": 0.05},
         lambda ps: torch.optim.SGD(ps, lr=0.1, weight_decay=0.05)),
        ("adam", {"optimizer": "Adam", "lr": 1e-3},
         lambda ps: torch.optim.Adam(ps, lr=1e-3)),
        ("adamGAN", {"optimizer": "Adam", "lr": 2e-4, "beta1": 0.5, "beta2": 0.999},
         lambda ps: torch.optim.Adam(ps, lr=2e-4, betas=(0.5, 0.999))),
        ("adamWeightDecay", {"optimizer": "Adam", "lr": 1e-2, "beta1": 0.8, "beta2": 0.99, "eps": 1e-6, "weightDecay": 0.1},
         lambda ps: torch.optim.Adam(ps, lr=1e-2, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.1)),
        ("adamW", {"optimizer": "AdamW", "lr": 1e-2, "weightDecay": 0.01},
         lambda ps: torch.optim.AdamW(ps, lr=1e-2)),
        ("adamWStrongDecay", {"optimizer": "AdamW", "lr": 5e-2, "beta1": 0.5, "beta2": 0.9, "weightDecay": 0.3},
         lambda ps: torch.optim.AdamW(ps, lr=5e-2, betas=(0.5, 0.9), weight_decay=0.3)),
    ]
    out = []
    for name, hyper, make in cases:
        case = optimizer_case(name, make)
        case["hyper"] = hyper
        out.append(case)
    path = FIXTURES / "optimizers/optimizers.json"
    path.write_text(json.dumps({"torch": torch.__version__, "cases": out}, indent=1) + "\n")
    print("wrote", path)


def gan_step_fixture():
    """One training step of the `mlp` GAN, narrowed so the fixture stays small: G 16→32→64→128→64, D 64→64→32→16→1.

    Same layers as gan-bench's `mlp` (LeakyReLU 0.2, Tanh; Dropout 0.3, Sigmoid; BCE; Adam 2e-4, (0.5, 0.999)).
    D runs in eval mode, so Dropout is the identity: random masks cannot match across two random generators.
    """
    nz, batch = 16, 8
    G = torch.nn.Sequential(
        torch.nn.Linear(nz, 32), torch.nn.LeakyReLU(0.2),
        torch.nn.Linear(32, 64), torch.nn.LeakyReLU(0.2),
        torch.nn.Linear(64, 128), torch.nn.LeakyReLU(0.2),
        torch.nn.Linear(128, 64), torch.nn.Tanh())
    D = torch.nn.Sequential(
        torch.nn.Linear(64, 64), torch.nn.LeakyReLU(0.2), torch.nn.Dropout(0.3),
        torch.nn.Linear(64, 32), torch.nn.LeakyReLU(0.2), torch.nn.Dropout(0.3),
        torch.nn.Linear(32, 16), torch.nn.LeakyReLU(0.2), torch.nn.Dropout(0.3),
        torch.nn.Linear(16, 1), torch.nn.Sigmoid())
    D.eval()
    tensors = {}
    for prefix, model in (("G", G), ("D", D)):
        for name, p in model.named_parameters():
            tensors[f"initial.{prefix}.{name}"] = p.detach().clone()
    real = torch.rand(batch, 64) * 2 - 1
    noise = torch.randn(batch, nz)
    tensors["real"], tensors["noise"] = real, noise

    bce = torch.nn.BCELoss()
    opt_d = torch.optim.Adam(D.parameters(), lr=2e-4, betas=(0.5, 0.999))
    opt_g = torch.optim.Adam(G.parameters(), lr=2e-4, betas=(0.5, 0.999))
    ones, zeros = torch.ones(batch, 1), torch.zeros(batch, 1)

    opt_d.zero_grad()
    fake = G(noise)
    loss_d = bce(D(real), ones) + bce(D(fake.detach()), zeros)
    loss_d.backward()
    opt_d.step()

    opt_g.zero_grad()
    loss_g = bce(D(fake), ones)  # non-saturating: G wants D(G(z)) called real
    loss_g.backward()
    opt_g.step()

    for prefix, model in (("G", G), ("D", D)):
        for name, p in model.named_parameters():
            tensors[f"after.{prefix}.{name}"] = p.detach().clone()
            tensors[f"grad.{prefix}.{name}"] = p.grad.detach().clone()
    metadata = {"lossD": repr(loss_d.item()), "lossG": repr(loss_g.item()), "torch": torch.__version__,
                "note": "G step gradients of D are accumulated on top of the D step's (no zero_grad in between)"}
    path = FIXTURES / "optimizers/gan_step.safetensors"
    save_file({k: v.contiguous() for k, v in tensors.items()}, str(path), metadata=metadata)
    print("wrote", path, "lossD", loss_d.item(), "lossG", loss_g.item())


def dcgan_steps_fixture():
    """Three training steps of chapter 7's DCGAN (Scripts/reference_dcgan.py), narrowed so the fixture stays small.

    z 16 instead of 100, width 8 (G 16 → 32×4×4 → 16×8×8 → 8×16×16 → 3×32×32; D the mirror image), batch 4.
    Everything else as the chapter: no biases, BatchNorm in training mode (batch statistics, running statistics
    updated with momentum 0.1 and the unbiased variance), DCGAN initialisation, BCE, Adam 2e-4 (0.5, 0.999),
    the D step on real and detached fake, then the non-saturating G step on the same fakes.
    """
    nz, w, batch, steps = 16, 8, 4, 3
    nn = torch.nn
    G, D = make_generator(w, nz), make_discriminator(w)
    G.apply(dcgan_init)
    D.apply(dcgan_init)
    tensors = {}
    for prefix, model in (("G", G), ("D", D)):
        for name, p in model.named_parameters():
            tensors[f"initial.{prefix}.{name}"] = p.detach().clone()
    bce = nn.BCELoss()
    opt_d = torch.optim.Adam(D.parameters(), lr=2e-4, betas=(0.5, 0.999))
    opt_g = torch.optim.Adam(G.parameters(), lr=2e-4, betas=(0.5, 0.999))
    ones, zeros = torch.ones(batch, 1), torch.zeros(batch, 1)
    metadata = {"torch": torch.__version__, "steps": str(steps)}
    for step in range(steps):
        # Pixel values of 8-bit images scaled to [-1, 1], as the data loader gives them.
        real = torch.randint(0, 256, (batch, 3, 32, 32)).float() / 127.5 - 1
        noise = torch.randn(batch, nz)
        tensors[f"real.{step}"], tensors[f"noise.{step}"] = real, noise
        opt_d.zero_grad()
        fake = G(noise.view(batch, nz, 1, 1))
        loss_d = bce(D(real), ones) + bce(D(fake.detach()), zeros)
        loss_d.backward()
        opt_d.step()
        opt_g.zero_grad()
        loss_g = bce(D(fake), ones)
        loss_g.backward()
        opt_g.step()
        metadata[f"lossD.{step}"], metadata[f"lossG.{step}"] = repr(loss_d.item()), repr(loss_g.item())
    for prefix, model in (("G", G), ("D", D)):
        for name, t in list(model.named_parameters()) + list(model.named_buffers()):
            if not name.endswith("num_batches_tracked"):
                tensors[f"after.{prefix}.{name}"] = t.detach().clone()
    G.eval()
    with torch.no_grad():
        tensors["sampleNoise"] = torch.randn(batch, nz)
        tensors["samples"] = G(tensors["sampleNoise"].view(batch, nz, 1, 1))
    path = FIXTURES / "optimizers/dcgan_steps.safetensors"
    save_file({k: v.contiguous() for k, v in tensors.items()}, str(path), metadata=metadata)
    print("wrote", path, {k: v for k, v in metadata.items() if k.startswith("loss")})


def checkpoint_fixture():
    tensors = {
        "weight": torch.arange(6, dtype=torch.float32).reshape(2, 3) / 4 - 0.5,
        "bias": torch.tensor([1.5, -2.25], dtype=torch.float32),
        "double": torch.tensor([[1 / 3]], dtype=torch.float64),
        "scalar": torch.tensor(7.0, dtype=torch.float32),
        "nested/name.with dots": torch.zeros(0, 2, dtype=torch.float32),
    }
    path = FIXTURES / "checkpoints/torch_written.safetensors"
    save_file(tensors, str(path), metadata={"written_by": "safetensors.torch.save_file", "epoch": "3"})
    print("wrote", path)


if __name__ == "__main__":
    optimizer_fixtures()
    gan_step_fixture()
    dcgan_steps_fixture()
    checkpoint_fixture()
