#!/usr/bin/env python3
"""Judges generated 28×28 samples with an independent classifier, side by side.

Trains (once; cached) a small CNN on the real training images, a different model from the chapter's MLP
classifier, then reports for each .npy sample file (float32 N×1×28×28 in [-1, 1]):
  - FID on the CNN's 128 penultimate features against held-out real images,
  - the histogram of predicted classes, its normalised entropy and a mode-collapse flag (a class < 2%),
  - the mean max-softmax confidence (sharp, class-like images score high).
Held-out real images (disjoint from the reference half) and uniform noise are judged too, as the scale's two ends.

    python3 Scripts/judge_samples.py --data-dir /usr/share/datasets/fashion-mnist /tmp/swift.npy /tmp/reference.npy
    python3 Scripts/judge_samples.py --data-dir /work/shared/data/mnist-5k swift.npy reference.npy

Held-out images are the data folder's t10k files; when it has none (mnist-5k), 10% of the training files,
drawn with a fixed seed, are held out from the CNN's training instead.
"""
import argparse
import hashlib
import os
import sys

import numpy as np
import torch
from torch import nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from judge_common import describe, features_and_probabilities, load_samples, print_table  # noqa: E402
from reference_mlp_gan import find, read_idx  # noqa: E402

# Images the judge CNN scores at a time.
CHUNK = 1000


class JudgeCNN(nn.Module):
    def __init__(self, classes=10):
        super().__init__()
        self.body = nn.Sequential(
            nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Flatten(), nn.Dropout(0.25), nn.Linear(64 * 7 * 7, 128), nn.ReLU())
        self.head = nn.Linear(128, classes)

    def forward(self, x):
        return self.head(self.body(x))


def load_split(folder, prefix):
    images = read_idx(find(folder, f"{prefix}-images-idx3-ubyte"))
    labels = read_idx(find(folder, f"{prefix}-labels-idx1-ubyte")).astype(np.int64)
    return torch.from_numpy(images.astype(np.float32) / 127.5 - 1).reshape(-1, 1, 28, 28), torch.from_numpy(labels)


def load_data(folder):
    x, y = load_split(folder, "train")
    has_test = any(os.path.exists(os.path.join(folder, f"t10k-images-idx3-ubyte{ext}")) for ext in ("", ".gz"))
    if has_test:
        tx, ty = load_split(folder, "t10k")
        return x, y, tx, ty, "the t10k files"
    order = torch.randperm(len(x), generator=torch.Generator().manual_seed(0))
    cut = len(x) // 10
    held, kept = order[:cut], order[cut:]
    return x[kept], y[kept], x[held], y[held], f"{cut} training images held out (seed 0)"


def train_judge(x, y, epochs, cache):
    torch.manual_seed(0)
    model = JudgeCNN()
    if os.path.exists(cache):
        model.load_state_dict(torch.load(cache))
        print(f"judge CNN loaded from {cache}")
        return model.eval()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    for epoch in range(epochs):
        model.train()
        order = torch.randperm(len(x))
        for first in range(0, len(x), 128):
            idx = order[first:first + 128]
            optimizer.zero_grad()
            nn.functional.cross_entropy(model(x[idx]), y[idx]).backward()
            optimizer.step()
    torch.save(model.state_dict(), cache)
    print(f"judge CNN trained for {epochs} epochs on {len(x)} images, saved to {cache}")
    return model.eval()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", required=True)
    parser.add_argument("--epochs", type=int, default=0, help="CNN epochs (default: 3 for ≥ 20,000 images, else 15)")
    parser.add_argument("--cache-dir", default=os.path.join(os.path.expanduser("~"), ".cache", "gan-course", "judge"))
    parser.add_argument("samples", nargs="+", help=".npy files, float32 N×1×28×28 in [-1, 1]")
    args = parser.parse_args()
    torch.set_num_threads(2)

    x, y, held_x, held_y, held_from = load_data(args.data_dir)
    epochs = args.epochs or (3 if len(x) >= 20000 else 15)
    os.makedirs(args.cache_dir, exist_ok=True)
    digest = hashlib.sha256(x.numpy().tobytes() + y.numpy().tobytes() + f"cnn-v1-{epochs}".encode()).hexdigest()[:16]
    model = train_judge(x, y, epochs, os.path.join(args.cache_dir, f"judge-{digest}.pt"))
    with torch.no_grad():
        accuracy = (model(held_x).argmax(1) == held_y).float().mean().item()
    half = len(held_x) // 2
    reference, _ = features_and_probabilities(model, held_x[:half], chunk=CHUNK)
    print(f"held-out images: {held_from}; CNN accuracy on them {accuracy:.3f}; "
          f"FID reference: the first {half}, 'real held-out' row: the other {len(held_x) - half}")

    rows = [describe("real held-out", held_x[half:], model, reference, chunk=CHUNK)]
    for path in args.samples:
        rows.append(describe(os.path.basename(path), load_samples(path, (1, 28, 28)), model, reference, chunk=CHUNK))
    noise = torch.rand(len(held_x) - half, 1, 28, 28, generator=torch.Generator().manual_seed(0)) * 2 - 1
    rows.append(describe("uniform noise", noise, model, reference, chunk=CHUNK))

    print_table(rows, name_width=28)


if __name__ == "__main__":
    main()
