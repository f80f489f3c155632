// The exported script's model: the lab's MLP encoder (src/engine/model.ts), its dropout masks, one tower or two
// (src/engine/towers.ts), and MoCo's momentum encoder with its key queue (src/engine/keyQueue.ts).

/** Python: dropout masks, Encoder, Embedder, KeyQueue. */
// biome-ignore lint/complexity/noUselessStringRaw: Python source, where a backslash added later must stay one
export const PY_MODEL = String.raw`
# ---- the encoder -------------------------------------------------------------------------------------------

# Offsets of the dropout draws of one step, so that each use of the encoder gets masks of its own, as in the lab:
# the two views, the positives' view, the hard negatives', the corpus' (full softmax), the second tower's.
VIEWS, POSITIVES, HARD_NEGATIVES, CORPUS, SECOND_TOWER = 0, 1, 2, 3, 7

# Set by --check-fixed-batch: every process draws the masks of the whole global batch and keeps its own rows, so
# P processes see exactly the single process's masks. In training each process draws only its own rows.
GLOBAL_MASKS = False


def draw_masks(config, seed, use, rows, paired):
    """Inverted-dropout masks for the hidden layers (rows x width each; kept units scaled by 1 / (1 - rate)), or
    None without dropout. One generator per layer, so the first k rows of a draw are the same whatever the rows
    drawn (a snapshot re-embeds the first pairs of the batch with the step's own masks). paired: rows are
    [a, a', b, b', ...] and sameMask gives both views of a row one mask (SimCSE's "fixed 0.1")."""
    rate = config["dropout"]
    if rate <= 0:
        return None
    shared = paired and config["sameMask"]
    masks = []
    for layer, width in enumerate(config["hidden"]):
        generator = torch.Generator(device=DEVICE)
        generator.manual_seed(seed * 1000 + use * 10 + layer)
        count = rows // 2 if shared else rows
        keep = (torch.rand(count, width, generator=generator, device=DEVICE) >= rate).float() / (1 - rate)
        masks.append(keep.repeat_interleave(2, 0) if shared else keep)
    return masks


def process_masks(config, seed, use, rows, paired=False):
    """This process's masks for its rows of a step. Each process draws its own (the seed moved by its rank), so
    P processes use other masks than one process; --check-fixed-batch draws the global batch's and slices. The
    corpus (the full softmax's columns), which every process embeds whole, gets the same masks everywhere."""
    if use == CORPUS:
        return draw_masks(config, seed, use, rows, paired)
    if not GLOBAL_MASKS or WORLD == 1:
        return draw_masks(config, seed + RANK * 7919, use, rows, paired)
    masks = draw_masks(config, seed, use, rows * WORLD, paired)
    return None if masks is None else [m[RANK * rows : (RANK + 1) * rows] for m in masks]


class Encoder(torch.nn.Module):
    """The lab's MLP: dense layers input -> hidden... -> dim, ReLU and then dropout after each hidden layer, none
    after the last. He-normal kernels (std sqrt(2 / fan_in)), zero biases. Raw outputs: the losses normalise."""

    def __init__(self, widths, generator):
        super().__init__()
        self.layers = torch.nn.ModuleList()
        for fan_in, fan_out in zip(widths[:-1], widths[1:]):
            layer = torch.nn.Linear(fan_in, fan_out)
            with torch.no_grad():
                layer.weight.normal_(0.0, math.sqrt(2.0 / fan_in), generator=generator)
                layer.bias.zero_()
            self.layers.append(layer)

    def forward(self, x, masks=None):
        h = x
        for i, layer in enumerate(self.layers):
            h = layer(h)
            if i < len(self.layers) - 1:
                h = torch.relu(h)
                if masks is not None:
                    h = h * masks[i]
        return h


class Embedder(torch.nn.Module):
    """One encoder for both views (SimCSE), or towers = 2: the second view (the positives) through an encoder of
    its own. The metrics, mining and a momentum encoder read the first tower."""

    def __init__(self, config, input_dim):
        super().__init__()
        widths = [input_dim, *config["hidden"], config["dim"]]
        generator = torch.Generator().manual_seed(config["seed"])
        self.config = config
        self.query = Encoder(widths, generator)
        self.item = Encoder(widths, generator) if config["towers"] == 2 else None

    def embed(self, x):
        """Rows without dropout, by the first tower (display, mining, keys)."""
        return self.query(x)

    def two_views(self, x, seed):
        """Each row twice with independent masks, [a, a', b, b', ...]: 2n x dim, raw."""
        n = len(x)
        if self.item is None:
            return self.query(x.repeat_interleave(2, 0), process_masks(self.config, seed, VIEWS, 2 * n, True))
        a = self.query(x, process_masks(self.config, seed, VIEWS, n))
        b = self.item(x, process_masks(self.config, seed, SECOND_TOWER, n))
        return torch.stack([a, b], 1).reshape(2 * n, -1)

    def one_view(self, x, seed, use, tower=0):
        """One view a row, tower 0 (anchors) or 1 (positives: the second tower when there are two)."""
        encoder = self.item if tower == 1 and self.item is not None else self.query
        return encoder(x, process_masks(self.config, seed, use, len(x)))


class KeyQueue:
    """MoCo's memory (facebookresearch/moco builder.py): the last K unit keys, each a training row embedded without
    dropout by a momentum encoder that follows the first tower, k <- m k + (1 - m) q after every step. Keys are
    constants: only the query side trains. Every process holds the same queue (it enqueues the global batch)."""

    def __init__(self, config, model):
        self.config = config
        self.query = model.query
        self.encoder = copy.deepcopy(model.query).requires_grad_(False)
        self.keys = None
        self.rows = np.zeros(0, dtype=np.int64)

    @torch.no_grad()
    def after_step(self, x, rows):
        m = self.config["momentum"]
        for param_k, param_q in zip(self.encoder.parameters(), self.query.parameters()):
            param_k.data = param_k.data * m + param_q.data * (1.0 - m)
        keys = F.normalize(self.encoder(x), dim=1)
        self.keys = keys if self.keys is None else torch.cat([self.keys, keys])[-self.config["queueSize"] :]
        self.rows = np.concatenate([self.rows, rows])[-self.config["queueSize"] :]
`;
