import { describe, expect, it } from 'vitest';
import { makeSentences } from '../../src/data/sentences';
import {
  CLS_ID,
  encode,
  HASH_BUCKETS,
  idToToken,
  NUM_ID,
  normalise,
  PAD_ID,
  PUNCTUATION,
  SEP_ID,
  textIds,
  tokenId,
  tokenize,
  UNK_ID,
  VOCABULARY,
  vocabSize,
} from '../../src/data/tokenizer';

const HASH_BASE = vocabSize - HASH_BUCKETS;
const names = (ids: ArrayLike<number>): string[] => Array.from(ids, idToToken);

describe('tokenizer', () => {
  it('puts [CLS] first and [SEP] last, then pads with [PAD] = 0 to maxLen', () => {
    const { ids, length } = encode('The boy ate the soup.', 10);
    expect(ids).toBeInstanceOf(Int32Array);
    expect(ids).toHaveLength(10);
    expect(length).toBe(8);
    expect(names(ids)).toEqual(['[CLS]', 'the', 'boy', 'ate', 'the', 'soup', '.', '[SEP]', '[PAD]', '[PAD]']);
    expect([PAD_ID, CLS_ID, SEP_ID, UNK_ID]).toEqual([0, 1, 2, 3]);
  });

  it('cuts long texts to maxLen, keeping [SEP] last; an empty text is [CLS] [SEP]', () => {
    const { ids, length } = encode('one two three four five six', 5);
    expect(length).toBe(5);
    expect(ids[0]).toBe(CLS_ID);
    expect(ids[4]).toBe(SEP_ID);
    expect(Array.from(encode('', 4).ids)).toEqual([CLS_ID, SEP_ID, PAD_ID, PAD_ID]);
    expect(encode('   ', 2).length).toBe(2);
    expect(() => encode('boy', 1)).toThrow('invalid maxLen');
    expect(() => encode('boy', 2.5)).toThrow('invalid maxLen');
  });

  it('lower-cases and applies NFKC: full-width letters, ligatures and accents meet the plain word', () => {
    const boy = textIds('boy');
    expect(textIds('BOY')).toEqual(boy);
    expect(textIds('ＢＯＹ')).toEqual(boy); // full-width forms
    expect(tokenize('ﬁne')).toEqual(['fine']); // ligature
    expect(tokenize('Café')).toEqual(['cafe']);
    expect(textIds('naïve')).toEqual(textIds('nai\u0308ve')); // precomposed and combining diaeresis
    expect(tokenize('Ελληνικά')).toEqual(['ελληνικα']);
    expect(normalise('Straße')).toBe('straße'); // no case folding beyond lower case
  });

  it('splits CJK into characters and sends them, like unknown words, to hashed buckets', () => {
    const tokens = tokenize('漢字かなカナ');
    expect(tokens).toEqual(['漢', '字', 'か', 'な', 'カ', 'ナ']);
    for (const id of textIds('漢字かなカナ')) expect(id).toBeGreaterThanOrEqual(HASH_BASE);
    expect(tokenize('abc漢字')).toEqual(['abc', '漢', '字']);
    expect(tokenize('한국어 문장')).toEqual(['한국어', '문장']); // Hangul keeps its spaces
  });

  it('maps emoji and symbols to [UNK], dropping joiners, variation selectors and skin tones', () => {
    expect(textIds('👍')).toEqual([UNK_ID]);
    expect(textIds('👍🏽')).toEqual([UNK_ID]);
    expect(textIds('❤️')).toEqual([UNK_ID]);
    expect(textIds('👨‍👩‍👧')).toEqual([UNK_ID, UNK_ID, UNK_ID]);
    expect(textIds('boy 😀 dog')).toEqual([tokenId('boy'), UNK_ID, tokenId('dog')]);
    expect(textIds('$ + ©')).toEqual([UNK_ID, UNK_ID, UNK_ID]);
  });

  it('splits punctuation off words, folds typographic quotes, and reads digit runs as [NUM]', () => {
    expect(tokenize('boy,girl! (dog)')).toEqual(['boy', ',', 'girl', '!', '(', 'dog', ')']);
    expect(tokenize('don’t “go”')).toEqual(['don', "'", 't', '"', 'go', '"']);
    expect(textIds('12 3.5 ４２')).toEqual([NUM_ID, NUM_ID, tokenId('.'), NUM_ID, NUM_ID]);
    expect(tokenize('a # b')).toEqual(['a', '[UNK]', 'b']); // punctuation outside the list
    for (const p of PUNCTUATION) expect(idToToken(tokenId(p))).toBe(p);
  });

  it('gives unknown words a hashed bucket, the same every time, distinct from the vocabulary', () => {
    const id = tokenId('zyzzyva');
    expect(id).toBeGreaterThanOrEqual(HASH_BASE);
    expect(id).toBeLessThan(vocabSize);
    expect(tokenId('zyzzyva')).toBe(id);
    expect(textIds('Zyzzyva')).toEqual([id]);
    expect(idToToken(id)).toMatch(/^#\d+$/);
    // 200 made-up words spread over many buckets, not one [UNK].
    const buckets = new Set(Array.from({ length: 200 }, (_, i) => tokenId(`qx${i}w`)));
    expect(buckets.size).toBeGreaterThan(100);
  });

  it('covers every word of the generated sentences with a vocabulary id, all ids below vocabSize', () => {
    expect(new Set(VOCABULARY).size).toBe(VOCABULARY.length);
    expect([...VOCABULARY].sort()).toEqual(VOCABULARY);
    const d = makeSentences({ seed: 3, count: 500 });
    const texts = [...d.sentences, ...d.sts.flatMap((p) => [p.a, p.b])].map((s) => s.text);
    for (const text of texts) {
      const { ids, length } = encode(text, 32);
      expect(length).toBeLessThanOrEqual(32);
      expect(ids[length - 1]).toBe(SEP_ID);
      for (const id of ids.subarray(1, length - 1)) {
        expect(id).toBeGreaterThan(UNK_ID);
        expect(id).toBeLessThan(HASH_BASE);
      }
    }
    expect(() => idToToken(vocabSize)).toThrow('invalid id');
  });
});
