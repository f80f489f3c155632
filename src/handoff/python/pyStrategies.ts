// The exported script's InfoNCE with its negative strategies (src/engine/negativeStrategy.ts, negativeLosses.ts,
// falseNegativeRules.ts, mochi.ts): where the negatives come from, which count, false negatives, MoCHi, logQ.

/** Python: InfoNCE on [a, a', b, b'] with every negative strategy and false-negative rule of the lab. */
// biome-ignore lint/complexity/noUselessStringRaw: Python source, where a backslash added later must stay one
export const PY_STRATEGIES = String.raw`
def keep_count(config, count):
    """How many of an anchor's count candidates the selection keeps: k, or Wang & Liu's ceil(alpha count)."""
    if config["pick"] == "all":
        return count
    if config["pick"] != "quantile":
        return min(config["pickK"], count)
    product = config["alpha"] * count
    whole = round(product)
    return max(1, whole if abs(product - whole) < 1e-9 else math.ceil(product))


def select(config, sim, eligible, count):
    """Which eligible candidates count (A x C 0/1), chosen on the detached cosines: all; the k nearest the anchor
    (hard), nearest its positive (near-pos: the positive's own row, the partner's), best by KGPolicy's
    cos(a, n) + cos(n, p); Wang & Liu's upper alpha fraction. Ties go to the lower column (a stable sort)."""
    if config["pick"] == "all":
        return eligible
    near_positive = sim[torch.arange(len(sim), device=DEVICE) ^ 1]
    score = {"hard": sim, "quantile": sim, "near-pos": near_positive, "kgpolicy": sim + near_positive}[config["pick"]]
    ranked = score.masked_fill(eligible == 0, float("-inf"))
    order = torch.sort(ranked, dim=1, descending=True, stable=True).indices[:, : keep_count(config, count)]
    return torch.zeros_like(sim).scatter_(1, order, 1.0) * eligible


def mochi_mixes(config, seed, part, anchors, columns, sim, kept, count):
    """MoCHi (Kalantidis et al. 2020): per anchor, mochi points normalize(a n_i + (1 - a) n_j), a ~ U(0, 1), of
    two of its mochiHardest hardest kept negatives, and mochiQuery points normalize(b q + (1 - b) n_j),
    b ~ U(0, 0.5), of the anchor itself and one of them. Detached: A x S x dim. The draws are the global batch's
    (this process's rows of them), so P processes mix as one does."""
    hardest = min(config["mochiHardest"], keep_count(config, count))
    top = sim.masked_fill(kept == 0, float("-inf")).topk(hardest, dim=1).indices
    rng = np.random.default_rng([seed, 4])
    rows = slice(part.rank * len(anchors), (part.rank + 1) * len(anchors))

    def draw(count, ranks):
        """count draws per anchor: uniform in [0, 1) (ranks False) or a rank among the hardest (True)."""
        size = (len(anchors) * part.world, count)
        values = rng.integers(hardest, size=size) if ranks else rng.random(size + (1,), dtype=np.float32)
        return torch.as_tensor(values[rows], device=DEVICE)

    def hard(ranks):
        return columns[top.gather(1, ranks)]

    mixes = []
    if config["mochi"] > 0:
        a = draw(config["mochi"], False)
        mixed = a * hard(draw(config["mochi"], True)) + (1 - a) * hard(draw(config["mochi"], True))
        mixes.append(F.normalize(mixed, dim=2))
    if config["mochiQuery"] > 0:
        b = draw(config["mochiQuery"], False) * 0.5
        mixed = b * anchors[:, None, :] + (1 - b) * hard(draw(config["mochiQuery"], True))
        mixes.append(F.normalize(mixed, dim=2))
    return torch.cat(mixes, 1)


def strategy_block(ctx, plan, part):
    """InfoNCE on [a, a', b, b'] (2N - 2 negatives an anchor, its partner the positive) and its negative
    strategies. Columns: the global batch's rows, then a MoCo queue's keys; or every training row embedded with
    dropout (the full softmax, whose positive is the anchor's own row). False negatives by label are eliminated
    or attracted, or the positive-aware filter drops what is more similar than perc x the positive, before any
    selection. Everything chosen is chosen on detached cosines; MoCHi's points and logQ's -log p come last."""
    c = ctx.config
    local, rows, train_rows, first = two_view_block(ctx, plan, part)
    own = torch.arange(first, first + len(local), device=DEVICE)
    own_rows = torch.as_tensor(train_rows[first : first + len(local)], device=DEVICE)
    if c["negatives"] == "all":
        columns = F.normalize(ctx.model.one_view(ctx.x, plan.seed, CORPUS), dim=1)
        column_rows = torch.arange(len(ctx.x), device=DEVICE)
        positives = one_hot(own_rows, len(columns))
        candidates = 1 - positives
        count = len(columns) - 1
    else:
        queued = ctx.queue is not None and ctx.queue.keys is not None
        columns = torch.cat([rows, ctx.queue.keys]) if queued else rows
        key_rows = ctx.queue.rows if queued else np.zeros(0, dtype=np.int64)
        column_rows = torch.as_tensor(np.concatenate([train_rows, key_rows]), device=DEVICE)
        positives = one_hot(own ^ 1, len(columns))
        candidates = 1 - positives - one_hot(own, len(columns))
        # a queued key of the anchor's own training row is that row again, not a negative
        candidates[:, len(rows) :] *= (column_rows[None, len(rows) :] != own_rows[:, None]).float()
        count = len(columns) - 2
    sim = local @ columns.T
    detached = sim.detach()
    labels = ctx.y[column_rows]
    anchor_labels = ctx.y[own_rows]
    rule = c["falseNegatives"]
    if rule in ("eliminate", "attract") and c["labels"] == "hidden":
        rule = "keep"  # they read the labels; with the labels hidden the lab trains as keep
    by_label = None
    if rule in ("eliminate", "attract"):
        by_label = candidates * (anchor_labels[:, None] == labels[None, :]).float()
    filtered = None
    if rule == "filter":
        positive_sim = (detached * positives).sum(1, keepdim=True)
        filtered = candidates * (detached > c["perc"] * positive_sim).float()
    dropped = filtered if filtered is not None else by_label
    kept = select(c, detached, candidates - dropped if dropped is not None else candidates, count)
    shift = ctx.class_log_q()[labels][None, :] if c["logQ"] != "off" else None
    attracted = by_label if rule == "attract" else None
    if c["mochi"] + c["mochiQuery"] > 0:
        mixes = mochi_mixes(c, plan.seed, part, local.detach(), columns.detach(), detached, kept, count)
        s = mixes.shape[1]

        def widen(t, fill):
            return None if t is None else torch.cat([t, torch.full((len(t), s), float(fill), device=DEVICE)], 1)

        sim = torch.cat([sim, (local[:, None, :] * mixes).sum(2)], 1)
        positives, kept, candidates = widen(positives, 0), widen(kept, 1), widen(candidates, 1)
        attracted, filtered = widen(attracted, 0), widen(filtered, 0)
        shift = None if shift is None else torch.cat([shift, torch.zeros(1, s, device=DEVICE)], 1)
        labels = torch.cat([labels, torch.full((s,), -1, device=DEVICE, dtype=labels.dtype)])

    def losses_of(sims):
        if attracted is not None:
            return attraction_cross_entropy(sims, positives, attracted, kept, c["tau"], shift)
        return kept_cross_entropy(sims, positives, kept, c["tau"], shift)

    return Block(
        sim=sim,
        losses_of=losses_of,
        candidates=candidates,
        kept=kept,
        anchor_labels=anchor_labels,
        column_labels=labels,
        filtered=filtered,
        pairs=(local[0::2], local[1::2]),
    )


BLOCKS = {
    "infonce": strategy_block,
    "infonce-nxn": cross_view_block,
    "supervised": supervised_block,
    "triplet": triplet_block,
    "dcl": debiased_block,
    "hcl": debiased_block,
}
`;
