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
import torch
from torch import nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from judge_common import describe, features_and_probabilities, load_samples, print_table  # noqa: E402
from reference_dcgan import find_batches, read_cifar_batch  # noqa: E402

# Images the judge CNN scores at a time.
CHUNK = 500


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
    reference, _ = features_and_probabilities(model, train_x[:args.count], chunk=CHUNK)
    print(f"judge CNN trained on test_batch[:9000]; accuracy on test_batch[9000:] {accuracy:.3f}; "
          f"FID reference: data_batch_1[:{args.count}], 'real' row: data_batch_1[{args.count}:{2 * args.count}]")

    rows = [describe("real (data_batch_1, unseen half)", train_x[args.count:2 * args.count], model, reference, chunk=CHUNK)]
    for path in args.samples:
        rows.append(describe(os.path.basename(path), load_samples(path, (3, 32, 32), args.count), model, reference, chunk=CHUNK))
    noise = torch.rand(args.count, 3, 32, 32, generator=torch.Generator().manual_seed(0)) * 2 - 1
    rows.append(describe("uniform noise", noise, model, reference, chunk=CHUNK))

    print_table(rows, name_width=34)


if __name__ == "__main__":
    main()
