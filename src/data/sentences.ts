// Generated English sentences for text mode: training sentences with meaning-group labels, a held-out STS-style
// set of graded pairs, and entailment / contradiction triplets for supervised SimCSE.
//
// SYNTHETIC: every sentence comes from templates over a small closed vocabulary (./sentenceWords.ts), so the
// numbers measured on it (STS Spearman, length bias) describe this toy language, not English. Its synonyms are
// the only paraphrase there is, and its gold scores are exact because they are derived from how each pair was
// made, whereas human STS scores are noisy judgements: values here are not comparable with published STS results.
//
// Held out: the full meanings (agent, action, object, place) are split once from the seed; a fraction of them is
// kept for the STS pairs and never said by a training sentence (nor an entailment or contradiction in a triplet).
// Words, templates and meaning groups are shared, as real STS test sets share vocabulary with a training corpus.
//
// Randomness: forks of the 'data' stream ('data/sentences/heldout', 'data/sentences/train', '.../sts',
// '.../triplets'), each fixed by the seed alone, so changing `count` never changes the STS pairs or the held-out set.

import { createRng, type Rng } from '../core/rng';
import {
  agentClassOf,
  agentsOf,
  canDo,
  groupName,
  groupOf,
  MEANING_GROUPS,
  type Meaning,
  makeMeaning,
  meaningKey,
  objectsOf,
  type PatternId,
  render,
} from './sentenceRender';
import { PLACES } from './sentenceWords';

// The grammar's groups and types, so that callers need only this module.
export { groupName, MEANING_GROUPS, type Meaning, type MeaningGroup, type PatternId } from './sentenceRender';

/** Text shown wherever the generated sentences are used (the UI repeats it). */
export const SENTENCES_SYNTHETIC_NOTE =
  'These sentences are synthetic: generated from templates over a small vocabulary, with gold similarity ' +
  'scores derived from how each pair was made. Numbers measured on them describe this toy language, not ' +
  'English, and are not comparable with published STS results.';

/** A gold similarity score, 0 (unrelated) to 5 (same meaning). */
export type GoldScore = 0 | 1 | 2 | 3 | 4 | 5;

/** What a pair is for the length-bias chart: 5 = paraphrase, 0 = unrelated, the rest related. */
export type PairKind = 'paraphrase' | 'related' | 'unrelated';

/** One generated sentence. */
export interface Sentence {
  /** The sentence as shown (capitalised, with punctuation). */
  readonly text: string;
  /** Lower-case words, punctuation dropped. */
  readonly words: readonly string[];
  /** Number of words (words.length), the length that the length-bias lesson uses. */
  readonly length: number;
  /** Meaning group in [0, MEANING_GROUPS.length): the (agent class, action, object class) frame. */
  readonly label: number;
  /** The structured meaning it says. */
  readonly meaning: Meaning;
  /** The surface pattern that said it. */
  readonly pattern: PatternId;
}

/** A graded pair of the STS-style evaluation set. */
export interface StsPair {
  /** First sentence. */
  readonly a: Sentence;
  /** Second sentence. */
  readonly b: Sentence;
  /** Gold score (see goldScore). */
  readonly score: GoldScore;
  /** Paraphrase (5), unrelated (0) or related. */
  readonly kind: PairKind;
}

/** A supervised SimCSE triplet. */
export interface Triplet {
  /** A training sentence. */
  readonly anchor: Sentence;
  /** Same meaning in other words, or less of it (the place dropped): entailed by the anchor. */
  readonly entailment: Sentence;
  /** A meaning the anchor contradicts: its action negated or its agent and object swapped. */
  readonly contradiction: Sentence;
  /** How the contradiction was made. */
  readonly rule: 'negation' | 'swappedRoles';
}

