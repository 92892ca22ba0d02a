"""Reference numbers for DigitReader's evaluation metrics, computed independently with numpy.

Run once (python3 make_reference.py > reference.json); the JSON is committed and CI only reads it.
scikit-learn is not available here, so each metric is computed from its textbook definition, on
purpose by a different route from the C# code:
  - ROC AUC by comparing every positive with every negative (ties count 1/2), not by ranks;
  - average precision as scikit-learn defines it, sum over distinct thresholds t (descending) of
    (R(t) - R(previous t)) * P(t), with each threshold evaluated from scratch, not by cumulative sums;
  - ECE with the bins ((m-1)/M, m/M] of Guo et al. 2017 tested by comparison, not by ceil(conf*M).
Probabilities are float32 (as the network's softmax) and written with numpy's shortest float32 repr,
so C# parsing them as float gets bit-identical inputs.
"""
import json
import numpy as np

SEED, N, K, BINS, FLOOR = 20251121, 200, 10, 15, 1e-7
rng = np.random.default_rng(SEED)

labels = rng.integers(0, K, N)
logits = rng.normal(0.0, 1.5, (N, K))
logits[np.arange(N), labels] += 2.5          # a mediocre classifier: roughly 70 % right
p = np.exp(logits - logits.max(axis=1, keepdims=True))
p /= p.sum(axis=1, keepdims=True)
p[::3] = np.round(p[::3] * 16) / 16          # every third row on a 1/16 grid: many tied scores
p[7] = 0.1                                   # a row tied across all classes: argmax takes class 0
p = p.astype(np.float32)

x = p.astype(np.float64)
pred = x.argmax(axis=1)
accuracy = float(np.mean(pred == labels))
loss = float(-np.mean(np.log(np.maximum(x[np.arange(N), labels], FLOOR))))

cm = np.zeros((K, K), dtype=int)
for t, q in zip(labels, pred):
    cm[t, q] += 1

per_class = []
for c in range(K):
    tp, predicted, support = cm[c, c], cm[:, c].sum(), cm[c, :].sum()
    precision = tp / predicted if predicted else 0.0
    recall = tp / support if support else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    s, pos = x[:, c], labels == c
    sp, sn = s[pos], s[~pos]
    auc = ((sp[:, None] > sn[None, :]).sum() + 0.5 * (sp[:, None] == sn[None, :]).sum()) / (len(sp) * len(sn))
    ap, previous_recall = 0.0, 0.0
    for t in np.unique(s)[::-1]:
        chosen = s >= t
        tp_t = int((chosen & pos).sum())
        r = tp_t / pos.sum()
        ap += (r - previous_recall) * (tp_t / chosen.sum())
        previous_recall = r
    per_class.append(dict(digit=c, precision=float(precision), recall=float(recall), f1=float(f1),
                          support=int(support), roc_auc=float(auc), pr_auc=float(ap)))

conf = x.max(axis=1)
correct = pred == labels
bins, ece, mce = [], 0.0, 0.0
for m in range(1, BINS + 1):
    lo, hi = (m - 1) / BINS, m / BINS
    inside = (conf > lo) & (conf <= hi)
    count = int(inside.sum())
    mean_conf = float(conf[inside].mean()) if count else 0.0
    acc = float(correct[inside].mean()) if count else 0.0
    if count:
        ece += count / N * abs(acc - mean_conf)
        mce = max(mce, abs(acc - mean_conf))
    bins.append(dict(count=count, mean_confidence=mean_conf, accuracy=acc))

expected = dict(
    accuracy=accuracy, loss=loss, ece=ece, mce=mce, confusion_matrix=cm.tolist(), per_class=per_class,
    macro=dict(precision=float(np.mean([c["precision"] for c in per_class])),
               recall=float(np.mean([c["recall"] for c in per_class])),
               f1=float(np.mean([c["f1"] for c in per_class])),
               roc_auc=float(np.mean([c["roc_auc"] for c in per_class])),
               pr_auc=float(np.mean([c["pr_auc"] for c in per_class]))),
    calibration_bins=bins)

rows = ",\n    ".join("[" + ", ".join(repr(v) for v in row) + "]" for row in p)
print("{")
print(f'  "generator": "make_reference.py (numpy {np.__version__}), seed {SEED}",')
print(f'  "labels": {json.dumps(labels.tolist())},')
print(f'  "probabilities": [\n    {rows}\n  ],')
print(f'  "expected": {json.dumps(expected, indent=2)}')
print("}")
