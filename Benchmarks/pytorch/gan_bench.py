"""PyTorch side of gan-bench: times one full GAN training step on random data, on 2 CPU threads
(or `--threads N`).

    python3 Benchmarks/pytorch/gan_bench.py --config mlp --steps 20

One step is what a GAN training loop does per batch (batch 128, Adam lr 2e-4, betas (0.5, 0.999), BCE):
  D step: D(real) against ones and D(G(z).detach()) against zeros, backward, Adam step;
  G step: D(G(z)) against ones (the non-saturating loss), backward, Adam step.
The models are the same as in Benchmarks/gan-bench/main.swift. The last line is `<config> ms/step=<number>`.
"""
import argparse
import time

import torch
from torch import nn

BATCH = 128


def mlp():
    g = nn.Sequential(
        nn.Linear(100, 256), nn.LeakyReLU(0.2), nn.Linear(256, 512), nn.LeakyReLU(0.2),
        nn.Linear(512, 1024), nn.LeakyReLU(0.2), nn.Linear(1024, 784), nn.Tanh())
    d = nn.Sequential(
        nn.Linear(784, 512), nn.LeakyReLU(0.2), nn.Dropout(0.3),
        nn.Linear(512, 256), nn.LeakyReLU(0.2), nn.Dropout(0.3),
        nn.Linear(256, 128), nn.LeakyReLU(0.2), nn.Dropout(0.3),
        nn.Linear(128, 1), nn.Sigmoid())
    return g, d, [100], [784]


def dcgan28():
    nz, ngf, ndf = 128, 32, 32
    g = nn.Sequential(
        nn.ConvTranspose2d(nz, ngf * 4, 4, 1, 0, bias=False), nn.BatchNorm2d(ngf * 4), nn.ReLU(),       # 1 → 4
        nn.ConvTranspose2d(ngf * 4, ngf * 2, 3, 2, 1, bias=False), nn.BatchNorm2d(ngf * 2), nn.ReLU(),  # 4 → 7
        nn.ConvTranspose2d(ngf * 2, ngf, 4, 2, 1, bias=False), nn.BatchNorm2d(ngf), nn.ReLU(),          # 7 → 14
        nn.ConvTranspose2d(ngf, 1, 4, 2, 1, bias=False), nn.Tanh())                                     # 14 → 28
    d = nn.Sequential(
        nn.Conv2d(1, ndf, 4, 2, 1, bias=False), nn.LeakyReLU(0.2),                                      # 28 → 14
        nn.Conv2d(ndf, ndf * 2, 4, 2, 1, bias=False), nn.BatchNorm2d(ndf * 2), nn.LeakyReLU(0.2),       # 14 → 7
        nn.Conv2d(ndf * 2, ndf * 4, 3, 2, 1, bias=False), nn.BatchNorm2d(ndf * 4), nn.LeakyReLU(0.2),   # 7 → 4
        nn.Conv2d(ndf * 4, 1, 4, 1, 0, bias=False), nn.Sigmoid())                                       # 4 → 1
    return g, d, [nz, 1, 1], [1, 28, 28]


def dcgan32():
    nz, ngf, ndf = 100, 64, 64
    g = nn.Sequential(
        nn.ConvTranspose2d(nz, ngf * 8, 4, 1, 0, bias=False), nn.BatchNorm2d(ngf * 8), nn.ReLU(),       # 1 → 4
        nn.ConvTranspose2d(ngf * 8, ngf * 4, 4, 2, 1, bias=False), nn.BatchNorm2d(ngf * 4), nn.ReLU(),  # 4 → 8
        nn.ConvTranspose2d(ngf * 4, ngf * 2, 4, 2, 1, bias=False), nn.BatchNorm2d(ngf * 2), nn.ReLU(),  # 8 → 16
        nn.ConvTranspose2d(ngf * 2, 3, 4, 2, 1, bias=False), nn.Tanh())                                 # 16 → 32
    d = nn.Sequential(
        nn.Conv2d(3, ndf, 4, 2, 1, bias=False), nn.LeakyReLU(0.2),                                      # 32 → 16
        nn.Conv2d(ndf, ndf * 2, 4, 2, 1, bias=False), nn.BatchNorm2d(ndf * 2), nn.LeakyReLU(0.2),       # 16 → 8
        nn.Conv2d(ndf * 2, ndf * 4, 4, 2, 1, bias=False), nn.BatchNorm2d(ndf * 4), nn.LeakyReLU(0.2),   # 8 → 4
        nn.Conv2d(ndf * 4, 1, 4, 1, 0, bias=False), nn.Sigmoid())                                       # 4 → 1
    return g, d, [nz, 1, 1], [3, 32, 32]


CONFIGS = {"mlp": mlp, "dcgan28": dcgan28, "dcgan32": dcgan32}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", choices=sorted(CONFIGS), default="mlp")
    parser.add_argument("--steps", type=int, default=20, help="timed steps")
    parser.add_argument("--warmup", type=int, default=3, help="untimed steps first")
    parser.add_argument("--threads", type=int, default=2, help="intra-op threads (the comparison uses 2)")
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    g, d, noise_shape, sample_shape = CONFIGS[args.config]()
    opt_g = torch.optim.Adam(g.parameters(), lr=2e-4, betas=(0.5, 0.999))
    opt_d = torch.optim.Adam(d.parameters(), lr=2e-4, betas=(0.5, 0.999))
    bce = nn.BCELoss()
    real = torch.rand([BATCH] + sample_shape) * 2 - 1
    ones, zeros = torch.ones(BATCH, 1), torch.zeros(BATCH, 1)
    phases = {"D forward and backward (with the G forward pass)": 0.0, "G forward and backward": 0.0, "Adam steps (D and G)": 0.0}

    def step(timed):
        t0 = time.perf_counter()
        opt_d.zero_grad()
        fake = g(torch.randn([BATCH] + noise_shape))
        loss_d = bce(d(real).view(BATCH, 1), ones) + bce(d(fake.detach()).view(BATCH, 1), zeros)
        loss_d.backward()
        t1 = time.perf_counter()
        opt_d.step()
        t2 = time.perf_counter()
        opt_g.zero_grad()
        loss_g = bce(d(fake).view(BATCH, 1), ones)
        loss_g.backward()
        t3 = time.perf_counter()
        opt_g.step()
        t4 = time.perf_counter()
        if timed:
            phases["D forward and backward (with the G forward pass)"] += t1 - t0
            phases["G forward and backward"] += t3 - t2
            phases["Adam steps (D and G)"] += (t2 - t1) + (t4 - t3)
        return loss_d.item(), loss_g.item()

    for _ in range(args.warmup):
        step(False)
    start = time.perf_counter()
    for _ in range(args.steps):
        losses = step(True)
    ms = (time.perf_counter() - start) * 1000 / args.steps
    n_g = sum(p.numel() for p in g.parameters())
    n_d = sum(p.numel() for p in d.parameters())
    print(f"PyTorch {torch.__version__}, {torch.get_num_threads()} threads, batch {BATCH}, "
          f"G {n_g} parameters, D {n_d} parameters, {args.warmup} warm-up + {args.steps} timed steps")
    for name, seconds in phases.items():
        print(f"  {name}: {seconds * 1000 / args.steps:.2f} ms")
    print(f"  last losses: D {losses[0]:.4f}, G {losses[1]:.4f}")
    print(f"{args.config} ms/step={ms:.2f}")


if __name__ == "__main__":
    main()
