#!/usr/bin/env python3
"""The vanilla MLP GAN of chapter 3, trained in PyTorch with the same recipe, as the reference to beat.

Same data files, same architecture and hyper-parameters as `swift run chapter-03`:
  G 100→256→512→1024→784, LeakyReLU 0.2, Tanh;  D 784→512→256→128→1, LeakyReLU 0.2, Dropout 0.3, Sigmoid;
  weights N(0, 0.02), biases 0; BCELoss; AdamW lr 2e-4, betas (0.5, 0.999), weight decay 1e-5; batch 128;
  per step: D on real (label 1, or --real-label) and detached fake (label 0), then G with the non-saturating loss.
Images are scaled to [-1, 1] (the generator's tanh range). Writes N samples, float32 N×1×28×28 in [-1, 1], to .npy.

    python3 Scripts/reference_mlp_gan.py --data-dir /usr/share/datasets/fashion-mnist --steps 5000 \
        --samples 10000 --output /tmp/reference-fashion.npy
    python3 Scripts/reference_mlp_gan.py --data-dir /work/shared/data/mnist-5k --steps 1500 --output /tmp/reference-mnist.npy
"""
import argparse
import gzip
import os
import struct
import sys
import time

import numpy as np
import torch
from torch import nn


def read_idx(path):
    """An IDX file (gzip or plain) as a NumPy array, or a clear error naming the file."""
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    if len(data) < 4 or data[0] != 0 or data[1] != 0 or data[2] != 8:
        sys.exit(f"{path}: expected an IDX file of unsigned bytes (magic 0x0000_08xx), found {data[:4].hex()}")
    rank = data[3]
    shape = struct.unpack(">" + "I" * rank, data[4:4 + 4 * rank])
    expected = int(np.prod(shape))
    body = np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * rank)
    if body.size != expected:
        sys.exit(f"{path}: header promises {expected} bytes of shape {shape}, found {body.size}")
    return body.reshape(shape)


def find(folder, stem):
    for name in (stem + ".gz", stem):
        path = os.path.join(folder, name)
        if os.path.exists(path):
            return path
    sys.exit(f"{folder}: expected {stem}.gz (or {stem}), found neither")


def generator():
    return nn.Sequential(
        nn.Linear(100, 256), nn.LeakyReLU(0.2),
        nn.Linear(256, 512), nn.LeakyReLU(0.2),
        nn.Linear(512, 1024), nn.LeakyReLU(0.2),
        nn.Linear(1024, 784), nn.Tanh())


def discriminator():
    return nn.Sequential(
        nn.Linear(784, 512), nn.LeakyReLU(0.2), nn.Dropout(0.3),
        nn.Linear(512, 256), nn.LeakyReLU(0.2), nn.Dropout(0.3),
        nn.Linear(256, 128), nn.LeakyReLU(0.2), nn.Dropout(0.3),
        nn.Linear(128, 1), nn.Sigmoid())


def gan_normal(module):
    if isinstance(module, nn.Linear):
        nn.init.normal_(module.weight, 0.0, 0.02)
        nn.init.zeros_(module.bias)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", required=True, help="folder with train-images-idx3-ubyte.gz")
    parser.add_argument("--steps", type=int, default=5000)
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--real-label", type=float, default=1.0, help="0.9 for one-sided label smoothing")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--samples", type=int, default=10000)
    parser.add_argument("--output", required=True, help="the .npy file for the samples")
    args = parser.parse_args()

    torch.set_num_threads(2)
    torch.manual_seed(args.seed)
    pixels = read_idx(find(args.data_dir, "train-images-idx3-ubyte"))
    images = torch.from_numpy(pixels.astype(np.float32) / 127.5 - 1).reshape(-1, 784)
    n = images.shape[0]
    print(f"{n} training images from {args.data_dir}, range [{images.min():.1f}, {images.max():.1f}]")

    G, D = generator(), discriminator()
    G.apply(gan_normal)
    D.apply(gan_normal)
    loss = nn.BCELoss()
    opt_g = torch.optim.AdamW(G.parameters(), lr=2e-4, betas=(0.5, 0.999), weight_decay=1e-5)
    opt_d = torch.optim.AdamW(D.parameters(), lr=2e-4, betas=(0.5, 0.999), weight_decay=1e-5)
    batch = args.batch_size
    real_labels = torch.full((batch, 1), args.real_label)
    fake_labels = torch.zeros(batch, 1)

    step, start = 0, time.time()
    while step < args.steps:
        order = torch.randperm(n)
        for first in range(0, n - batch + 1, batch):  # drop_last=True
            if step == args.steps:
                break
            real = images[order[first:first + batch]]
            # Discriminator: real images towards 1, detached fakes towards 0.
            opt_d.zero_grad()
            z = torch.randn(batch, 100)
            fake = G(z)
            d_real = D(real)
            d_fake = D(fake.detach())
            loss_d = loss(d_real, real_labels) + loss(d_fake, fake_labels)
            loss_d.backward()
            opt_d.step()
            # Generator: the non-saturating loss, -log D(G(z)).
            opt_g.zero_grad()
            loss_g = loss(D(fake), torch.ones(batch, 1))
            loss_g.backward()
            opt_g.step()
            step += 1
            if step % 500 == 0 or step == args.steps:
                rate = step / (time.time() - start)
                print(f"step {step}/{args.steps}  {rate:.1f} steps/s  D loss {loss_d.item():.3f}  G loss {loss_g.item():.3f}"
                      f"  D(x) {d_real.mean().item():.3f}  D(G(z)) {d_fake.mean().item():.3f}", flush=True)

    G.eval()
    with torch.no_grad():
        samples = torch.cat([G(torch.randn(min(1000, args.samples - i), 100))
                             for i in range(0, args.samples, 1000)]).reshape(-1, 1, 28, 28)
    np.save(args.output, samples.numpy().astype(np.float32))
    print(f"wrote {samples.shape[0]} samples to {args.output} ({time.time() - start:.0f} s)")


if __name__ == "__main__":
    main()
