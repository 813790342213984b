"""Writes the tiny fixture files of DatasetsTests (deterministic): python3 make_fixtures.py"""
import gzip, io, os, struct, tarfile

HERE = os.path.dirname(os.path.abspath(__file__))


def path(*parts):
    p = os.path.join(HERE, *parts)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    return p


def gz(data):
    out = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=out, mtime=0) as f:
        f.write(data)
    return out.getvalue()


def write(name, data):
    with open(path(*name.split("/")), "wb") as f:
        f.write(data)


def idx_images(count, first):
    # Pixel p of image i is (first + i * 7 + p) % 256.
    pixels = bytes((first + i * 7 + p) % 256 for i in range(count) for p in range(784))
    return struct.pack(">IIII", 0x803, count, 28, 28) + pixels


def idx_labels(labels):
    return struct.pack(">II", 0x801, len(labels)) + bytes(labels)


def cifar(labels, first):
    # Record i: label, then pixel p = (first + i + p) % 256 over the 3,072 R, G, B bytes.
    return b"".join(bytes([l]) + bytes((first + i + p) % 256 for p in range(3072)) for i, l in enumerate(labels))


CLASSES = b"airplane\nautomobile\nbird\ncat\ndeer\ndog\nfrog\nhorse\nship\ntruck\n"

# MNIST layout: gzip train files, plain test files.
write("tiny-mnist/train-images-idx3-ubyte.gz", gz(idx_images(6, 0)))
write("tiny-mnist/train-labels-idx1-ubyte.gz", gz(idx_labels([0, 1, 2, 3, 4, 5])))
write("tiny-mnist/t10k-images-idx3-ubyte", idx_images(2, 100))
write("tiny-mnist/t10k-labels-idx1-ubyte", idx_labels([9, 8]))

# CIFAR-10 layout: two training batches (one gzip, one plain) and a test batch.
write("tiny-cifar/data_batch_1.bin.gz", gz(cifar([3, 5, 7], 0)))
write("tiny-cifar/data_batch_2.bin", cifar([1, 2], 50))
write("tiny-cifar/test_batch.bin.gz", gz(cifar([9], 200)))
write("tiny-cifar/batches.meta.txt", CLASSES)

# gzip edge cases.
payload = bytes((i * 31) % 251 for i in range(20000))
write("gzip/payload.bin", payload)
write("gzip/payload.bin.gz", gz(payload))
write("gzip/truncated.gz", gz(payload)[: len(gz(payload)) // 2])
write("gzip/concatenated.gz", gz(payload[:5000]) + gz(payload[5000:]))
write("gzip/corrupt.gz", gz(payload)[:10] + bytes(range(200)) + gz(payload)[210:])


def tar(name, entries, compress=False):
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w", format=tarfile.USTAR_FORMAT) as t:
        for entry_name, kind, content in entries:
            info = tarfile.TarInfo(entry_name)
            info.mtime = 0
            if kind == "dir":
                info.type = tarfile.DIRTYPE
                t.addfile(info)
            elif kind == "symlink":
                info.type = tarfile.SYMTYPE
                info.linkname = content
                t.addfile(info)
            else:
                info.size = len(content)
                t.addfile(info, io.BytesIO(content))
    write(name, gz(out.getvalue()) if compress else out.getvalue())


tar("tar/good.tar", [("data", "dir", None), ("data/hello.txt", "file", b"hello\n"),
                     ("data/link.txt", "symlink", "hello.txt"), ("top.bin", "file", bytes(range(256)) * 3)])
tar("tar/absolute.tar", [("/tmp/gan-course-escape.txt", "file", b"bad")])
tar("tar/dotdot.tar", [("data/../../escape.txt", "file", b"bad")])
tar("tar/symlink-out.tar", [("data", "dir", None), ("data/link", "symlink", "../../outside")])
tar("tar/symlink-absolute.tar", [("link", "symlink", "/etc/passwd")])

# A miniature of the official cifar-10-binary.tar.gz.
tar("tiny-cifar-archive/cifar-10-binary.tar.gz", [
    ("cifar-10-batches-bin", "dir", None),
    ("cifar-10-batches-bin/batches.meta.txt", "file", CLASSES),
    ("cifar-10-batches-bin/data_batch_1.bin", "file", cifar([4, 6], 10)),
    ("cifar-10-batches-bin/test_batch.bin", "file", cifar([0], 20)),
], compress=True)
