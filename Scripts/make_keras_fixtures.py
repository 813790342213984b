"""Writes Keras 3 reference values for the KerasStyle library (chapter 5's Keras-style API).

Run by a course author (not by the package or CI) whenever KerasStyle changes, with Keras 3 on its torch backend:

    KERAS_BACKEND=torch COLUMNS=200 python3 Scripts/make_keras_fixtures.py

It writes Tests/KerasStyleTests/Fixtures/keras.json with:
  batchNormalization  BatchNormalization(momentum=0.8): one training call and one inference call (outputs, moving statistics)
  adam                Adam(learning_rate=0.1, beta_1=0.5) applied three times to gradients small enough for epsilon to matter
  bce                 binary_crossentropy on probabilities at and beyond the clip range, with the gradient by the prediction
  trainOnBatch        a compiled Dense→sigmoid model: three train_on_batch results ([loss, accuracy]) and the weights after,
                      a predict_on_batch, and evaluate
  trainable           which weights change (generator, discriminator) in each train_on_batch of the frozen-discriminator recipe
  summary             the tutorial's generator, discriminator and combined model as model.summary() prints them
  ganSteps            two steps of the tutorial's loop on tiny models (G with BatchNormalization): losses and weights after
"""
import json
import os
import pathlib

os.environ.setdefault("KERAS_BACKEND", "torch")
import keras  # noqa: E402
import numpy as np  # noqa: E402
import torch  # noqa: E402
from keras import layers  # noqa: E402

assert keras.backend.backend() == "torch", "run with KERAS_BACKEND=torch"
OUT = pathlib.Path(__file__).resolve().parent.parent / "Tests/KerasStyleTests/Fixtures/keras.json"
rng = np.random.default_rng(0)


def arr(a):
    a = np.asarray(a, dtype=np.float64)
    return {"shape": list(a.shape), "data": a.flatten().tolist()}


def batch_normalization():
    bn = layers.BatchNormalization(momentum=0.8)
    bn.build((None, 4))
    gamma, beta = rng.normal(1, 0.2, 4).astype("float32"), rng.normal(0, 0.2, 4).astype("float32")
    mean0, var0 = rng.normal(0, 0.5, 4).astype("float32"), rng.uniform(0.5, 2, 4).astype("float32")
    bn.set_weights([gamma, beta, mean0, var0])
    x = rng.normal(0.5, 2, (6, 4)).astype("float32")
    train_out = keras.ops.convert_to_numpy(bn(x, training=True))
    mean1, var1 = [w for w in bn.get_weights()[2:]]
    infer_out = keras.ops.convert_to_numpy(bn(x, training=False))
    return {"momentum": 0.8, "epsilon": float(bn.epsilon), "input": arr(x), "gamma": arr(gamma), "beta": arr(beta),
            "movingMeanBefore": arr(mean0), "movingVarianceBefore": arr(var0), "trainingOutput": arr(train_out),
            "movingMeanAfter": arr(mean1), "movingVarianceAfter": arr(var1), "inferenceOutput": arr(infer_out)}


def adam():
    v0 = rng.normal(0, 1, (2, 3)).astype("float32")
    grads = [(rng.normal(0, 1, (2, 3)) * 1e-6).astype("float32") for _ in range(3)]
    variable = keras.Variable(v0)
    optimizer = keras.optimizers.Adam(learning_rate=0.1, beta_1=0.5)
    after = []
    for g in grads:
        optimizer.apply_gradients([(torch.tensor(g), variable)])
        after.append(arr(keras.ops.convert_to_numpy(variable)))
    # torch.optim.Adam with the same epsilon, for contrast: it places epsilon after the bias correction.
    p = torch.tensor(v0, requires_grad=True)
    torch_opt = torch.optim.Adam([p], lr=0.1, betas=(0.5, 0.999), eps=1e-7)
    torch_after = []
    for g in grads:
        p.grad = torch.tensor(g)
        torch_opt.step()
        torch_after.append(arr(p.detach().numpy()))
    return {"learningRate": 0.1, "beta1": 0.5, "epsilon": float(optimizer.epsilon), "initial": arr(v0),
            "grads": [arr(g) for g in grads], "after": after, "torchAdamAfter": torch_after}