/** Options of makeSentences. */
export interface SentenceOptions {
  /** Integer seed; forks of its 'data' stream are used. */
  readonly seed: number;
  /** Training sentences (default 2400, at least 1). */
  readonly count?: number;
  /** STS pairs (default 600, spread evenly over the six scores). */
  readonly stsPairs?: number;
  /** Fraction of the meanings held out for the STS pairs, in (0, 0.5] (default 0.2). */
  readonly heldOutFraction?: number;
}

/** The generated text data set. */
export interface SentenceDataset {
  /** The data set's id (not yet a DatasetId: registering it is the engine's step). */
  readonly id: 'sentences';
  /** Human-readable name. */
  readonly name: string;
  /** What the numbers mean on synthetic text (SENTENCES_SYNTHETIC_NOTE). */
  readonly note: string;
  /** Training sentences, `rows` of them. */
  readonly sentences: readonly Sentence[];
  /** rows, each the meaning group of a sentence. */
  readonly labels: Int32Array;
  /** Number of training sentences. */
  readonly rows: number;
  /** Number of meaning groups. */
  readonly classes: number;
  /** Display name of each group, length `classes`. */
  readonly classNames: readonly string[];
  /** The held-out graded pairs. */
  readonly sts: readonly StsPair[];
  /** One triplet per training sentence. */
  readonly triplets: readonly Triplet[];
  /** Keys (meaningKey) of the held-out meanings. */
  readonly heldOut: ReadonlySet<string>;
}

/** Default number of training sentences. */
export const SENTENCES_DEFAULT_COUNT = 2400;
/** Most training sentences a config may ask for. */
const MAX_COUNT = 100_000;
/** Shortest and longest target lengths in words (the renderer reaches them when the meaning allows). */
export const MIN_WORDS = 3;
/** Longest target length in words. */
export const MAX_WORDS = 25;
/** Share of meanings that name no place (short sentences need them). */
const NO_PLACE = 0.25;

/**
 * The gold score of two affirmative meanings, or null when the pair fits no rule:
 * 5 same meaning; 4 same agent, action and object, another place; 3 same agent and action, another object;
 * 2 same agent class, another action; 1 nothing shared but the place (agent class, action and object class all
 * differ, no shared entity); 0 nothing shared (as 1, and the places differ or one is absent).
 */
export function goldScore(a: Meaning, b: Meaning): GoldScore | null {
  if (a.negated || b.negated) return null;
  if (a.agent === b.agent && a.action === b.action && a.object === b.object)
    return a.place === b.place ? 5 : 4;
  if (a.agent === b.agent && a.action === b.action) return 3;
  if (a.agentClass === b.agentClass) return a.action === b.action ? null : 2;
  const disjoint =
    a.action !== b.action &&
    a.objectClass !== b.objectClass &&
    a.agent !== b.object &&
    a.object !== b.agent &&
    a.object !== b.object;
  if (!disjoint) return null;
  return a.place !== null && a.place === b.place ? 1 : 0;
}

/** The kind of a gold score for the length-bias chart. */
export function pairKind(score: GoldScore): PairKind {
  return score === 5 ? 'paraphrase' : score === 0 ? 'unrelated' : 'related';
}

/** Every affirmative meaning the grammar allows, in a fixed order (groups, agents, objects, places). */
export function allMeanings(): Meaning[] {
  const out: Meaning[] = [];
  for (const g of MEANING_GROUPS) {
    for (const agent of agentsOf(g.agentClass)) {
      for (const object of objectsOf(g.objectClass)) {
        if (object.id === agent.id) continue;
        for (const place of [null, ...PLACES.map((p) => p.id)])
          out.push(makeMeaning(agent.id, g.action, object.id, place));
      }
    }
  }
  return out;
}

/** A random affirmative meaning: group uniform (so groups are balanced), then each slot uniform. */
function drawMeaning(rng: Rng): Meaning {
  const g = MEANING_GROUPS[rng.int(MEANING_GROUPS.length)] as (typeof MEANING_GROUPS)[number];
  const agents = agentsOf(g.agentClass);
  const agent = agents[rng.int(agents.length)]?.id as string;
  const objects = objectsOf(g.objectClass).filter((o) => o.id !== agent);
  const object = objects[rng.int(objects.length)]?.id as string;
  const place = rng.next() < NO_PLACE ? null : (PLACES[rng.int(PLACES.length)]?.id as string);
  return makeMeaning(agent, g.action, object, place);
}

