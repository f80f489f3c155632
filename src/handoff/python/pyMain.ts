// The exported script's training loop (src/engine/run.ts's step, src/cli/trainSteps.ts's lines): Adam as tf.js's,
// one step of the global batch split over the processes, the gradient averaged as DDP averages it, a JSON line
// every 10 steps, and --check-fixed-batch.

/** Python: Context, the step, the loop and main(). */
// biome-ignore lint/complexity/noUselessStringRaw: Python source, where a backslash added later must stay one
export const PY_MAIN = String.raw`
# ---- training ----------------------------------------------------------------------------------------------

STEPS_PER_LINE = 10  # as npm run train: one line every 10 steps, and after the last


class Context:
    """What the objectives read: the config, the model, the training rows and labels on the device, the queue
    (InfoNCE with negatives = queue) and logQ's class probabilities."""

    def __init__(self, config, data, classes):
        self.config = config
        self.data = data
        self.x, self.y = data["train_x"], data["train_y"]
        self.model = Embedder(config, self.x.shape[1]).to(DEVICE)
        queued = config["loss"] == "infonce" and config["negatives"] == "queue"
        self.queue = KeyQueue(config, self.model) if queued else None
        counts = torch.bincount(self.y, minlength=classes).double()
        self.exact_p = counts / counts.sum()
        self.streamed_p = torch.full((classes,), 1.0 / classes, dtype=torch.float64, device=DEVICE)

    def class_log_q(self):
        """-log(clip(p, 1e-6, 1)) of each class (tensorflow_recommenders): p its share of the training rows
        (exact), or of the batches seen, a moving average (stream)."""
        p = self.exact_p if self.config["logQ"] == "exact" else self.streamed_p
        return (-torch.log(p.clamp(1e-6, 1.0))).float()

    @torch.no_grad()
    def after_step(self, plan):
        """The step's batch joins the logQ estimate (rate 0.01) and, with a queue, the momentum keys."""
        anchors = torch.as_tensor(plan.anchors, device=DEVICE)
        shares = torch.bincount(self.y[anchors], minlength=len(self.streamed_p)).double() / len(anchors)
        self.streamed_p = 0.99 * self.streamed_p + 0.01 * shares
        if self.queue is not None:
            self.queue.after_step(self.x[anchors], plan.anchors)


def local_loss(ctx, plan):
    """The mean loss of this process's anchors against the whole global batch. all_gather's backward sums every
    process's gradient onto the rows each one gathered, so the gradients summed over the P processes are those of
    the sum of the P local means: P times the global batch's mean loss when the shares are equal (batch % P ==
    0). average_gradients divides by P, which leaves the single-process gradient, up to float order."""
    block = BLOCKS[ctx.config["loss"]](ctx, plan, Part(RANK, WORLD))
    return block.losses_of(block.sim).mean()


def average_gradients(model):
    """DDP's rule, written out: sum every gradient over the processes, divide by P. (DistributedDataParallel does
    this in backward hooks; the encoder here runs several times a step, views, positives, hard negatives, which
    its one-forward-one-backward bookkeeping does not expect.)"""
    if WORLD == 1:
        return
    for param in model.parameters():
        if param.grad is not None:
            dist.all_reduce(param.grad)
            param.grad /= WORLD


def global_mean(value):
    """The mean over processes of a scalar (the global batch's loss from the processes' local means)."""
    value = value.detach().clone()
    if WORLD > 1:
        dist.all_reduce(value)
        value /= WORLD
    return float(value)


def train(ctx, steps):
    config = ctx.config
    # tf.js's Adam: beta1 0.9, beta2 0.999, epsilon 1e-7 (PyTorch's default epsilon is 1e-8)
    optimizer = torch.optim.Adam(ctx.model.parameters(), lr=config["lr"], betas=(0.9, 0.999), eps=1e-7)
    sampler = BatchSampler(ctx.y.cpu().numpy(), config["seed"])
    backend = "torch-cuda" if DEVICE.type == "cuda" else "torch-cpu"
    reason = f"PyTorch {torch.__version__} on {DEVICE}, {WORLD} process{'es' if WORLD > 1 else ''}"
    if WORLD > 1:
        reason += f" ({dist.get_backend()})"
    started = time.perf_counter()
    last_time, last_step, line = started, 0, {}
    for step in range(1, steps + 1):
        plan = sampler.plan(config)
        loss = local_loss(ctx, plan)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        average_gradients(ctx.model)
        optimizer.step()
        ctx.after_step(plan)
        if step % STEPS_PER_LINE != 0 and step != steps:
            continue
        loss_value = global_mean(loss)
        if RANK != 0:
            continue
        now = time.perf_counter()
        line = {
            "step": step,
            "loss": loss_value,
            **batch_metrics(ctx, plan),
            **geometry_metrics(ctx),
            # text mode only, which this script does not port yet
            **{key: None for key in TEXT_KEYS},
            "tau": config["tau"],
            "batch_rows": 2 * config["batch"],
            "steps_per_s": (step - last_step) / (now - last_time),
            "backend": backend,
        }
        line = {key: finite_or_none(line[key]) for key in LINE_KEYS}
        print(json.dumps(line), flush=True)
        last_time, last_step = now, step
    seconds = time.perf_counter() - started
    if RANK == 0:
        summary = {"summary": True, **line, "steps": steps, "seconds": round(seconds, 3)}
        summary.update(steps_per_s=round(steps / seconds, 2), backend_reason=reason)
        print(json.dumps(summary), flush=True)


# the keys of npm run train -- --json that only text mode fills
TEXT_KEYS = [
    "sts_spearman", "length_bias", "length_bias_paraphrase", "length_bias_before", "length_bias_paraphrase_before",
]
# the keys of npm run train -- --json, in its order
LINE_KEYS = [
    "step", "loss", "alignment", "uniformity", "tolerance", "knn_acc", *TEXT_KEYS, "effective_negatives", "candidates",
    "hardest_weight", "fn_share", "fn_weight", "fn_count", "filter_precision", "filter_recall", "effective_rank",
    "tau", "batch_rows", "steps_per_s", "backend",
]


def check_fixed_batch(ctx):
    """The loss and gradient of the first batch at the initial weights, with the global batch's dropout masks (and,
    with a queue, the queue filled with keys of the first training rows): the same numbers, up to float order,
    whatever the number of processes. Prints one JSON line (rank 0)."""
    global GLOBAL_MASKS
    GLOBAL_MASKS = True
    plan = BatchSampler(ctx.y.cpu().numpy(), ctx.config["seed"]).plan(ctx.config)
    if ctx.queue is not None:
        rows = np.arange(min(ctx.config["queueSize"], len(ctx.x)))
        ctx.queue.after_step(ctx.x[torch.as_tensor(rows, device=DEVICE)], rows)
    loss = local_loss(ctx, plan)
    loss.backward()
    average_gradients(ctx.model)
    gradient = torch.cat([p.grad.flatten() for p in ctx.model.parameters()])
    value = global_mean(loss)
    if RANK == 0:
        print(json.dumps({"check": "fixed-batch", "processes": WORLD, "loss": value, "gradient": gradient.tolist()}))


def main():
    parser = argparse.ArgumentParser(description="The InfoNCE Lab experiment in PyTorch (see the top of the file).")
    parser.add_argument("--steps", type=int, default=STEPS, help=f"training steps (default {STEPS}, the export's)")
    parser.add_argument(
        "--check-fixed-batch",
        action="store_true",
        help="print the loss and gradient of one fixed batch instead of training (compare 1 and P processes)",
    )
    args = parser.parse_args()
    refuse_unsupported(CONFIG, WORLD)
    start_processes()
    data = load_data()
    ctx = Context(CONFIG, data, CLASSES)
    if args.check_fixed_batch:
        check_fixed_batch(ctx)
    else:
        train(ctx, args.steps)
    if WORLD > 1:
        dist.destroy_process_group()
`;
