// The exported script's objectives (src/engine/objective.ts, losses.ts): each is written, as in the lab, as a
// function of a block of cosines, A anchors (this process's) x C columns (the whole global batch's, gathered
// with gradients), so that training differentiates it and a snapshot reads every negative's weight from it.
// Formulas as tests/oracle/gen.py's PyTorch transcriptions of the papers' code.

/** Python: Block, the cross-entropies, DCL/HCL, and the N x N, supervised and triplet objectives. */
// biome-ignore lint/complexity/noUselessStringRaw: Python source, where a backslash added later must stay one
export const PY_OBJECTIVES = String.raw`
# ---- objectives ----------------------------------------------------------------------------------------------


@dataclass
class Block:
    """One step's loss as a function of its cosines. sim: A x C (A anchors of this process, C columns of the
    global batch, a queue or the corpus, then per-anchor synthetic ones), with gradients; losses_of(sim): the A
    anchors' losses; candidates: A x C 0/1, the anchor's negatives; kept: A x C 0/1, those its loss uses; labels
    of the anchors (A) and columns (C, -1 for a synthetic column); filtered: A x C 0/1, what the positive-aware
    filter dropped, or None; pairs: (left, right) unit rows of the anchors' positive pairs, for alignment."""

    sim: torch.Tensor
    losses_of: Callable[[torch.Tensor], torch.Tensor]
    candidates: torch.Tensor
    kept: torch.Tensor
    anchor_labels: torch.Tensor
    column_labels: torch.Tensor
    filtered: Optional[torch.Tensor]
    pairs: tuple


def share(rows, part):
    """This process's slice of the global batch's rows (each process holds world-th of the pairs)."""
    n = len(rows) // part.world
    return rows[part.rank * n : (part.rank + 1) * n]


def one_hot(columns, width):
    return F.one_hot(columns, width).float()


def kept_cross_entropy(sim, positives, kept, tau, shift=None):
    """InfoNCE over the kept columns (src/engine/negativeLosses.ts keptCrossEntropy): l_i = -log(e^z_pos /
    (e^z_pos + sum over kept j of e^z_ij)), z = s / tau (+ shift: logQ's -log p, supervised's ln alpha).
    Written relative to the positive's logit, so the loss keeps its precision at tau = 1e-4; a column outside
    the denominator is -inf, whose softmax weight and gradient are exactly 0."""
    z = sim / tau if shift is None else sim / tau + shift
    relative = z - (z * positives).sum(1, keepdim=True)
    in_denominator = (kept * (1 - positives) + positives) > 0
    return torch.logsumexp(relative.masked_fill(~in_denominator, float("-inf")), 1)


def attraction_cross_entropy(sim, positives, attracted, kept, tau, shift=None):
    """FNC's attraction (google-research/fnc add_contrastive_loss): the target spread evenly over the positive and
    the anchor's false negatives, which stay in the denominator."""
    z = sim / tau if shift is None else sim / tau + shift
    relative = z - (z * positives).sum(1, keepdim=True)
    targets = positives + attracted
    weights = targets / targets.sum(1, keepdim=True)
    in_denominator = torch.maximum(kept, targets) > 0
    return torch.logsumexp(relative.masked_fill(~in_denominator, float("-inf")), 1) - (weights * relative).sum(1)


def debiased_losses(sim, positives, negatives, t, tau_plus, beta):
    """DCL (chingyaoc/DCL; beta = 0) and HCL (joshr17/HCL) per anchor, in the log domain so small t cannot
    overflow: reweight = sum(neg^(1+beta)) / mean(neg^beta), Ng = max((reweight - tau+ M pos) / (1 - tau+),
    M e^(-1/t)), l = log(pos + Ng) - log(pos), M negatives."""
    m = negatives.sum(1)
    st = sim / t
    log_pos = (st * positives).sum(1)

    def log_sum_negatives(scale):
        return torch.logsumexp((st * scale).masked_fill(negatives == 0, float("-inf")), 1)

    if beta == 0:
        log_reweight = log_sum_negatives(1.0)
    else:
        log_reweight = log_sum_negatives(1.0 + beta) - log_sum_negatives(beta) + torch.log(m)
    log_floor = torch.log(m) - 1.0 / t
    # relative to c, every exp below is at most 1; c cancels in l, so it carries no gradient
    c = torch.maximum(torch.maximum(log_pos, log_reweight), log_floor).detach()
    pos, reweight, floor = torch.exp(log_pos - c), torch.exp(log_reweight - c), torch.exp(log_floor - c)
    ng = torch.maximum((reweight - pos * tau_plus * m) / (1 - tau_plus), floor)
    return torch.log(pos + ng) + c - log_pos


def two_view_block(ctx, plan, part):
    """[a, a', b, b', ...] rows of this process's pairs and of the global batch (unit), with every row's training
    row and the global index of this process's first row."""
    local = F.normalize(ctx.model.two_views(ctx.x[torch.as_tensor(share(plan.anchors, part))], plan.seed), dim=1)
    return local, gather_rows(local, part), np.repeat(plan.anchors, 2), part.rank * len(local)


def debiased_block(ctx, plan, part):
    """DCL and HCL on [a, a', b, b']: each row an anchor against the other 2N - 2 rows but its partner."""
    local, rows, train_rows, first = two_view_block(ctx, plan, part)
    own = torch.arange(first, first + len(local), device=DEVICE)
    positives = one_hot(own ^ 1, len(rows))
    negatives = 1 - positives - one_hot(own, len(rows))
    c = ctx.config
    beta = c["beta"] if c["loss"] == "hcl" else 0.0
    labels = ctx.y[torch.as_tensor(train_rows, device=DEVICE)]
    return Block(
        sim=local @ rows.T,
        losses_of=lambda s: debiased_losses(s, positives, negatives, c["tau"], c["tauPlus"], beta),
        candidates=negatives,
        kept=negatives,
        anchor_labels=labels[own],
        column_labels=labels,
        filtered=None,
        pairs=(local[0::2], local[1::2]),
    )


def cross_view_block(ctx, plan, part):
    """The SimCSE code's N x N form (cl_forward): first views against second views, label i, N - 1 negatives."""
    local, _, _, _ = two_view_block(ctx, plan, part)
    z1, z2 = local[0::2], gather_rows(local[1::2], part)
    own = torch.arange(part.rank * len(z1), (part.rank + 1) * len(z1), device=DEVICE)
    positives = one_hot(own, len(z2))
    labels = ctx.y[torch.as_tensor(plan.anchors, device=DEVICE)]
    return Block(
        sim=z1 @ z2.T,
        losses_of=lambda s: kept_cross_entropy(s, positives, 1 - positives, ctx.config["tau"]),
        candidates=1 - positives,
        kept=1 - positives,
        anchor_labels=labels[own],
        column_labels=labels,
        filtered=None,
        pairs=(z1, local[1::2]),
    )


def supervised_block(ctx, plan, part):
    """Supervised SimCSE: anchor z1 against every positive z2 and every hard negative z3 of the batch, label its
    own z2, its own z3's logit plus ln alpha. Hard negatives: the pool's most similar row of another class, mined
    without dropout or gradient (every process mines the whole batch: same model, same rows)."""
    c, x, y = ctx.config, ctx.x, ctx.y
    anchors, positives = torch.as_tensor(plan.anchors), torch.as_tensor(plan.positives)
    pool = torch.as_tensor(plan.pool)
    with torch.no_grad():
        scores = F.normalize(ctx.model.embed(x[anchors]), dim=1) @ F.normalize(ctx.model.embed(x[pool]), dim=1).T
        scores = scores.masked_fill(y[anchors][:, None] == y[pool][None, :], -2.0)
        hard = pool[scores.argmax(1).cpu()]
    z1 = F.normalize(ctx.model.one_view(x[share(anchors, part)], plan.seed, VIEWS), dim=1)
    z2 = F.normalize(ctx.model.one_view(x[share(positives, part)], plan.seed, POSITIVES, tower=1), dim=1)
    z3 = F.normalize(ctx.model.one_view(x[share(hard, part)], plan.seed, HARD_NEGATIVES), dim=1)
    columns = torch.cat([gather_rows(z2, part), gather_rows(z3, part)])
    n = len(anchors)
    own = torch.arange(part.rank * len(z1), (part.rank + 1) * len(z1), device=DEVICE)
    label = one_hot(own, 2 * n)
    shift = one_hot(own + n, 2 * n) * c["hardNegativeWeight"]
    return Block(
        sim=z1 @ columns.T,
        losses_of=lambda s: kept_cross_entropy(s, label, 1 - label, c["tau"], shift),
        candidates=1 - label,
        kept=1 - label,
        anchor_labels=y[share(anchors, part)],
        column_labels=torch.cat([y[positives], y[hard]]),
        filtered=None,
        pairs=(z1, z2),
    )


def triplet_block(ctx, plan, part):
    """The cosine triplet loss [cos(a, n) - cos(a, p) + m]_+ with one in-batch negative per anchor, mined (random,
    hardest, or FaceNet's semi-hard) among the batch's anchors and positives of another class, without dropout."""
    c, x, y = ctx.config, ctx.x, ctx.y
    anchors, positives = torch.as_tensor(plan.anchors), torch.as_tensor(plan.positives)
    n = len(anchors)
    mine = torch.as_tensor(share(np.arange(n), part))
    with torch.no_grad():
        a, p = F.normalize(ctx.model.embed(x[anchors]), dim=1), F.normalize(ctx.model.embed(x[positives]), dim=1)
        cos = a[mine] @ torch.cat([a, p]).T
        same_class = y[anchors][mine][:, None] == torch.cat([y[anchors], y[positives]])[None, :]
        if c["mining"] == "random":
            draws = np.random.default_rng([plan.seed, 3]).random((n, 2 * n), dtype=np.float32)[mine.numpy()]
            scores = torch.as_tensor(draws, device=DEVICE)
        elif c["mining"] == "hardest":
            scores = cos
        else:
            positive_cos = (a[mine] * p[mine]).sum(1, keepdim=True)
            semi_hard = (cos < positive_cos) & (cos > positive_cos - c["margin"])
            scores = torch.where(semi_hard, cos, cos - 4)
        mined = scores.masked_fill(same_class, -10.0).argmax(1)
    za = F.normalize(ctx.model.one_view(x[share(anchors, part)], plan.seed, VIEWS), dim=1)
    zp = F.normalize(ctx.model.one_view(x[share(positives, part)], plan.seed, POSITIVES, tower=1), dim=1)
    columns = torch.cat([gather_rows(za, part), gather_rows(zp, part)])
    rows = torch.arange(len(za), device=DEVICE)
    candidates = (~same_class).float()

    def losses_of(s):
        return torch.relu(s[rows, mined] - s[rows, n + mine.to(DEVICE)] + c["margin"])

    return Block(
        sim=za @ columns.T,
        losses_of=losses_of,
        candidates=candidates,
        kept=one_hot(mined, 2 * n) * candidates,
        anchor_labels=y[share(anchors, part)],
        column_labels=torch.cat([y[anchors], y[positives]]),
        filtered=None,
        pairs=(za, zp),
    )
`;