/** A target length uniform on MIN_WORDS..MAX_WORDS, independent of the meaning. */
const drawTarget = (rng: Rng): number => MIN_WORDS + rng.int(MAX_WORDS - MIN_WORDS + 1);

/** Renders a meaning as a Sentence. */
function sentence(meaning: Meaning, target: number, rng: Rng): Sentence {
  const r = render(meaning, target, rng);
  return {
    text: r.text,
    words: r.words,
    length: r.words.length,
    label: groupOf(meaning),
    meaning,
    pattern: r.pattern,
  };
}

/** Renders until `accept` holds (at most `tries` times; the last draw is returned otherwise). */
function sentenceWhere(
  meaning: Meaning,
  rng: Rng,
  accept: (s: Sentence) => boolean,
  target?: number,
): Sentence {
  let s = sentence(meaning, target ?? drawTarget(rng), rng);
  for (let i = 0; i < 40 && !accept(s); i++) s = sentence(meaning, target ?? drawTarget(rng), rng);
  return s;
}

/** The six score levels, in the order pairs are made (5, 4, ..., 0, then again). */
const LEVELS: readonly GoldScore[] = [5, 4, 3, 2, 1, 0];

/**
 * Graded pairs over held-out meanings, `count` of them, the scores in turn. Paraphrases (5) are rendered at
 * different lengths; every second unrelated pair (0) at the same length, so the length-bias lesson has both.
 */
function makeSts(heldOut: readonly Meaning[], count: number, rng: Rng): StsPair[] {
  const pairs: StsPair[] = [];
  let unrelated = 0;
  for (let k = 0; pairs.length < count; k++) {
    if (k > count * 200)
      throw new Error(`invalid heldOutFraction: too few held-out meanings for ${count} pairs`);
    const level = LEVELS[pairs.length % LEVELS.length] as GoldScore;
    const anchor = heldOut[rng.int(heldOut.length)] as Meaning;
    const partners = heldOut.filter((m) => goldScore(anchor, m) === level);
    if (partners.length === 0) continue;
    const partner = partners[rng.int(partners.length)] as Meaning;
    const a = sentence(anchor, drawTarget(rng), rng);
    let b: Sentence;
    if (level === 5) b = sentenceWhere(partner, rng, (s) => s.text !== a.text && s.length !== a.length);
    else if (level === 0 && unrelated++ % 2 === 0)
      b = sentenceWhere(partner, rng, (s) => s.length === a.length, a.length);
    else b = sentence(partner, drawTarget(rng), rng);
    pairs.push({ a, b, score: level, kind: pairKind(level) });
  }
  return pairs;
}

/** A triplet for a training sentence; meanings in `heldOut` are never used. */
function makeTriplet(anchor: Sentence, heldOut: ReadonlySet<string>, rng: Rng): Triplet {
  const m = anchor.meaning;
  // Entailment: the same meaning, or the place dropped (the anchor entails the less specific sentence).
  const dropped = { ...m, place: null };
  const entailedMeaning =
    m.place !== null && rng.next() < 0.5 && !heldOut.has(meaningKey(dropped)) ? dropped : m;
  const entailment = sentenceWhere(entailedMeaning, rng, (s) => s.text !== anchor.text);
  // Contradiction: swap agent and object when the object is someone who can do the action, else negate.
  let contradicted: Meaning = { ...m, negated: true };
  let rule: Triplet['rule'] = 'negation';
  if (m.objectClass === 'animate' && canDo(agentClassOf(m.object), m.action) && rng.next() < 0.5) {
    const swapped = makeMeaning(m.object, m.action, m.agent, m.place);
    if (!heldOut.has(meaningKey(swapped))) {
      contradicted = swapped;
      rule = 'swappedRoles';
    }
  }
  return { anchor, entailment, contradiction: sentence(contradicted, drawTarget(rng), rng), rule };
}