def bce():
    p = torch.tensor([[0.0], [1e-9], [0.3], [0.9999999], [1.0], [0.6]], dtype=torch.float32, requires_grad=True)
    y = torch.tensor([[1.0], [1.0], [0.0], [0.0], [0.9], [0.9]], dtype=torch.float32)
    loss = keras.losses.BinaryCrossentropy()(y, p)
    loss.backward()
    torch_loss = torch.nn.functional.binary_cross_entropy(p.detach(), y)
    return {"prediction": arr(p.detach().numpy()), "target": arr(y.numpy()), "loss": float(loss),
            "gradient": arr(p.grad.numpy()), "torchBCELoss": float(torch_loss)}


def train_on_batch():
    keras.utils.set_random_seed(1)
    model = keras.Sequential([keras.Input((5,)), layers.Dense(3), layers.LeakyReLU(negative_slope=0.2),
                              layers.Dense(1, activation="sigmoid")])
    initial = [rng.normal(0, 0.5, w.shape).astype("float32") for w in model.get_weights()]
    model.set_weights(initial)
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.05, beta_1=0.5), loss="binary_crossentropy",
                  metrics=["accuracy"])
    x = rng.normal(0, 1, (8, 5)).astype("float32")
    y = np.array([[0.9]] * 4 + [[0.0]] * 4, dtype="float32")
    results = [list(map(float, model.train_on_batch(x, y))) for _ in range(3)]
    predicted = model.predict_on_batch(x)
    evaluated = list(map(float, model.evaluate(x, y, batch_size=3, verbose=0)))
    return {"initial": [arr(w) for w in initial], "x": arr(x), "y": arr(y), "results": results,
            "metricsNames": list(model.metrics_names), "after": [arr(w) for w in model.get_weights()],
            "predicted": arr(predicted), "evaluated": evaluated}


def trainable():
    """The recipe on tiny models; which of G and D each train_on_batch changes, in three scenarios."""
    def snapshot(model):
        return [w.copy() for w in model.get_weights()]

    def changed(before, model):
        return any(not np.array_equal(a, b) for a, b in zip(before, model.get_weights()))

    def run(scenario):
        keras.utils.set_random_seed(2)
        g = keras.Sequential([keras.Input((4,)), layers.Dense(6), layers.LeakyReLU(negative_slope=0.2),
                              layers.Dense(3, activation="tanh")])
        d = keras.Sequential([keras.Input((3,)), layers.Dense(5), layers.LeakyReLU(negative_slope=0.2),
                              layers.Dense(1, activation="sigmoid")])
        d.compile(optimizer=keras.optimizers.Adam(2e-2, beta_1=0.5), loss="binary_crossentropy")
        d.trainable = False
        combined = keras.Sequential([g, d])
        combined.compile(optimizer=keras.optimizers.Adam(2e-2, beta_1=0.5), loss="binary_crossentropy")
        if scenario == "unfrozenAfterCompile":
            d.trainable = True
        z = rng.normal(0, 1, (8, 4)).astype("float32")
        real = rng.normal(0, 1, (8, 3)).astype("float32")
        calls = []
        for _ in range(2):
            for call in ["discriminatorReal", "discriminatorFake", "combined"]:
                if scenario == "tutorialToggles":
                    d.trainable = call != "combined"
                before_g, before_d = snapshot(g), snapshot(d)
                if call == "discriminatorReal":
                    d.train_on_batch(real, np.full((8, 1), 0.9, "float32"))
                elif call == "discriminatorFake":
                    d.train_on_batch(g.predict_on_batch(z), np.zeros((8, 1), "float32"))
                else:
                    combined.train_on_batch(z, np.ones((8, 1), "float32"))
                calls.append({"call": call, "generatorChanged": changed(before_g, g), "discriminatorChanged": changed(before_d, d)})
        return calls

    return {name: run(name) for name in ["tutorialToggles", "frozenOnceBeforeCombined", "unfrozenAfterCompile"]}


