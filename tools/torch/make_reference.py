#!/usr/bin/python3
"""Writes the PyTorch reference fixtures that tests/DigitReader.Tests/NeuralNetwork/TorchReference*.cs
compare our engine against.

Run with Debian's python, which has PyTorch 1.13 (CPU):

    /usr/bin/python3 tools/torch/make_reference.py [output-directory]

The default output is tests/DigitReader.Tests/Fixtures/torch/ (relative to the repository root). Every
input is drawn from a fixed seed and rounded to float32; the references are then computed in float64, so
they are the exact answers for the float32 inputs and the tests measure only our engine's float32 error.

One JSON file per case:
    {"case": name, "config": {...}, "tensors": {name: {"shape": [...], "data": [...]}}}
Tensor data is row-major (PyTorch's contiguous layout, which is also ours), printed with 9 significant
digits so every float32 value round-trips exactly.
"""
import json
import os
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

SEED = 20240607
torch.manual_seed(SEED)
torch.set_default_dtype(torch.float64)

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "tests", "DigitReader.Tests", "Fixtures", "torch")


def rand(*shape, scale=1.0):
    """Uniform in [-scale, scale), rounded to float32 then held as float64."""
    return ((torch.rand(*shape) * 2 - 1) * scale).float().double()


def f32(t):
    return t.detach().float().double()


def encode(t):
    t = t.detach().double().contiguous()
    return {"shape": list(t.shape), "data": [float("%.9g" % v) for v in t.reshape(-1).tolist()]}


def write(name, tensors, config=None):
    os.makedirs(OUT, exist_ok=True)
    doc = {"case": name, "generator": "tools/torch/make_reference.py", "torch": torch.__version__,
           "config": config or {}, "tensors": {k: encode(v) for k, v in tensors.items()}}
    with open(os.path.join(OUT, name + ".json"), "w") as f:
        json.dump(doc, f, separators=(",", ":"))
        f.write("\n")


def layer_case(name, module, x, config, params=(), train=True):
    """Forward + backward of one module with a random upstream gradient."""
    module.train(train)
    for p in module.parameters():
        with torch.no_grad():
            p.copy_(rand(*p.shape))
    x = x.clone().requires_grad_(True)
    tensors = {"input": x}
    for pname in params:
        tensors["param:" + pname] = getattr(module, pname).detach().clone()
    for bname, b in module.named_buffers():
        if b.dtype.is_floating_point:
            tensors["buffer_before:" + bname] = b.detach().clone()
    y = module(x)
    dy = rand(*y.shape)
    y.backward(dy)
    tensors["output"] = y
    tensors["output_grad"] = dy
    tensors["input_grad"] = x.grad
    for pname in params:
        tensors["grad:" + pname] = getattr(module, pname).grad
    for bname, b in module.named_buffers():
        if b.dtype.is_floating_point:
            tensors["buffer:" + bname] = b
    write(name, tensors, config)


# ---- Conv2d -------------------------------------------------------------------------------------
# A 7×7 input makes stride 2 with padding 0 drop the last column/row (floor), as PyTorch does.
for bias in (True, False):
    for stride in (1, 2):
        for padding in (0, 1):
            cin, cout, k = 2, 3, 3
            conv = nn.Conv2d(cin, cout, k, stride=stride, padding=padding, bias=bias)
            name = "conv2d_%s_s%d_p%d" % ("bias" if bias else "nobias", stride, padding)
            layer_case(name, conv, rand(2, cin, 7, 7),
                       {"in": cin, "out": cout, "kernel": k, "stride": stride, "padding": padding, "bias": bias},
                       params=("weight", "bias") if bias else ("weight",))

# ---- BatchNorm2d --------------------------------------------------------------------------------
def batchnorm_case(name, shape, train):
    c = shape[1]
    bn = nn.BatchNorm2d(c) if len(shape) == 4 else nn.BatchNorm1d(c)
    with torch.no_grad():
        # Non-trivial running statistics, so the eval case and the momentum update are both visible.
        bn.running_mean.copy_(rand(c, scale=0.5))
        bn.running_var.copy_(f32(torch.rand(c) + 0.5))
    # An offset and scale per channel, so normalisation has something to remove.
    x = f32(rand(*shape) * 2 + 0.3)
    layer_case(name, bn, x, {"channels": c, "epsilon": bn.eps, "momentum": bn.momentum, "training": train},
               params=("weight", "bias"), train=train)

batchnorm_case("batchnorm2d_train", (3, 4, 3, 3), True)
batchnorm_case("batchnorm2d_eval", (3, 4, 3, 3), False)
batchnorm_case("batchnorm1d_train", (6, 5), True)

# ---- ReLU, MaxPool2d, Flatten, Linear, Dropout (eval) ---------------------------------------------
layer_case("relu", nn.ReLU(), rand(2, 3, 4, 4), {})
# 5×5 pooled by 2: the trailing row and column are dropped (floor mode).
layer_case("maxpool2d", nn.MaxPool2d(2), rand(2, 3, 5, 5), {"kernel": 2})
layer_case("flatten", nn.Flatten(), rand(2, 3, 2, 2), {})
layer_case("linear", nn.Linear(7, 5), rand(4, 7), {"in": 7, "out": 5}, params=("weight", "bias"))
layer_case("dropout_eval", nn.Dropout(0.4), rand(3, 6), {"p": 0.4}, train=False)