function checkOptions(options: SentenceOptions): Required<SentenceOptions> {
  const { seed, count = SENTENCES_DEFAULT_COUNT, stsPairs = 600, heldOutFraction = 0.2 } = options;
  if (!Number.isSafeInteger(seed)) throw new Error(`invalid seed: ${seed}`);
  if (!Number.isInteger(count) || count < 1 || count > MAX_COUNT) throw new Error(`invalid count: ${count}`);
  if (!Number.isInteger(stsPairs) || stsPairs < 0 || stsPairs > 10_000)
    throw new Error(`invalid stsPairs: ${stsPairs}`);
  if (!(heldOutFraction > 0 && heldOutFraction <= 0.5))
    throw new Error(`invalid heldOutFraction: ${heldOutFraction}`);
  return { seed, count, stsPairs, heldOutFraction };
}

/** Generates the sentence data set from a seed: training sentences, held-out STS pairs and triplets. */
export function makeSentences(options: SentenceOptions): SentenceDataset {
  const { seed, count, stsPairs, heldOutFraction } = checkOptions(options);
  const root = createRng(seed, 'data').fork('sentences');

  const splitRng = root.fork('heldout');
  const heldOutMeanings = allMeanings().filter(() => splitRng.next() < heldOutFraction);
  const heldOut = new Set(heldOutMeanings.map(meaningKey));

  // Training sentences: fresh meanings outside the held-out set; repeated texts are redrawn (a duplicate in a
  // batch is a false negative that no augmentation explains), within a few tries.
  const trainRng = root.fork('train');
  const seen = new Set<string>();
  const sentences: Sentence[] = [];
  while (sentences.length < count) {
    let s: Sentence | null = null;
    for (let attempt = 0; attempt < 8 && (s === null || seen.has(s.text)); attempt++) {
      let meaning = drawMeaning(trainRng);
      while (heldOut.has(meaningKey(meaning))) meaning = drawMeaning(trainRng);
      s = sentence(meaning, drawTarget(trainRng), trainRng);
    }
    const chosen = s as Sentence;
    seen.add(chosen.text);
    sentences.push(chosen);
  }

  const sts = makeSts(heldOutMeanings, stsPairs, root.fork('sts'));
  const tripletRng = root.fork('triplets');
  const triplets = sentences.map((s) => makeTriplet(s, heldOut, tripletRng));

  return {
    id: 'sentences',
    name: `Generated sentences (${MEANING_GROUPS.length} meaning groups)`,
    note: SENTENCES_SYNTHETIC_NOTE,
    sentences,
    labels: Int32Array.from(sentences, (s) => s.label),
    rows: sentences.length,
    classes: MEANING_GROUPS.length,
    classNames: MEANING_GROUPS.map(groupName),
    sts,
    triplets,
    heldOut,
  };
}

/**
 * How much of the variance of length the meaning group explains: eta squared = between-group sum of squares /
 * total sum of squares, in [0, 1] (0: length says nothing about the group). Its square root is the correlation
 * ratio, the correlation of a number with a category.
 */
export function lengthGroupEta2(sentences: readonly Pick<Sentence, 'length' | 'label'>[]): number {
  const n = sentences.length;
  if (n === 0) return Number.NaN;
  const mean = sentences.reduce((s, x) => s + x.length, 0) / n;
  const sums = new Map<number, { sum: number; n: number }>();
  let total = 0;
  for (const s of sentences) {
    total += (s.length - mean) ** 2;
    const g = sums.get(s.label) ?? { sum: 0, n: 0 };
    g.sum += s.length;
    g.n += 1;
    sums.set(s.label, g);
  }
  let between = 0;
  for (const g of sums.values()) between += g.n * (g.sum / g.n - mean) ** 2;
  return total === 0 ? 0 : between / total;
}
