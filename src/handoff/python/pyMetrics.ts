// The exported script's snapshot: the metrics `npm run train -- --json` prints, computed as the lab's
// src/engine/snapshotBuilder.ts and src/core/geometry.ts compute them.

/** Python: one snapshot line's metrics. */
// biome-ignore lint/complexity/noUselessStringRaw: Python source, where a backslash added later must stay one
export const PY_METRICS = String.raw`
# ---- metrics (rank 0, on one process's view of the batch) ------------------------------------------------------

KNN_K = 5  # neighbours the kNN accuracy votes with
UNIFORMITY_T = 2  # Wang & Isola's t
PUSH_NOISE = 1e-3  # below this share of an anchor's largest |dl/ds|, its summed push is float32 noise
MAX_VIEW_ROWS = 256  # rows a snapshot shows: its batch metrics read the first 256 // rows-per-pair pairs


def mean_of_finite(values):
    values = values[torch.isfinite(values)]
    return float(values.mean()) if len(values) else 0.0


def batch_metrics(ctx, plan):
    """Alignment, the weights of the negatives and the false-negative measures on the first pairs of the last
    batch, re-embedded after the step with its own masks. Each negative's weight is the objective's own:
    r_ij = dl_i/ds_ij over the negatives the loss uses, divided by their sum (autograd on the block)."""
    pairs = MAX_VIEW_ROWS // (3 if ctx.config["loss"] == "supervised" else 2)
    view = Plan(
        plan.anchors[:pairs],
        None if plan.positives is None else plan.positives[:pairs],
        plan.pool,
        plan.seed,
    )
    block = BLOCKS[ctx.config["loss"]](ctx, view, Part(0, 1))
    sim = block.sim.detach().requires_grad_(True)
    (gradient,) = torch.autograd.grad(block.losses_of(sim).sum(), sim)
    pushes = gradient * block.kept
    total = pushes.sum(1, keepdim=True)
    pushing = total > gradient.abs().amax(1, keepdim=True) * PUSH_NOISE
    weights = torch.where(pushing, pushes / total, torch.zeros_like(pushes))
    positive = weights.clamp(min=0)
    q = positive / positive.sum(1, keepdim=True).clamp(min=1e-30)
    entropy = -(q * torch.log(q.clamp(min=1e-30))).sum(1)
    left, right = block.pairs
    line = {
        "alignment": float(((left - right) ** 2).sum(1).mean()),
        "effective_negatives": mean_of_finite(torch.where(positive.sum(1) > 0, torch.exp(entropy), 0 * entropy)),
        "candidates": mean_of_finite(block.kept.sum(1)),
        "hardest_weight": mean_of_finite(weights.amax(1)),
        "fn_share": None,
        "fn_weight": None,
        "fn_count": None,
        "filter_precision": None,
        "filter_recall": None,
    }
    if ctx.config["labels"] == "known":
        false = block.candidates * (block.anchor_labels[:, None] == block.column_labels[None, :]).float()
        labelled = (block.candidates * (block.column_labels >= 0).float()[None, :]).sum(1)
        count = false.sum(1)
        nan = torch.full_like(count, float("nan"))
        line["fn_share"] = mean_of_finite(torch.where(labelled > 0, count / labelled.clamp(min=1), nan))
        line["fn_count"] = mean_of_finite(count)
        line["fn_weight"] = mean_of_finite(torch.where(pushing[:, 0], (weights * false).sum(1), nan))
        if block.filtered is not None:
            caught, dropped = float((block.filtered * false).sum()), float(block.filtered.sum())
            total_false = float(count.sum())
            line["filter_precision"] = caught / dropped if dropped > 0 else None
            line["filter_recall"] = caught / total_false if total_false > 0 else None
    return line


@torch.no_grad()
def geometry_metrics(ctx):
    """Uniformity and kNN accuracy on the strided metric subset of the display set, tolerance and effective rank
    on the whole display set, all on unit embeddings without dropout."""
    display = F.normalize(ctx.model.embed(ctx.data["display_x"]), dim=1)
    reference = F.normalize(ctx.model.embed(ctx.x[ctx.data["reference_rows"]]), dim=1)
    metric = display[ctx.data["metric_rows"]]
    n = len(metric)
    # log of the mean over pairs i != j of exp(-t ||u_i - u_j||^2), with ||u_i - u_j||^2 = 2 - 2 s_ij
    kernel = torch.exp((metric @ metric.T - 1) * 2 * UNIFORMITY_T)
    uniformity = math.log((float(kernel.double().sum()) - n) / (n * (n - 1)))
    k = min(KNN_K, len(reference))
    neighbours = ctx.y[ctx.data["reference_rows"]][(metric @ reference.T).topk(k, dim=1).indices].tolist()
    truth = ctx.data["display_y"][ctx.data["metric_rows"]].tolist()
    correct = 0
    for votes_of, label in zip(neighbours, truth):
        votes = {}
        for vote in votes_of:  # nearest first: at a tie, the label met first wins
            votes[vote] = votes.get(vote, 0) + 1
        correct += max(votes, key=votes.get) == label
    units = display.double().cpu().numpy()
    labels = ctx.data["display_y"].cpu().numpy()
    same_sum, same_count = 0.0, 0
    for label in np.unique(labels):
        members = units[labels == label]
        total = members.sum(0)
        same_sum += float(total @ total - (members * members).sum())
        same_count += len(members) * (len(members) - 1)
    spectrum = np.clip(np.linalg.eigvalsh(np.cov(units, rowvar=False)), 0, None)
    p = spectrum / spectrum.sum() if spectrum.sum() > 0 else None
    return {
        "uniformity": uniformity,
        "tolerance": same_sum / same_count if same_count else None,
        "knn_acc": correct / n,
        "effective_rank": float(np.exp(-(p[p > 0] * np.log(p[p > 0])).sum())) if p is not None else 1.0,
    }


def finite_or_none(value):
    """JSON has no NaN: the lab's JSON.stringify writes null for it, and so does this."""
    return None if isinstance(value, float) and not math.isfinite(value) else value
`;
