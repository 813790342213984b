#!/usr/bin/env python3
"""Chapter 7's DCGAN, trained in PyTorch with the same recipe, as the reference to beat.

Same data files, architecture and hyper-parameters as `swift run chapter-07`:
  G z100 → ConvT(100→4w, k4 s1 p0) 4×4 → ConvT(4w→2w, k4 s2 p1) 8×8 → ConvT(2w→w) 16×16 → ConvT(w→3) 32×32,
    BatchNorm + ReLU after all but the last, Tanh; no biases; width w = 32 as the chapter's default (--width);
  D Conv(3→w, k4 s2 p1) LeakyReLU 0.2 → Conv(w→2w) BN LReLU → Conv(2w→4w) BN LReLU → Conv(4w→1, k4 s1 p0), Sigmoid;
  conv weights N(0, 0.02), BatchNorm weight N(1, 0.02), bias 0; BCELoss; Adam lr 2e-4, betas (0.5, 0.999); batch 128;
  per step: D on real (label 1) and detached fake (label 0), then G with the non-saturating loss on the same fakes.
Images are CIFAR-10 binary batches scaled to [-1, 1]; each epoch reshuffles and drops the last partial batch.
Samples come from G in evaluation mode (BatchNorm running statistics), as the chapter's do.
Writes N samples, float32 N×3×32×32 in [-1, 1], to .npy.

    python3 Scripts/reference_dcgan.py --data-dir /work/shared/data/cifar10 --steps 1500 \
        --samples 10000 --output /tmp/reference-dcgan.npy
"""
import argparse
import gzip
import os
import sys
import time

import numpy as np
import torch
from torch import nn


def read_cifar_batch(path):
    """One CIFAR-10 binary batch (plain or .gz): uint8 images N×3×32×32 and int64 labels, or a clear error."""
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = np.frombuffer(f.read(), dtype=np.uint8)
    if data.size == 0 or data.size % 3073 != 0:
        sys.exit(f"{path}: expected a multiple of 3,073 bytes (1 label + 3,072 pixels per image), found {data.size}")
    records = data.reshape(-1, 3073)
    return records[:, 1:].reshape(-1, 3, 32, 32), records[:, 0].astype(np.int64)


def find_batches(folder, names):
    found = []
    for name in names:
        for candidate in (name, name + ".gz"):
            path = os.path.join(folder, candidate)
            if os.path.exists(path):
                found.append(path)
                break
    return found


def load_training_images(folder):
    paths = find_batches(folder, [f"data_batch_{i}.bin" for i in range(1, 6)])
    if not paths:
        sys.exit(f"{folder}: expected CIFAR-10's data_batch_N.bin[.gz], found none")
    images = np.concatenate([read_cifar_batch(p)[0] for p in paths])
    return torch.from_numpy(images.astype(np.float32) / 127.5 - 1), paths


def make_generator(w=32, nz=100):
    return nn.Sequential(
        nn.ConvTranspose2d(nz, 4 * w, 4, 1, 0, bias=False), nn.BatchNorm2d(4 * w), nn.ReLU(True),
        nn.ConvTranspose2d(4 * w, 2 * w, 4, 2, 1, bias=False), nn.BatchNorm2d(2 * w), nn.ReLU(True),
        nn.ConvTranspose2d(2 * w, w, 4, 2, 1, bias=False), nn.BatchNorm2d(w), nn.ReLU(True),
        nn.ConvTranspose2d(w, 3, 4, 2, 1, bias=False), nn.Tanh())


def make_discriminator(w=32):
    return nn.Sequential(
        nn.Conv2d(3, w, 4, 2, 1, bias=False), nn.LeakyReLU(0.2, True),
        nn.Conv2d(w, 2 * w, 4, 2, 1, bias=False), nn.BatchNorm2d(2 * w), nn.LeakyReLU(0.2, True),
        nn.Conv2d(2 * w, 4 * w, 4, 2, 1, bias=False), nn.BatchNorm2d(4 * w), nn.LeakyReLU(0.2, True),
        nn.Conv2d(4 * w, 1, 4, 1, 0, bias=False), nn.Flatten(), nn.Sigmoid())


def dcgan_init(module):
    if isinstance(module, (nn.Conv2d, nn.ConvTranspose2d)):
        nn.init.normal_(module.weight, 0.0, 0.02)
    elif isinstance(module, nn.BatchNorm2d):
        nn.init.normal_(module.weight, 1.0, 0.02)
        nn.init.zeros_(module.bias)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", required=True)
    parser.add_argument("--steps", type=int, default=1500)
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--width", type=int, default=32, help="channels w of G's last hidden and D's first layer, as chapter-07 --width")
    parser.add_argument("--samples", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--output", required=True, help=".npy file for the samples")
    parser.add_argument("--export-every", type=int, default=0,
                        help="also write the samples after every this many steps, to OUTPUT with -stepN before .npy")
    args = parser.parse_args()
    if not args.output.endswith(".npy"):
        sys.exit(f"--output: expected a path ending in .npy, got {args.output}")
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)

    images, paths = load_training_images(args.data_dir)
    print(f"{len(images)} training images from {', '.join(paths)}")
    netG, netD = make_generator(args.width), make_discriminator(args.width)
    netG.apply(dcgan_init)
    netD.apply(dcgan_init)
    optG = torch.optim.Adam(netG.parameters(), lr=2e-4, betas=(0.5, 0.999))
    optD = torch.optim.Adam(netD.parameters(), lr=2e-4, betas=(0.5, 0.999))
    bce = nn.BCELoss()
    batch = args.batch_size
    ones, zeros = torch.ones(batch, 1), torch.zeros(batch, 1)

    step, start = 0, time.time()
    while step < args.steps:
        order = torch.randperm(len(images))
        for first in range(0, len(images) - batch + 1, batch):
            if step == args.steps:
                break
            real = images[order[first:first + batch]]
            optD.zero_grad()
            fake = netG(torch.randn(batch, 100, 1, 1))
            lossD = bce(netD(real), ones) + bce(netD(fake.detach()), zeros)
            lossD.backward()
            optD.step()
            optG.zero_grad()
            lossG = bce(netD(fake), ones)
            lossG.backward()
            optG.step()
            step += 1
            if args.export_every and step % args.export_every == 0 and step < args.steps:
                export(netG, args.samples, args.output[:-len(".npy")] + f"-step{step}.npy")
                netG.train()
                print(f"wrote samples after step {step}", flush=True)
            if step % 50 == 0 or step == args.steps:
                rate = step / (time.time() - start)
                print(f"step {step}/{args.steps}  {rate:.2f} steps/s  ETA {(args.steps - step) / rate / 60:.1f} min  "
                      f"D loss {lossD.item():.3f}  G loss {lossG.item():.3f}", flush=True)

    samples = export(netG, args.samples, args.output)
    print(f"wrote {len(samples)} samples {tuple(samples.shape)} to {args.output} after {step} steps, {time.time() - start:.0f} s")


def export(netG, count, path):
    """`count` samples of G in evaluation mode, written atomically to `path` as float32 N×3×32×32."""
    netG.eval()
    with torch.no_grad():
        samples = torch.cat([netG(torch.randn(min(1000, count - i), 100, 1, 1)) for i in range(0, count, 1000)])
    partial = path + ".partial.npy"
    np.save(partial, samples.numpy().astype(np.float32))
    os.replace(partial, path)
    return samples


if __name__ == "__main__":
    main()