# ---- CrossEntropyLoss ----------------------------------------------------------------------------
for smoothing in (0.0, 0.1):
    logits = rand(5, 10, scale=3.0).requires_grad_(True)
    labels = torch.tensor([3, 0, 9, 3, 7])
    loss = F.cross_entropy(logits, labels, label_smoothing=smoothing)
    loss.backward()
    write("cross_entropy_ls%s" % ("0" if smoothing == 0 else "01"),
          {"logits": logits, "labels": labels.double(), "loss": loss.reshape(1), "logits_grad": logits.grad},
          {"label_smoothing": smoothing})

# ---- Optimizers ----------------------------------------------------------------------------------
# A weight (decayed) and a bias (not decayed, as our Parameter.Decay says), three steps with fresh
# gradients so bias correction, momentum buffers and the first-step special cases are all exercised.
def optimizer_case(name, make, lr, config):
    w0, b0 = rand(4, 5), rand(5)
    w, b = w0.clone().requires_grad_(True), b0.clone().requires_grad_(True)
    opt = make([{"params": [w], "decay": True}, {"params": [b], "decay": False}])
    tensors = {"weight_initial": w0, "bias_initial": b0}
    for step in range(1, 4):
        gw, gb = rand(4, 5, scale=0.1), rand(5, scale=0.1)
        w.grad, b.grad = gw.clone(), gb.clone()
        opt.step()
        tensors["weight_grad_%d" % step] = gw
        tensors["bias_grad_%d" % step] = gb
        tensors["weight_after_%d" % step] = w.detach().clone()
        tensors["bias_after_%d" % step] = b.detach().clone()
    write(name, tensors, dict(config, lr=lr, steps=3))

def groups(wd):
    return lambda gs: [{"params": g["params"], "weight_decay": wd if g["decay"] else 0.0} for g in gs]

optimizer_case("adam", lambda gs: torch.optim.Adam(groups(0.0)(gs), lr=1e-3), 1e-3, {"weight_decay": 0.0})
optimizer_case("adam_l2", lambda gs: torch.optim.Adam(groups(0.01)(gs), lr=1e-3), 1e-3, {"weight_decay": 0.01})
optimizer_case("adamw", lambda gs: torch.optim.AdamW(groups(0.05)(gs), lr=1e-3), 1e-3, {"weight_decay": 0.05})
optimizer_case("sgd_nesterov",
               lambda gs: torch.optim.SGD(groups(5e-4)(gs), lr=0.05, momentum=0.9, nesterov=True), 0.05,
               {"weight_decay": 5e-4, "momentum": 0.9, "nesterov": True})

# ---- A small digitnet ----------------------------------------------------------------------------
# The default architecture's layer sequence (two VGG-style blocks with batch normalisation, two linear
# layers) at a size that keeps the fixture small: 4 images of 1×16×16, 4 then 8 channels, 16 hidden.
# Dropout is left out: its masks come from a different generator than PyTorch's.
net = nn.Sequential(
    nn.Conv2d(1, 4, 3, padding=1, bias=False), nn.BatchNorm2d(4), nn.ReLU(),
    nn.Conv2d(4, 4, 3, padding=1, bias=False), nn.BatchNorm2d(4), nn.ReLU(),
    nn.MaxPool2d(2),
    nn.Conv2d(4, 8, 3, padding=1, bias=False), nn.BatchNorm2d(8), nn.ReLU(),
    nn.Conv2d(8, 8, 3, padding=1, bias=False), nn.BatchNorm2d(8), nn.ReLU(),
    nn.MaxPool2d(2),
    nn.Flatten(),
    nn.Linear(8 * 4 * 4, 16), nn.ReLU(),
    nn.Linear(16, 10),
)
with torch.no_grad():
    for pname, p in net.named_parameters():
        if pname.endswith("weight") and p.dim() > 1:
            fan_in = p[0].numel()
            p.copy_(f32(torch.randn(*p.shape) * (2.0 / fan_in) ** 0.5))
        else:
            p.copy_(f32(1 + 0.2 * rand(*p.shape)) if "weight" in pname else rand(*p.shape, scale=0.1))
tensors = {}
for pname, p in net.named_parameters():
    tensors["param:" + pname] = p.detach().clone()
images = f32(torch.rand(4, 1, 16, 16) * 2.8 - 0.4)  # roughly MNIST's normalised range
labels = torch.tensor([7, 2, 1, 0])
net.train()
logits = net(images)
loss = F.cross_entropy(logits, labels, label_smoothing=0.1)
loss.backward()
tensors.update({"input": images, "labels": labels.double(), "logits": logits, "loss": loss.reshape(1)})
for pname, p in net.named_parameters():
    tensors["grad:" + pname] = p.grad
for bname, b in net.named_buffers():
    if b.dtype.is_floating_point:
        tensors["buffer:" + bname] = b
net.eval()
with torch.no_grad():
    tensors["eval_logits"] = net(images)
write("digitnet_small", tensors, {"label_smoothing": 0.1, "batch": 4, "image": [1, 16, 16]})

total = sum(os.path.getsize(os.path.join(OUT, f)) for f in os.listdir(OUT) if f.endswith(".json"))
print("wrote %d fixtures, %d bytes, to %s" % (len([f for f in os.listdir(OUT) if f.endswith(".json")]), total, OUT))
