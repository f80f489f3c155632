// The exported script's first part: imports, the check that refuses settings it does not implement, the
// processes (torchrun's environment) and the data: decoding the packed arrays (handoff/arrayCodec.ts) and the
// lab's batch sampler (src/data/batches.ts, src/engine/run.ts's nextPlan).
// Python source kept verbatim (String.raw: backslashes stay as written).

/** Python: imports, refusal of unknown settings, processes, data and batches. */
export const PY_SETUP = String.raw`
import argparse
import base64
import copy
import json
import math
import os
import sys
import time
import zlib
from dataclasses import dataclass
from typing import Callable, Optional

import numpy as np
import torch
import torch.distributed as dist
import torch.distributed.nn.functional as dist_nn
import torch.nn.functional as F

# ---- what this script implements ------------------------------------------------------------------------------

# Every option of the lab's choice fields that the script trains as the lab does. A value outside these lists
# (a newer lab's option, or an edit of CONFIG) stops the script before it starts, instead of training
# something else under the lab's name.
SUPPORTED = {
    "dataset": ["clusters", "digits"],
    "loss": ["infonce", "infonce-nxn", "supervised", "triplet", "dcl", "hcl"],
    "mining": ["random", "hardest", "semi-hard"],
    "negatives": ["batch", "queue", "all"],
    "pick": ["all", "hard", "near-pos", "kgpolicy", "quantile"],
    "logQ": ["off", "exact", "stream"],
    "falseNegatives": ["keep", "eliminate", "attract", "filter"],
    "labels": ["known", "hidden"],
}


def refuse_unsupported(config, world):
    """Exits with the reasons when the experiment asks for something this script does not do as the lab does."""
    problems = [
        f"{key} = {config[key]!r} is not implemented here (known: {', '.join(known)})"
        for key, known in SUPPORTED.items()
        if config[key] not in known
    ]
    if config["towers"] not in (1, 2):
        problems.append(f"towers = {config['towers']!r}: 1 or 2")
    if config["batch"] % world != 0:
        problems.append(
            f"batch = {config['batch']} pairs do not split evenly over {world} processes: every process must hold "
            "as many anchors, or the gradient would no longer equal the single-process one"
        )
    if problems:
        sys.exit("refusing to run:\n  " + "\n  ".join(problems))


# ---- processes (torchrun sets these; one process without it) -------------------------------------------------

WORLD = int(os.environ.get("WORLD_SIZE", "1"))
RANK = int(os.environ.get("RANK", "0"))
LOCAL_RANK = int(os.environ.get("LOCAL_RANK", "0"))
DEVICE = torch.device(f"cuda:{LOCAL_RANK}" if torch.cuda.is_available() else "cpu")


def start_processes():
    """Joins torchrun's process group: NCCL between GPUs, gloo between CPU processes."""
    if WORLD == 1:
        return
    if DEVICE.type == "cuda":
        torch.cuda.set_device(DEVICE)
    dist.init_process_group("nccl" if DEVICE.type == "cuda" else "gloo")


@dataclass(frozen=True)
class Part:
    """Which share of the global batch a loss computes: process rank of world, each world-th of the pairs."""

    rank: int
    world: int


def gather_rows(rows, part):
    """Every process's rows, in rank order, WITH gradients: all_gather's backward sends each process the sum over
    processes of the gradient on its own rows, so an anchor anywhere pushes on negatives everywhere."""
    if part.world == 1:
        return rows
    return torch.cat(dist_nn.all_gather(rows.contiguous()), 0)


# ---- data ---------------------------------------------------------------------------------------------------


def unpack(spec, blob):
    """One packed array: zlib-compressed little-endian values of spec's dtype in its shape; features (float32, or
    integer counts with a scale) as float32 times the scale, labels and indices as int64."""
    values = np.frombuffer(zlib.decompress(blob), dtype=np.dtype(spec["dtype"]).newbyteorder("<"))
    values = values.reshape(spec["shape"])
    if spec["dtype"] == "float32" or spec["scale"] != 1:
        return values.astype(np.float32) * np.float32(spec["scale"])
    return values.astype(np.int64)  # labels and row indices


def load_data():
    """The lab's rows as tensors on the device: from the base64 strings in DATA, or from DATA_FILE beside the
    script (offsets into it in DATA)."""
    beside = None
    if DATA_FILE:
        with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), DATA_FILE), "rb") as file:
            beside = file.read()
    arrays = {}
    for name, spec in DATA.items():
        if "b64" in spec:
            blob = base64.b64decode(spec["b64"])
        else:
            blob = beside[spec["offset"] : spec["offset"] + spec["length"]]
        arrays[name] = torch.as_tensor(unpack(spec, blob), device=DEVICE)
    return arrays


@dataclass
class Plan:
    """One step's draw, the same in every process: N anchor rows, their positives (supervised, triplet), the
    pool hard negatives are mined from (supervised), and the seed of the step's dropout masks."""

    anchors: np.ndarray
    positives: Optional[np.ndarray]
    pool: Optional[np.ndarray]
    seed: int


class BatchSampler:
    """The lab's batches (src/data/batches.ts): epochs of shuffled rows, each row once an epoch, N distinct rows a
    batch; a batch that runs past an epoch's end takes the rest from the next epoch's front, skipping rows it
    already holds. Every process draws the same plans (one seed), then embeds its own share."""

    def __init__(self, labels, seed):
        self.labels = labels
        self.rng = np.random.default_rng([seed, 1])
        self.pool_rng = np.random.default_rng([seed, 2])
        self.order = self.rng.permutation(len(labels))
        self.cursor = 0
        self.buckets = [np.flatnonzero(labels == c) for c in range(int(labels.max()) + 1)]

    def rows(self, n):
        total = len(self.order)
        batch = list(self.order[self.cursor : self.cursor + n])
        self.cursor += len(batch)
        if len(batch) < min(n, total):
            taken = set(batch)
            order = self.rng.permutation(total)
            fresh = [r for r in order if r not in taken][: min(n, total) - len(batch)]
            chosen = set(fresh)
            self.order = np.array(fresh + [r for r in order if r not in chosen])
            self.cursor = len(fresh)
            batch += fresh
        return np.array(batch, dtype=np.int64)

    def positives(self, anchors):
        """For each anchor a random other row of its class (the anchor itself when its class has one row)."""
        out = anchors.copy()
        for i, anchor in enumerate(anchors):
            bucket = self.buckets[self.labels[anchor]]
            if len(bucket) > 1:
                k = int(self.rng.integers(len(bucket) - 1))
                out[i] = bucket[k + 1 if k >= np.searchsorted(bucket, anchor) else k]
        return out

    def plan(self, config):
        anchors = self.rows(config["batch"])
        paired = config["loss"] in ("supervised", "triplet")
        pool = None
        if config["loss"] == "supervised":
            size = min(len(self.labels), max(64, len(anchors)))
            pool = self.pool_rng.choice(len(self.labels), size, replace=False)
        seed = int(self.rng.integers(2**31))
        return Plan(anchors, self.positives(anchors) if paired else None, pool, seed)
`;
