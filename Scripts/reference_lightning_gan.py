#!/usr/bin/env python3
"""The CNN GAN of the Lightning tutorial (chapter 6), trained in plain PyTorch the way Lightning 1.x runs it.

The tutorial's models and recipe, exactly:
  D: Conv(1→10, k5) → max-pool 2 → ReLU → Conv(10→20, k5) → Dropout2d → max-pool 2 → ReLU → 320 → Linear 50 → ReLU
     → dropout 0.5 → Linear 1 → sigmoid;
  G: Linear(100 → 7·7·64) → ReLU → reshape → ConvT(64→32, k4, s2) → ReLU → ConvT(32→16, k4, s2) → ReLU → Conv(16→1, k7),
     no output activation; PyTorch's default initialisation;
  Adam lr 2e-4, default betas, for both; batch 128 from a 55,000 / 5,000 random split of the training set;
  images normalised with MNIST's mean and std (0.1307, 0.3081), as the tutorial does (also for Fashion-MNIST);
  per batch, as Lightning 1.x's automatic optimisation: optimizer 0 (G) with fresh noise, D's parameters switched
  off; then optimizer 1 (D) with fresh noise again, G's switched off; BCE; D's loss (real + fake) / 2.
One "step" is one batch (a G update and a D update), as in `swift run chapter-06 --steps N`.

The samples are mapped back from the normalised space to pixels, x·std + mean, clamped to [0, 1], and written
as float32 N×1×28×28 in [-1, 1] for Scripts/judge_samples.py (the same mapping the chapter's --export-samples uses).
`--recipe tanh` trains the remedy instead: a tanh output and pixels in [-1, 1].

    python3 Scripts/reference_lightning_gan.py --data-dir /usr/share/datasets/fashion-mnist --steps 5000 \
        --samples 10000 --output /tmp/reference-lightning-fashion.npy
"""
import argparse
import os
import sys
import time

import numpy as np
import torch
from torch import nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from reference_mlp_gan import find, read_idx  # noqa: E402

MEAN, STD = 0.1307, 0.3081


class Discriminator(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 10, kernel_size=5)
        self.conv2 = nn.Conv2d(10, 20, kernel_size=5)
        self.conv2_drop = nn.Dropout2d()
        self.fc1 = nn.Linear(320, 50)
        self.fc2 = nn.Linear(50, 1)

    def forward(self, x):
        x = F.relu(F.max_pool2d(self.conv1(x), 2))
        x = F.relu(F.max_pool2d(self.conv2_drop(self.conv2(x)), 2))
        x = x.view(-1, 320)
        x = F.relu(self.fc1(x))
        x = F.dropout(x, training=self.training)
        return torch.sigmoid(self.fc2(x))


class Generator(nn.Module):
    def __init__(self, latent_dim, tanh):
        super().__init__()
        self.lin1 = nn.Linear(latent_dim, 7 * 7 * 64)
        self.ct1 = nn.ConvTranspose2d(64, 32, 4, stride=2)
        self.ct2 = nn.ConvTranspose2d(32, 16, 4, stride=2)
        self.conv = nn.Conv2d(16, 1, kernel_size=7)
        self.tanh = tanh

    def forward(self, x):
        x = F.relu(self.lin1(x)).view(-1, 64, 7, 7)
        x = F.relu(self.ct1(x))
        x = F.relu(self.ct2(x))
        x = self.conv(x)
        return torch.tanh(x) if self.tanh else x


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", required=True)
    parser.add_argument("--steps", type=int, default=5000, help="batches, each one G and one D update")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--recipe", choices=["tutorial", "tanh"], default="tutorial")
    parser.add_argument("--samples", type=int, default=10000)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--output", required=True, help=".npy file for the samples")
    args = parser.parse_args()
    if not args.output.endswith(".npy"):
        sys.exit(f"--output expects a path ending in .npy, got {args.output}")
    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)

    pixels = read_idx(find(args.data_dir, "train-images-idx3-ubyte")).astype(np.float32) / 255
    if args.recipe == "tutorial":
        data = (pixels - MEAN) / STD
    else:
        data = pixels * 2 - 1
    data = torch.from_numpy(data).reshape(-1, 1, 28, 28)
    n_val = 5000 if len(data) == 60000 else len(data) // 12
    order = torch.randperm(len(data), generator=torch.Generator().manual_seed(args.seed))
    train = data[order[n_val:]]
    print(f"{len(train)} training images ({len(data)} in {args.data_dir}, {n_val} held out), recipe {args.recipe}")

    G, D = Generator(100, args.recipe == "tanh"), Discriminator()
    opt_g = torch.optim.Adam(G.parameters(), lr=2e-4)
    opt_d = torch.optim.Adam(D.parameters(), lr=2e-4)
    step, start = 0, time.time()
    while step < args.steps:
        perm = torch.randperm(len(train))
        for i in range(0, len(train), 128):
            if step >= args.steps:
                break
            real = train[perm[i:i + 128]]
            n = len(real)
            # optimizer 0: the generator; D's parameters switched off (toggle_optimizer)
            for p in D.parameters():
                p.requires_grad_(False)
            z = torch.randn(n, 100)
            g_loss = F.binary_cross_entropy(D(G(z)), torch.ones(n, 1))
            opt_g.zero_grad()
            g_loss.backward()
            opt_g.step()
            for p in D.parameters():
                p.requires_grad_(True)
            # optimizer 1: the discriminator, with fresh noise and G run again
            for p in G.parameters():
                p.requires_grad_(False)
            z = torch.randn(n, 100)
            real_loss = F.binary_cross_entropy(D(real), torch.ones(n, 1))
            fake_loss = F.binary_cross_entropy(D(G(z).detach()), torch.zeros(n, 1))
            d_loss = (real_loss + fake_loss) / 2
            opt_d.zero_grad()
            d_loss.backward()
            opt_d.step()
            for p in G.parameters():
                p.requires_grad_(True)
            step += 1
            if step % 250 == 0 or step == args.steps:
                rate = step / (time.time() - start)
                print(f"step {step}/{args.steps}  {rate:.2f} steps/s  d_loss {d_loss.item():.3f}  g_loss {g_loss.item():.3f}", flush=True)

    with torch.no_grad():
        samples = torch.cat([G(torch.randn(min(1000, args.samples - s), 100)) for s in range(0, args.samples, 1000)])
    if args.recipe == "tutorial":
        samples = (samples * STD + MEAN).clamp(0, 1) * 2 - 1
    else:
        samples = samples.clamp(-1, 1)
    np.save(args.output, samples.numpy().astype(np.float32))
    print(f"Wrote {len(samples)} samples {tuple(samples.shape)} to {args.output} in {time.time() - start:.0f} s")


if __name__ == "__main__":
    main()
