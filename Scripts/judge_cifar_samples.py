#!/usr/bin/env python3
"""Judges generated 32×32 colour samples with an independent CIFAR-10 classifier, side by side.

Trains (once; cached) a CNN in PyTorch, a different model and framework from the chapter's judge
(VGG-style: 3 stages of two 3×3 convolutions with BatchNorm, max-pooling and dropout, then 256 features),
on CIFAR-10's test_batch (9,000 images for training, the last 1,000 for its accuracy), so that it has
never seen data_batch_1, the images the GANs are trained on. Then, for each .npy sample file
(float32 N×3×32×32 in [-1, 1]), it reports on the first --count images:
  - FID on the CNN's 256 penultimate features against the first --count images of data_batch_1,
  - the histogram of predicted classes, its normalised entropy and a mode-collapse flag (a class < 2%),
  - the mean max-softmax confidence.
The next --count images of data_batch_1 (real, not in the reference) and uniform noise are judged too:
the two ends of the scale.

    python3 Scripts/judge_cifar_samples.py --data-dir /work/shared/data/cifar10 swift.npy reference.npy
"""
import argparse
import hashlib
import os
import sys

import numpy as np
import scipy.linalg
import torch
from torch import nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from reference_dcgan import find_batches, read_cifar_batch  # noqa: E402


class JudgeCNN(nn.Module):
    def __init__(self, classes=10):
        super().__init__()

        def stage(cin, cout):
            return [nn.Conv2d(cin, cout, 3, padding=1), nn.BatchNorm2d(cout), nn.ReLU(),
                    nn.Conv2d(cout, cout, 3, padding=1), nn.BatchNorm2d(cout), nn.ReLU(), nn.MaxPool2d(2)]

        self.body = nn.Sequential(*stage(3, 32), *stage(32, 64), *stage(64, 128), nn.Flatten(), nn.Dropout(0.3),
                                  nn.Linear(128 * 4 * 4, 256), nn.ReLU())
        self.head = nn.Sequential(nn.Dropout(0.3), nn.Linear(256, classes))

    def forward(self, x):
        return self.head(self.body(x))


def load(folder, name):
    paths = find_batches(folder, [name])
    if not paths:
        sys.exit(f"{folder}: expected {name}[.gz], found none")
    images, labels = read_cifar_batch(paths[0])
    return torch.from_numpy(images.astype(np.float32) / 127.5 - 1), torch.from_numpy(labels)