def summary():
    keras.backend.clear_session()
    init = keras.initializers.RandomNormal(stddev=0.02)
    g = keras.Sequential()
    g.add(layers.Dense(128, input_shape=(100,), kernel_initializer=init))
    g.add(layers.LeakyReLU(negative_slope=0.2))
    g.add(layers.BatchNormalization(momentum=0.8))
    g.add(layers.Dense(256))
    g.add(layers.LeakyReLU(negative_slope=0.2))
    g.add(layers.BatchNormalization(momentum=0.8))
    g.add(layers.Dense(512))
    g.add(layers.LeakyReLU(negative_slope=0.2))
    g.add(layers.BatchNormalization(momentum=0.8))
    g.add(layers.Dense(784, activation="tanh"))
    d = keras.Sequential()
    d.add(layers.Dense(512, input_shape=(784,), kernel_initializer=init))
    d.add(layers.LeakyReLU(negative_slope=0.2))
    d.add(layers.Dense(256))
    d.add(layers.LeakyReLU(negative_slope=0.2))
    d.add(layers.Dense(128))
    d.add(layers.LeakyReLU(negative_slope=0.2))
    d.add(layers.Dense(1, activation="sigmoid"))
    d.trainable = False
    combined = keras.Sequential()
    combined.add(g)
    combined.add(d)

    def text(model):
        lines = []
        model.summary(print_fn=lambda x, **_: lines.append(x))
        return "".join(lines)

    return {"generator": text(g), "discriminator": text(d), "combined": text(combined)}


def gan_steps():
    """Two steps of the tutorial's loop (with its toggles) on a tiny G with BatchNormalization and a tiny D."""
    keras.utils.set_random_seed(3)
    g = keras.Sequential([keras.Input((4,)), layers.Dense(6), layers.LeakyReLU(negative_slope=0.2),
                          layers.BatchNormalization(momentum=0.8), layers.Dense(5, activation="tanh")])
    d = keras.Sequential([keras.Input((5,)), layers.Dense(3), layers.LeakyReLU(negative_slope=0.2),
                          layers.Dense(1, activation="sigmoid")])
    g.set_weights([rng.normal(0, 0.5, w.shape).astype("float32") if i < 4 or i > 5 else w for i, w in enumerate(g.get_weights())])
    d.set_weights([rng.normal(0, 0.5, w.shape).astype("float32") for w in d.get_weights()])
    initial_g, initial_d = g.get_weights(), d.get_weights()
    d.compile(optimizer=keras.optimizers.Adam(0.01, beta_1=0.5), loss="binary_crossentropy", metrics=["accuracy"])
    d.trainable = False
    combined = keras.Sequential([g, d])
    combined.compile(optimizer=keras.optimizers.Adam(0.01, beta_1=0.5), loss="binary_crossentropy", metrics=["accuracy"])
    reals, noises, losses = [], [], []
    for _ in range(2):
        real = rng.normal(0, 0.7, (8, 5)).astype("float32")
        z = rng.normal(0, 1, (8, 4)).astype("float32")
        d.trainable = True
        on_real = d.train_on_batch(real, np.full((8, 1), 0.9, "float32"))
        on_fake = d.train_on_batch(g.predict_on_batch(z), np.zeros((8, 1), "float32"))
        d.trainable = False
        on_combined = combined.train_on_batch(z, np.ones((8, 1), "float32"))
        reals.append(arr(real))
        noises.append(arr(z))
        losses.append([float(on_real[0]), float(on_fake[0]), float(on_combined[0]), float(on_real[1]), float(on_fake[1])])
    return {"generatorInitial": [arr(w) for w in initial_g], "discriminatorInitial": [arr(w) for w in initial_d],
            "reals": reals, "noises": noises, "losses": losses,
            "generatorAfter": [arr(w) for w in g.get_weights()], "discriminatorAfter": [arr(w) for w in d.get_weights()]}


fixtures = {"kerasVersion": keras.__version__, "batchNormalization": batch_normalization(), "adam": adam(), "bce": bce(),
            "trainOnBatch": train_on_batch(), "trainable": trainable(), "summary": summary(), "ganSteps": gan_steps()}
OUT.write_text(json.dumps(fixtures, indent=1) + "\n")
print(f"wrote {OUT}")
print(fixtures["summary"]["combined"])
print(json.dumps(fixtures["trainable"], indent=0))
print(fixtures["trainOnBatch"]["results"], fixtures["trainOnBatch"]["metricsNames"])
