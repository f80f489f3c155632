// What text mode's numbers mean, beside them: the sentences are synthetic (so STS here is not STS-B), the
// bag-of-words baseline is the fair yardstick, and why the lab explains PromptBERT without training it.
import { MEANING_GROUPS } from '../data/sentences';
import { isTextDataset } from '../data/types';
import { measuresSts } from '../protocol/runTexts';
import { useLab } from '../state/LabProvider';
import { formatNumber } from './fields';

/** The notes, shown while the run is on sentences (generated or the person's own); nothing otherwise. */
export function TextModeNotes() {
  const config = useLab((s) => s.config);
  const tfIdf = useLab((s) => s.texts?.stsBaselines?.tfIdf ?? null);
  if (!isTextDataset(config.dataset)) return null;
  const generated = measuresSts(config);
  return (
    <section className="text-notes" aria-label="About text mode" data-testid="text-mode-notes">
      {generated ? (
        <p data-testid="text-notes-synthetic">
          <strong>These sentences are synthetic.</strong> The lab writes them from templates over a small
          vocabulary: {MEANING_GROUPS.length} meaning groups (who does what to what; the colours on the
          sphere), said with synonyms, paraphrase forms and filler words, so a sentence’s length (3 to 25
          words) says nothing about its meaning. STS Spearman scores the encoder on held-out pairs whose gold
          scores come from how each pair was made: it describes this toy language and is not comparable with
          published STS-B results. Read it against the untrained encoder and the bag-of-words baseline on the
          same pairs
          {tfIdf === null ? '' : ` (TF-IDF: ${formatNumber(tfIdf)})`}, which needs no training at all.
        </p>
      ) : (
        <p data-testid="text-notes-own">
          Your own sentences have no graded pairs, so there is no STS score: watch the sphere, the nearest
          neighbours and the weights instead.
        </p>
      )}
      <details>
        <summary>PromptBERT, and one tower or two</summary>
        <p data-testid="text-notes-promptbert">
          PromptBERT (T. Jiang et al., “PromptBERT: Improving BERT Sentence Embeddings with Prompts”, EMNLP
          2022) represents a sentence by the hidden state of the [MASK] token in a template such as{' '}
          <code>This sentence : "[X]" means [MASK].</code>, and takes two templates of one sentence as the
          positive pair. It argues that raw BERT embeddings are biased by token frequency, letter case and
          subwords, and that the prompt avoids these biases. It needs a pretrained masked language model,
          which the small encoder this page trains from scratch is not: the lab explains it but does not train
          it.
        </p>
        <p data-testid="text-notes-towers">
          One tower or two: SimCSE encodes both sides of a pair with one shared encoder (one tower, Siamese);
          two towers give each side its own encoder, the recommender-system form of in-batch softmax for
          queries and items. Both views of a sentence are the same kind of text, so text mode uses one.
        </p>
      </details>
    </section>
  );
}
