// The sentence-transformers script's fixed part: the command line, reading the person's file, the library's
// import and version check, the optional mining, the loss the settings name, the trainer and the save. The
// settings it reads (MODEL_NAME, LOSS, SCALE, ... WARNINGS) are written above it by
// ../sentenceTransformersScript.ts from the lab's experiment (../stMapping.ts).
// Python source kept verbatim (String.raw: backslashes stay as written).

/** Python: everything after the settings. */
export const PY_ST_MAIN = String.raw`
# ---- running it -----------------------------------------------------------------------------------------------

import argparse
import math
import os
import re
import sys
from types import SimpleNamespace

INSTALL = 'pip install "sentence-transformers[train]>=4.1"  (or: pip install sentence-transformers datasets accelerate)'
# util.mine_hard_negatives's absolute_margin / relative_margin and GISTEmbedLoss's margin_strategy / margin
# arrived in 4.1 (April 2025); the rest of what this script calls is older.
MIN_VERSION = (4, 1)


def parse_args(argv=None):
    """The command line: the data, the model, how long to train and where to save."""
    parser = argparse.ArgumentParser(
        description="Fine-tunes a sentence encoder with an InfoNCE Lab experiment's choices (see the comments at "
        "the top of this file).",
    )
    parser.add_argument(
        "--data",
        required=True,
        help="a UTF-8 text file: one sentence per line (unsupervised SimCSE: each sentence is its own positive, "
        "the dropout makes the two views), or a TSV with anchor<TAB>positive[<TAB>hard negative] per line",
    )
    parser.add_argument("--model", default=MODEL_NAME, help="the pretrained model to fine-tune (default: %(default)s)")
    parser.add_argument(
        "--guide-model",
        default=None,
        help="GISTEmbedLoss's guide, and the model that mines hard negatives (default: --model as it is before "
        "training; the guide is a second copy that is never trained)",
    )
    parser.add_argument("--epochs", type=float, default=1.0, help="passes over the data (default: %(default)s)")
    parser.add_argument(
        "--max-steps", type=int, default=-1, help="stop after this many steps (default: the epochs decide)"
    )
    parser.add_argument(
        "--batch-size", type=int, default=BATCH_SIZE, help="rows per batch (default: the lab's, %(default)s)"
    )
    parser.add_argument(
        "--mini-batch-size",
        type=int,
        default=MINI_BATCH_SIZE,
        help="use the Cached (GradCache) loss with this mini-batch, 0 for the plain one (default: %(default)s)",
    )
    parser.add_argument("--lr", type=float, default=LEARNING_RATE, help="learning rate (default: %(default)s)")
    parser.add_argument("--seed", type=int, default=SEED, help="the library's seed (default: the lab's, %(default)s)")
    parser.add_argument("--output-dir", default="st-output", help="checkpoints and the final model (default: %(default)s)")
    return parser.parse_args(argv)


def read_data(path):
    """The file's rows as columns, and whether it was a TSV. One sentence per line gives (s, s) pairs; a TSV gives
    anchor, positive[, negative]. A file it would have to guess about is refused with line numbers."""
    try:
        with open(path, encoding="utf-8") as handle:
            lines = [(number, line.rstrip("\r\n")) for number, line in enumerate(handle, 1)]
    except (OSError, UnicodeDecodeError) as error:
        sys.exit(f"cannot read {path}: {error}")
    lines = [(number, line) for number, line in lines if line.strip()]
    if not lines:
        sys.exit(f"{path}: no sentences")
    first_number, first = lines[0]
    tsv = "\t" in first
    width = len(first.split("\t")) if tsv else 1
    if tsv and width not in (2, 3):
        sys.exit(f"{path}: line {first_number} has {width} tab-separated fields; a TSV holds anchor, positive[, hard negative]")
    if tsv and [field.strip().lower() for field in first.split("\t")] == ["anchor", "positive", "negative"][:width]:
        lines = lines[1:]  # a header row
    problems = []
    rows = []
    for number, line in lines:
        fields = [field.strip() for field in line.split("\t")]
        if len(fields) != width:
            problems.append(f"line {number}: {len(fields)} tab-separated fields where the first line has {width}")
        elif not all(fields):
            problems.append(f"line {number}: an empty field")
        else:
            rows.append(fields)
    if problems:
        more = f"\n  ... and {len(problems) - 20} more" if len(problems) > 20 else ""
        sys.exit(f"refusing {path}:\n  " + "\n  ".join(problems[:20]) + more)
    if not rows:
        sys.exit(f"{path}: no rows after the header")
    if not tsv:
        sentences = [row[0] for row in rows]
        return {"anchor": sentences, "positive": list(sentences)}, False
    columns = {"anchor": [row[0] for row in rows], "positive": [row[1] for row in rows]}
    if width == 3:
        columns["negative"] = [row[2] for row in rows]
    return columns, True


def import_library():
    """The library's parts this script calls; exits with how to install them when missing or too old."""
    try:
        import sentence_transformers
        from datasets import Dataset
        from sentence_transformers import (
            SentenceTransformer,
            SentenceTransformerTrainer,
            SentenceTransformerTrainingArguments,
            losses,
        )
        from sentence_transformers.util import mine_hard_negatives
    except ImportError as error:
        sys.exit(f"{error}\nInstall: {INSTALL}")
    found = tuple(int(part) for part in re.findall(r"\d+", sentence_transformers.__version__)[:2])
    if found < MIN_VERSION:
        sys.exit(f"sentence-transformers {sentence_transformers.__version__} is older than 4.1. Install: {INSTALL}")
    try:
        from sentence_transformers.training_args import BatchSamplers

        sampler = BatchSamplers(BATCH_SAMPLER)  # BatchSamplers.NO_DUPLICATES for "no_duplicates"
    except ImportError:
        sampler = BATCH_SAMPLER  # SentenceTransformerTrainingArguments reads the string too
    return SimpleNamespace(
        version=sentence_transformers.__version__,
        Dataset=Dataset,
        SentenceTransformer=SentenceTransformer,
        SentenceTransformerTrainer=SentenceTransformerTrainer,
        SentenceTransformerTrainingArguments=SentenceTransformerTrainingArguments,
        losses=losses,
        mine_hard_negatives=mine_hard_negatives,
        batch_sampler=sampler,
    )


def mine(lib, dataset, miner):
    """Adds MINE's hard negatives to the (anchor, positive) rows: one row per anchor with its k negatives for
    MultipleNegativesRankingLoss ("n-tuple"); k (anchor, positive, negative) rows per anchor for GISTEmbedLoss and
    TripletLoss, which take at most one negative column ("triplet")."""
    k = MINE["num_negatives"]
    one_negative_column = k == 1 or "GISTEmbedLoss" in LOSS or LOSS == "TripletLoss"
    mined = lib.mine_hard_negatives(
        dataset,
        miner,
        num_negatives=k,
        sampling_strategy=MINE["sampling_strategy"],
        relative_margin=MINE["relative_margin"],
        absolute_margin=MINE["absolute_margin"],
        output_format="triplet" if one_negative_column else "n-tuple",
    )
    print(f"mined up to {k} hard negative(s) per anchor: {len(dataset)} rows -> {len(mined)}", file=sys.stderr)
    return mined


def build_loss(lib, model, guide, mini_batch_size):
    """LOSS with the settings above; the Cached (GradCache) form when a mini-batch is set."""
    losses = lib.losses
    if LOSS == "TripletLoss":
        return losses.TripletLoss(
            model, distance_metric=losses.TripletDistanceMetric.COSINE, triplet_margin=TRIPLET_MARGIN
        )
    if "GISTEmbedLoss" in LOSS:
        if mini_batch_size:
            return losses.CachedGISTEmbedLoss(
                model,
                guide,
                temperature=TEMPERATURE,
                mini_batch_size=mini_batch_size,
                margin_strategy="relative",
                margin=RELATIVE_MARGIN,
            )
        return losses.GISTEmbedLoss(
            model, guide, temperature=TEMPERATURE, margin_strategy="relative", margin=RELATIVE_MARGIN
        )
    if mini_batch_size:
        return losses.CachedMultipleNegativesRankingLoss(model, scale=SCALE, mini_batch_size=mini_batch_size)
    return losses.MultipleNegativesRankingLoss(model, scale=SCALE)


def main(argv=None):
    args = parse_args(argv)
    for warning in WARNINGS:
        print(f"warning: {warning}", file=sys.stderr)
    columns, tsv = read_data(args.data)
    if DATA == "pairs" and not tsv:
        sys.exit(
            f"{args.data}: supervised SimCSE needs pairs: a TSV of anchor<TAB>positive[<TAB>hard negative] per line"
        )
    if tsv and DATA == "sentences":
        print("note: a TSV: training on its (anchor, positive) pairs rather than (s, s)", file=sys.stderr)
    if tsv and "negative" not in columns and LOSS != "TripletLoss":
        print("note: no hard-negative column: in-batch negatives only", file=sys.stderr)
    mini_batch_size = args.mini_batch_size or None
    if mini_batch_size is None and args.batch_size > CACHE_ABOVE and LOSS != "TripletLoss":
        print(f"note: a batch of {args.batch_size}: --mini-batch-size 32 holds it in less memory", file=sys.stderr)

    lib = import_library()
    print(f"sentence-transformers {lib.version}; model {args.model}", file=sys.stderr)
    model = lib.SentenceTransformer(args.model)
    dataset = lib.Dataset.from_dict(columns)
    guide = None
    if "GISTEmbedLoss" in LOSS:
        guide = lib.SentenceTransformer(args.guide_model or args.model)
    if MINE is not None:
        if "negative" in columns:
            print("note: the file's third column gives the hard negatives: nothing is mined", file=sys.stderr)
        else:
            miner = guide or (lib.SentenceTransformer(args.guide_model) if args.guide_model else model)
            dataset = mine(lib, dataset, miner)
    if LOSS == "TripletLoss" and len(dataset.column_names) < 3:
        sys.exit("TripletLoss needs (anchor, positive, negative) rows")
    loss = build_loss(lib, model, guide, mini_batch_size)
    print(f"loss: {type(loss).__name__}", file=sys.stderr)

    steps_per_epoch = math.ceil(len(dataset) / args.batch_size)
    total_steps = args.max_steps if args.max_steps > 0 else math.ceil(steps_per_epoch * args.epochs)
    training_args = lib.SentenceTransformerTrainingArguments(
        output_dir=args.output_dir,
        num_train_epochs=args.epochs,
        max_steps=args.max_steps,
        per_device_train_batch_size=args.batch_size,
        learning_rate=args.lr,
        warmup_steps=int(WARMUP_FRACTION * total_steps),
        seed=args.seed,
        batch_sampler=lib.batch_sampler,
        logging_steps=10,
        save_strategy="no",
        report_to="none",
    )
    trainer = lib.SentenceTransformerTrainer(
        model=model, args=training_args, train_dataset=dataset, loss=loss
    )
    trainer.train()
    final = os.path.join(args.output_dir, "final")
    model.save_pretrained(final)
    print(f"saved the fine-tuned model to {final}: SentenceTransformer({final!r}) loads it", file=sys.stderr)


if __name__ == "__main__":
    main()
`;
