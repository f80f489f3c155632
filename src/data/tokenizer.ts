// The text encoder's tokenizer: whole words from a small closed vocabulary, and hashed buckets for the rest.
//
// Why words plus hashed buckets: the generated sentences (./sentences.ts) use a closed vocabulary of a few
// hundred words, so whole-word ids are exact and natural there (one token per word, no subword pieces to
// explain). A person's own text is open-vocabulary: any word outside the list goes to one of HASH_BUCKETS
// buckets by a hash of the word, so unseen words still get distinct (if colliding) ids and their text trains
// without a vocabulary; one [UNK] for all of them would make every unknown word the same. Han, Hiragana and
// Katakana have no spaces between words, so each of their characters is its own (hashed) token.
//
// Normalisation, in order: NFKC (full-width letters and digits, ligatures, compatibility forms), lower case,
// accents removed from Latin, Greek and Cyrillic letters (as BERT's uncased tokenizer does: "Café" meets
// "cafe"), typographic quotes to ASCII. Then: a run of digits is [NUM] (the lab's sentences have no numbers;
// their value would be noise); common punctuation marks are their own tokens; emoji and other symbols are
// [UNK]; joiners, variation selectors and skin-tone modifiers are dropped with the whitespace.

import {
  ACTIONS,
  ADVERBS,
  AGENT_CLASSES,
  CLOSERS,
  FUNCTION_WORDS,
  OBJECT_CLASSES,
  OPENERS_COMMA,
  OPENERS_THAT,
  PLACES,
} from './sentenceWords';

/** Padding id (padded positions carry it; the encoder masks them out). */
export const PAD_ID = 0;
/** First token of every encoded sequence. */
export const CLS_ID = 1;
/** Last token of every encoded sequence. */
export const SEP_ID = 2;
/** Emoji, symbols and marks outside the known punctuation. */
export const UNK_ID = 3;
/** Any run of digits. */
export const NUM_ID = 4;

const SPECIALS = ['[PAD]', '[CLS]', '[SEP]', '[UNK]', '[NUM]'] as const;

/** Punctuation marks with their own ids (after NFKC and quote folding). */
export const PUNCTUATION: readonly string[] = [
  '.',
  ',',
  '!',
  '?',
  ';',
  ':',
  "'",
  '"',
  '-',
  '(',
  ')',
  '/',
  '&',
];

/** Buckets for words outside the vocabulary (and CJK characters). */
export const HASH_BUCKETS = 256;

/** The closed vocabulary: every word of the generator's lists plus common function words, sorted. */
export const VOCABULARY: readonly string[] = (() => {
  const phrases = [
    ...AGENT_CLASSES.flatMap((c) => c.members.flatMap((m) => m.forms)),
    ...OBJECT_CLASSES.flatMap((c) => c.members.flatMap((m) => m.forms)),
    ...ACTIONS.flatMap((a) => a.verbs.flatMap((v) => v.split('|'))),
    ...PLACES.flatMap((p) => p.forms),
    ...OPENERS_COMMA,
    ...OPENERS_THAT,
    ...ADVERBS,
    ...CLOSERS,
    ...FUNCTION_WORDS,
  ];
  const words = new Set(phrases.flatMap((p) => p.toLowerCase().match(/[a-z]+/g) ?? []));
  return [...words].sort();
})();

const PUNCT_BASE = SPECIALS.length;
const WORD_BASE = PUNCT_BASE + PUNCTUATION.length;
const HASH_BASE = WORD_BASE + VOCABULARY.length;

/** Number of distinct ids: specials, punctuation, vocabulary words, hash buckets. */
export const vocabSize = HASH_BASE + HASH_BUCKETS;

const WORD_ID = new Map(VOCABULARY.map((w, i) => [w, WORD_BASE + i] as const));
const PUNCT_ID = new Map(PUNCTUATION.map((p, i) => [p, PUNCT_BASE + i] as const));