def train_judge(x, y, epochs, cache):
    torch.manual_seed(0)
    model = JudgeCNN()
    if os.path.exists(cache):
        model.load_state_dict(torch.load(cache))
        print(f"judge CNN loaded from {cache}")
        return model.eval()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, epochs * ((len(x) + 127) // 128))
    for epoch in range(epochs):
        model.train()
        order = torch.randperm(len(x))
        for first in range(0, len(x), 128):
            idx = order[first:first + 128]
            batch = x[idx]
            flip = torch.rand(len(idx)) < 0.5
            batch = torch.where(flip[:, None, None, None], batch.flip(3), batch)
            optimizer.zero_grad()
            nn.functional.cross_entropy(model(batch), y[idx]).backward()
            optimizer.step()
            scheduler.step()
        print(f"judge CNN epoch {epoch + 1}/{epochs}", flush=True)
    torch.save(model.state_dict(), cache)
    print(f"judge CNN trained for {epochs} epochs on {len(x)} images, saved to {cache}")
    return model.eval()


@torch.no_grad()
def features_and_probabilities(model, images):
    feats, probs = [], []
    for first in range(0, len(images), 500):
        f = model.body(images[first:first + 500])
        feats.append(f.double())
        probs.append(torch.softmax(model.head(f), dim=1))
    return torch.cat(feats).numpy(), torch.cat(probs).numpy()


def fid(a, b):
    mu1, mu2 = a.mean(0), b.mean(0)
    s1, s2 = np.cov(a, rowvar=False), np.cov(b, rowvar=False)
    root = scipy.linalg.sqrtm(s1 @ s2)
    if np.iscomplexobj(root):
        root = root.real
    return float(((mu1 - mu2) ** 2).sum() + np.trace(s1 + s2 - 2 * root))


def describe(name, images, model, reference):
    feats, probs = features_and_probabilities(model, images)
    counts = np.bincount(probs.argmax(1), minlength=probs.shape[1])
    shares = counts / counts.sum()
    nonzero = shares[shares > 0]
    entropy = float(-(nonzero * np.log(nonzero)).sum() / np.log(len(shares)))
    return dict(name=name, n=len(images), fid=fid(feats, reference), entropy=entropy,
                min_share=float(shares.min()), collapsed=bool(shares.min() < 0.02),
                confidence=float(probs.max(1).mean()), histogram=" ".join(f"{int(round(100 * s))}" for s in shares))


def load_samples(path, count):
    try:
        samples = np.load(path)
    except Exception as error:  # noqa: BLE001 - report any unreadable file the same way
        sys.exit(f"{path}: expected a .npy file, could not read it: {error}")
    if samples.ndim != 4 or samples.shape[1:] != (3, 32, 32) or samples.dtype != np.float32:
        sys.exit(f"{path}: expected float32 N×3×32×32, found {samples.dtype} {samples.shape}")
    if len(samples) < count:
        sys.exit(f"{path}: expected at least {count} samples (--count), found {len(samples)}")
    low, high = float(samples.min()), float(samples.max())
    if low < -1.001 or high > 1.001 or not np.isfinite(samples).all():
        sys.exit(f"{path}: expected values in [-1, 1], found [{low}, {high}]")
    return torch.from_numpy(samples[:count])


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", required=True, help="a folder with data_batch_1.bin[.gz] and test_batch.bin[.gz]")
    parser.add_argument("--epochs", type=int, default=20)
    parser.add_argument("--count", type=int, default=5000, help="images per row (and in the FID reference)")
    parser.add_argument("--cache-dir", default=os.path.join(os.path.expanduser("~"), ".cache", "gan-course", "judge"))
    parser.add_argument("samples", nargs="+", help=".npy files, float32 N×3×32×32 in [-1, 1]")
    args = parser.parse_args()
    torch.set_num_threads(2)

    test_x, test_y = load(args.data_dir, "test_batch.bin")
    train_x, _ = load(args.data_dir, "data_batch_1.bin")
    if len(train_x) < 2 * args.count:
        sys.exit(f"data_batch_1: expected at least {2 * args.count} images for --count {args.count}, found {len(train_x)}")
    fit_x, fit_y, held_x, held_y = test_x[:-1000], test_y[:-1000], test_x[-1000:], test_y[-1000:]
    os.makedirs(args.cache_dir, exist_ok=True)
    digest = hashlib.sha256(fit_x.numpy().tobytes() + fit_y.numpy().tobytes() + f"cifar-vgg-v1-{args.epochs}".encode()).hexdigest()[:16]
    model = train_judge(fit_x, fit_y, args.epochs, os.path.join(args.cache_dir, f"cifar-judge-{digest}.pt"))
    with torch.no_grad():
        accuracy = (model(held_x).argmax(1) == held_y).float().mean().item()
    reference, _ = features_and_probabilities(model, train_x[:args.count])
    print(f"judge CNN trained on test_batch[:9000]; accuracy on test_batch[9000:] {accuracy:.3f}; "
          f"FID reference: data_batch_1[:{args.count}], 'real' row: data_batch_1[{args.count}:{2 * args.count}]")

    rows = [describe("real (data_batch_1, unseen half)", train_x[args.count:2 * args.count], model, reference)]
    for path in args.samples:
        rows.append(describe(os.path.basename(path), load_samples(path, args.count), model, reference))
    noise = torch.rand(args.count, 3, 32, 32, generator=torch.Generator().manual_seed(0)) * 2 - 1
    rows.append(describe("uniform noise", noise, model, reference))

    print(f"\n{'images':<34} {'N':>6} {'FID':>9} {'entropy':>8} {'min class':>9} {'collapse':>8} {'confidence':>10}  class shares %")
    for r in rows:
        print(f"{r['name']:<34} {r['n']:>6} {r['fid']:>9.3f} {r['entropy']:>8.3f} {100 * r['min_share']:>8.1f}% "
              f"{'YES' if r['collapsed'] else 'no':>8} {r['confidence']:>10.3f}  {r['histogram']}")


if __name__ == "__main__":
    main()
