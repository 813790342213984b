"""What the two judge scripts (judge_samples.py, judge_cifar_samples.py) share: reading sample files, and scoring
images with a trained CNN that has a feature `body` and a class `head`: FID on its penultimate features, the
histogram of predicted classes with its normalised entropy, and the mean max-softmax confidence.
"""
import sys

import numpy as np
import scipy.linalg
import torch


@torch.no_grad()
def features_and_probabilities(model, images, chunk):
    """The model's penultimate features (float64) and class probabilities for `images`, `chunk` images at a time."""
    feats, probs = [], []
    for first in range(0, len(images), chunk):
        f = model.body(images[first:first + chunk])
        feats.append(f.double())
        probs.append(torch.softmax(model.head(f), dim=1))
    return torch.cat(feats).numpy(), torch.cat(probs).numpy()


def fid(a, b):
    """The Fréchet distance between the Gaussians fitted to two feature sets (rows are images)."""
    mu1, mu2 = a.mean(0), b.mean(0)
    s1, s2 = np.cov(a, rowvar=False), np.cov(b, rowvar=False)
    root = scipy.linalg.sqrtm(s1 @ s2)
    if np.iscomplexobj(root):
        root = root.real
    return float(((mu1 - mu2) ** 2).sum() + np.trace(s1 + s2 - 2 * root))


def describe(name, images, model, reference, chunk):
    """One table row for `images`: FID against the `reference` features, class coverage, a mode-collapse flag
    (a class < 2%) and the mean confidence."""
    feats, probs = features_and_probabilities(model, images, chunk)
    counts = np.bincount(probs.argmax(1), minlength=probs.shape[1])
    shares = counts / counts.sum()
    nonzero = shares[shares > 0]
    entropy = float(-(nonzero * np.log(nonzero)).sum() / np.log(len(shares)))
    return dict(name=name, n=len(images), fid=fid(feats, reference), entropy=entropy,
                min_share=float(shares.min()), collapsed=bool(shares.min() < 0.02),
                confidence=float(probs.max(1).mean()), histogram=" ".join(f"{int(round(100 * s))}" for s in shares))


def load_samples(path, shape, count=None):
    """The float32 images of shape N×`shape` in [-1, 1] that the .npy file `path` holds (the first `count`, when
    given, of at least that many); exits with the file's name and what was wrong otherwise."""
    try:
        samples = np.load(path)
    except Exception as error:  # noqa: BLE001 - report any unreadable file the same way
        sys.exit(f"{path}: expected a .npy file, could not read it: {error}")
    if samples.ndim != 4 or samples.shape[1:] != shape or samples.dtype != np.float32:
        sys.exit(f"{path}: expected float32 N×{'×'.join(map(str, shape))}, found {samples.dtype} {samples.shape}")
    if count is not None and len(samples) < count:
        sys.exit(f"{path}: expected at least {count} samples (--count), found {len(samples)}")
    low, high = float(samples.min()), float(samples.max())
    if low < -1.001 or high > 1.001 or not np.isfinite(samples).all():
        sys.exit(f"{path}: expected values in [-1, 1], found [{low}, {high}]")
    return torch.from_numpy(samples[:count])


def print_table(rows, name_width):
    """Prints `describe`'s rows as a table whose first column is `name_width` characters wide."""
    print(f"\n{'images':<{name_width}} {'N':>6} {'FID':>9} {'entropy':>8} {'min class':>9} {'collapse':>8} {'confidence':>10}  class shares %")
    for r in rows:
        print(f"{r['name']:<{name_width}} {r['n']:>6} {r['fid']:>9.3f} {r['entropy']:>8.3f} {100 * r['min_share']:>8.1f}% "
              f"{'YES' if r['collapsed'] else 'no':>8} {r['confidence']:>10.3f}  {r['histogram']}")