/** FNV-1a over the UTF-16 code units: a fixed hash, the same in Node and every browser. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Text normalised as the tokenizer sees it: NFKC, lower case, Latin/Greek/Cyrillic accents removed. */
export function normalise(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .normalize('NFD')
    .replace(/([\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}])\p{Mn}+/gu, '$1')
    .normalize('NFC')
    .replace(/[\u2018\u2019\u201a\u201b\u2032]/g, "'")
    .replace(/[\u201c\u201d\u201e\u201f\u2033]/g, '"')
    .replace(/[\u2010-\u2015\u2212]/g, '-');
}

// Format characters (joiners), variation selectors and skin-tone modifiers carry no token of their own.
const DROPPED = /\p{Cf}|\p{Emoji_Modifier}|[\uFE00-\uFE0F]/gu;
// One token per match: CJK character | word (a letter, then letters and marks, no CJK) | digits | one
// punctuation mark | any other visible character (emoji, symbols, a stray mark), which becomes [UNK].
const TOKEN =
  /([\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}])|((?:(?![\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}])\p{L}[\p{M}]*)+)|(\p{Nd}+)|(\p{P})|(\S)/gu;

/** The normalised tokens of a text, in order; digit runs come back as '[NUM]', symbols as '[UNK]'. */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  for (const match of normalise(text).replace(DROPPED, '').matchAll(TOKEN)) {
    const [, cjk, word, digits, punct] = match;
    if (cjk !== undefined) out.push(cjk);
    else if (word !== undefined) out.push(word);
    else if (digits !== undefined) out.push('[NUM]');
    else if (punct !== undefined && PUNCT_ID.has(punct)) out.push(punct);
    else out.push('[UNK]');
  }
  return out;
}

/** The id of one token from `tokenize`: vocabulary word, punctuation, special, or a hashed bucket. */
export function tokenId(token: string): number {
  const id = WORD_ID.get(token) ?? PUNCT_ID.get(token);
  if (id !== undefined) return id;
  if (token === '[NUM]') return NUM_ID;
  if (token === '[UNK]') return UNK_ID;
  return HASH_BASE + (fnv1a(token) % HASH_BUCKETS);
}

/** Ids of a text's tokens, without [CLS], [SEP] or padding. */
export function textIds(text: string): number[] {
  return tokenize(text).map(tokenId);
}

/** An encoded sequence: maxLen ids, [CLS] first, [SEP] at length - 1, [PAD] after. */
export interface Encoded {
  /** maxLen ids, padded with PAD_ID. */
  readonly ids: Int32Array;
  /** Unpadded length including [CLS] and [SEP], in [2, maxLen]. */
  readonly length: number;
}

/** Encodes a text as [CLS] tokens [SEP] padded to maxLen (tokens past maxLen - 2 are cut); maxLen >= 2. */
export function encode(text: string, maxLen: number): Encoded {
  if (!Number.isInteger(maxLen) || maxLen < 2) throw new Error(`invalid maxLen: ${maxLen}`);
  const body = textIds(text).slice(0, maxLen - 2);
  const ids = new Int32Array(maxLen); // zero-filled: PAD_ID = 0
  ids[0] = CLS_ID;
  ids.set(body, 1);
  ids[body.length + 1] = SEP_ID;
  return { ids, length: body.length + 2 };
}

/** A readable name of an id, for hovers and tests: the word, the mark, the special, or '#bucket'. */
export function idToToken(id: number): string {
  if (!Number.isInteger(id) || id < 0 || id >= vocabSize) throw new Error(`invalid id: ${id}`);
  if (id < PUNCT_BASE) return SPECIALS[id] as string;
  if (id < WORD_BASE) return PUNCTUATION[id - PUNCT_BASE] as string;
  if (id < HASH_BASE) return VOCABULARY[id - WORD_BASE] as string;
  return `#${id - HASH_BASE}`;
}
