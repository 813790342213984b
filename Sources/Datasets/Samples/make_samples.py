"""Rebuilds the embedded samples in this folder from the development copies of the datasets.

    python3 Sources/Datasets/Samples/make_samples.py

Inputs (see README.md for provenance): /work/shared/data/mnist-5k, /work/shared/data/cifar10,
/usr/share/datasets/fashion-mnist (Debian package dataset-fashion-mnist). Deterministic output.
"""
import gzip, os, random, struct

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = "/work/shared/data"
FASHION = "/usr/share/datasets/fashion-mnist"


def write_gz(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=9, mtime=0) as f:
        f.write(data)


def read_idx(path):
    data = gzip.open(path).read()
    count = struct.unpack(">I", data[4:8])[0]
    if data[3] == 3:
        rows, cols = struct.unpack(">II", data[8:16])
        size = rows * cols
        return [data[16 + i * size:16 + (i + 1) * size] for i in range(count)]
    return list(data[8:8 + count])


def write_idx(folder, prefix, images, labels):
    write_gz(os.path.join(folder, f"{prefix}-images-idx3-ubyte.gz"),
             struct.pack(">IIII", 0x803, len(images), 28, 28) + b"".join(images))
    write_gz(os.path.join(folder, f"{prefix}-labels-idx1-ubyte.gz"),
             struct.pack(">II", 0x801, len(labels)) + bytes(labels))


def mnist():
    images = read_idx(f"{SHARED}/mnist-5k/train-images-idx3-ubyte.gz")
    labels = read_idx(f"{SHARED}/mnist-5k/train-labels-idx1-ubyte.gz")
    # The 5k subset is sorted by class: hold out the last 50 digits of each class as the test
    # split, and shuffle the other 4,500 with a fixed seed.
    test = [i for c in range(10) for i in [j for j in range(len(labels)) if labels[j] == c][-50:]]
    train = [i for i in range(len(labels)) if i not in set(test)]
    random.Random(0).shuffle(train)
    random.Random(1).shuffle(test)
    folder = os.path.join(HERE, "mnist")
    write_idx(folder, "train", [images[i] for i in train], [labels[i] for i in train])
    write_idx(folder, "t10k", [images[i] for i in test], [labels[i] for i in test])


def fashion_mnist():
    folder = os.path.join(HERE, "fashion-mnist")
    for prefix, n in [("train", 2000), ("t10k", 300)]:
        images = read_idx(f"{FASHION}/{prefix}-images-idx3-ubyte.gz")[:n]
        labels = read_idx(f"{FASHION}/{prefix}-labels-idx1-ubyte.gz")[:n]
        write_idx(folder, prefix, images, labels)


def cifar10():
    folder = os.path.join(HERE, "cifar10")
    record = 3073
    for name, n in [("data_batch_1.bin", 2000), ("test_batch.bin", 100)]:
        data = gzip.open(f"{SHARED}/cifar10/{name}.gz").read()
        write_gz(os.path.join(folder, name + ".gz"), data[:n * record])
    with open(f"{SHARED}/cifar10/batches.meta.txt") as src, open(os.path.join(folder, "batches.meta.txt"), "w") as dst:
        dst.write(src.read())


if __name__ == "__main__":
    mnist()
    fashion_mnist()
    cifar10()
