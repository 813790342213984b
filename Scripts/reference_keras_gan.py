#!/usr/bin/env python3
"""Chapter 5's recipe in Keras 3 itself (torch backend): the reference its samples are judged against.

The Keras blog tutorial's GAN exactly: G 100→128→256→512→784 with LeakyReLU(0.2) and BatchNormalization(momentum=0.8)
after each hidden Dense, tanh out; D 784→512→256→128→1 with LeakyReLU(0.2), sigmoid out; RandomNormal(stddev=0.02)
on the first Dense of each, Keras defaults elsewhere; pixels (x/255 − 0.5)·2; batch 64; per step
D.train_on_batch(real, 0.9), D.train_on_batch(G.predict_on_batch(z), 0), then (D frozen) combined.train_on_batch(z, 1),
with the tutorial's trainable toggles. The tutorial never shows its optimizer: Adam(2e-4, beta_1=0.5), one per model.
Each epoch is shuffled (the chapter does the same). Writes N samples (predict_on_batch), float32 N×1×28×28 in [-1, 1].

    KERAS_BACKEND=torch python3 Scripts/reference_keras_gan.py --data-dir /usr/share/datasets/fashion-mnist \
        --steps 5000 --output /tmp/keras-fashion.npy
    python3 Scripts/judge_samples.py --data-dir /usr/share/datasets/fashion-mnist /tmp/swift-fashion.npy /tmp/keras-fashion.npy
"""
import argparse
import os
import sys
import time

os.environ.setdefault("KERAS_BACKEND", "torch")
import keras  # noqa: E402
import numpy as np  # noqa: E402
import torch  # noqa: E402
from keras import layers  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from reference_mlp_gan import find, read_idx  # noqa: E402


def build():
    init = keras.initializers.RandomNormal(stddev=0.02)
    generator = keras.Sequential([keras.Input((100,)), layers.Dense(128, kernel_initializer=init)])
    for units in [256, 512, 784]:
        generator.add(layers.LeakyReLU(negative_slope=0.2))
        generator.add(layers.BatchNormalization(momentum=0.8))
        generator.add(layers.Dense(units, activation="tanh" if units == 784 else None))
    discriminator = keras.Sequential([keras.Input((784,)), layers.Dense(512, kernel_initializer=init)])
    for units in [256, 128, 1]:
        discriminator.add(layers.LeakyReLU(negative_slope=0.2))
        discriminator.add(layers.Dense(units, activation="sigmoid" if units == 1 else None))
    discriminator.compile(optimizer=keras.optimizers.Adam(2e-4, beta_1=0.5), loss="binary_crossentropy", metrics=["accuracy"])
    discriminator.trainable = False
    combined = keras.Sequential([generator, discriminator])
    combined.compile(optimizer=keras.optimizers.Adam(2e-4, beta_1=0.5), loss="binary_crossentropy", metrics=["accuracy"])
    return generator, discriminator, combined


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", required=True, help="folder with train-images-idx3-ubyte.gz")
    parser.add_argument("--steps", type=int, default=5000)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--samples", type=int, default=10000)
    parser.add_argument("--output", required=True, help="the .npy file for the samples")
    parser.add_argument("--threads", type=int, default=1,
                        help="torch threads (at batch 64 Keras's per-call overhead dominates; more threads mostly contend)")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    keras.utils.set_random_seed(args.seed)
    rng = np.random.default_rng(args.seed)
    images = read_idx(find(args.data_dir, "train-images-idx3-ubyte")).reshape(-1, 784)
    x_train = (images.astype("float32") / 255 - 0.5) * 2
    generator, discriminator, combined = build()
    batch, steps_per_epoch = args.batch_size, len(x_train) // args.batch_size
    real, fake = np.ones((batch, 1), "float32"), np.zeros((batch, 1), "float32")
    start, step = time.time(), 0
    while step < args.steps:
        order = rng.permutation(len(x_train))
        for i in range(steps_per_epoch):
            if step >= args.steps:
                break
            discriminator.trainable = True
            x_batch = x_train[order[i * batch:(i + 1) * batch]]
            d_real = discriminator.train_on_batch(x_batch, real * 0.9)
            z = rng.normal(0, 1, (batch, 100)).astype("float32")
            d_fake = discriminator.train_on_batch(generator.predict_on_batch(z), fake)
            discriminator.trainable = False
            g_loss = combined.train_on_batch(z, real)
            step += 1
            if step % 250 == 0 or step == args.steps:
                print(f"step {step}/{args.steps}  d_loss {0.5 * (d_real[0] + d_fake[0]):.3f}  g_loss {g_loss[0]:.3f}  "
                      f"{step / (time.time() - start):.1f} steps/s", flush=True)
    z = rng.normal(0, 1, (args.samples, 100)).astype("float32")
    samples = np.concatenate([generator.predict_on_batch(z[i:i + 1000]) for i in range(0, args.samples, 1000)])
    np.save(args.output, samples.reshape(-1, 1, 28, 28).astype("float32"))
    print(f"wrote {args.samples} samples to {args.output} ({time.time() - start:.0f} s)")


if __name__ == "__main__":
    main()
