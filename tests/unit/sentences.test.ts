import { describe, expect, it } from 'vitest';
import { countWords, groupOf, meaningKey } from '../../src/data/sentenceRender';
import {
  goldScore,
  lengthGroupEta2,
  MAX_WORDS,
  MEANING_GROUPS,
  type Meaning,
  MIN_WORDS,
  makeSentences,
  SENTENCES_SYNTHETIC_NOTE,
  type SentenceDataset,
} from '../../src/data/sentences';
import { ACTIONS, AGENT_CLASSES, FUNCTION_WORDS, OBJECT_CLASSES, PLACES } from '../../src/data/sentenceWords';

// Generation takes a few hundred ms: build each seed once.
const d1 = makeSentences({ seed: 1 });
const d2 = makeSentences({ seed: 2 });

const summary = (d: SentenceDataset) => ({
  texts: d.sentences.map((s) => s.text),
  labels: [...d.labels],
  sts: d.sts.map((p) => [p.a.text, p.b.text, p.score]),
  triplets: d.triplets.map((t) => [t.anchor.text, t.entailment.text, t.contradiction.text]),
});

describe('makeSentences', () => {
  it('is deterministic from the seed, and another seed gives other sentences', () => {
    expect(summary(makeSentences({ seed: 1 }))).toEqual(summary(d1));
    expect(d2.sentences.map((s) => s.text)).not.toEqual(d1.sentences.map((s) => s.text));
  });

  it('keeps the STS pairs and the held-out meanings whatever the count', () => {
    const small = makeSentences({ seed: 1, count: 50 });
    expect(small.rows).toBe(50);
    expect(small.sts.map((p) => [p.a.text, p.b.text])).toEqual(d1.sts.map((p) => [p.a.text, p.b.text]));
    expect([...small.heldOut]).toEqual([...d1.heldOut]);
  });

  it('makes at least 2,000 distinct sentences in some dozens of balanced meaning groups', () => {
    expect(d1.rows).toBeGreaterThanOrEqual(2000);
    expect(new Set(d1.sentences.map((s) => s.text)).size).toBe(d1.rows);
    expect(d1.classes).toBe(MEANING_GROUPS.length);
    expect(d1.classes).toBeGreaterThanOrEqual(24);
    expect(d1.classNames).toHaveLength(d1.classes);
    const counts = new Array<number>(d1.classes).fill(0);
    d1.sentences.forEach((s, i) => {
      expect(s.label).toBe(groupOf(s.meaning));
      expect(d1.labels[i]).toBe(s.label);
      counts[s.label] = (counts[s.label] as number) + 1;
    });
    const expected = d1.rows / d1.classes;
    for (const c of counts) expect(c).toBeGreaterThan(expected * 0.5);
  });

  it('has lengths 3..25 words, widely spread inside every group and nearly independent of it', () => {
    const lengths = d1.sentences.map((s) => s.length);
    for (const s of d1.sentences) {
      expect(s.length).toBe(s.words.length);
      expect(s.length).toBe(countWords(s.text));
    }
    expect(Math.min(...lengths)).toBe(MIN_WORDS);
    expect(Math.max(...lengths)).toBe(MAX_WORDS);
    for (let g = 0; g < d1.classes; g++) {
      const inGroup = d1.sentences.filter((s) => s.label === g).map((s) => s.length);
      const mean = inGroup.reduce((a, b) => a + b, 0) / inGroup.length;
      const sd = Math.sqrt(inGroup.reduce((a, b) => a + (b - mean) ** 2, 0) / inGroup.length);
      expect(Math.max(...inGroup) - Math.min(...inGroup), `group ${g}`).toBeGreaterThanOrEqual(15);
      expect(sd, `group ${g}`).toBeGreaterThan(4);
    }
    // The group explains under 5% of the variance of length (eta squared; measured ~0.01-0.02).
    expect(lengthGroupEta2(d1.sentences)).toBeLessThan(0.05);
    expect(lengthGroupEta2(d2.sentences)).toBeLessThan(0.05);
  });

  it('word lists: ids are unique and no two ids share a content word', () => {
    const fw = new Set(FUNCTION_WORDS);
    const entries = [
      ...[...AGENT_CLASSES, ...OBJECT_CLASSES].flatMap((c) => c.members.map((m) => [m.id, m.forms] as const)),
      ...PLACES.map((p) => [p.id, p.forms] as const),
      ...ACTIONS.map((a) => [a.id, a.verbs.map((v) => v.replaceAll('|', ' '))] as const),
    ];
    expect(new Set(entries.map((e) => e[0])).size).toBe(entries.length);
    const owner = new Map<string, string>();
    for (const [id, forms] of entries) {
      for (const word of forms.flatMap((f) => f.split(' '))) {
        if (fw.has(word)) continue;
        expect(owner.get(word) ?? id, `${word} in ${id} and ${owner.get(word)}`).toBe(id);
        owner.set(word, id);
      }
    }
  });

  it('eta squared is 1 when length is the group, 0 when every group has the same lengths', () => {
    expect(
      lengthGroupEta2([
        { length: 3, label: 0 },
        { length: 3, label: 0 },
        { length: 9, label: 1 },
      ]),
    ).toBeCloseTo(1, 12);
    const same = [3, 9, 3, 9].map((length, i) => ({ length, label: i >> 1 }));
    expect(lengthGroupEta2(same)).toBeCloseTo(0, 12);
  });

  it('grades at least 500 STS pairs 0..5, every level present, each score the rule of the two meanings', () => {
    expect(d1.sts.length).toBeGreaterThanOrEqual(500);
    for (const p of d1.sts) {
      expect([0, 1, 2, 3, 4, 5]).toContain(p.score);
      expect(goldScore(p.a.meaning, p.b.meaning)).toBe(p.score);
      expect(p.kind).toBe(p.score === 5 ? 'paraphrase' : p.score === 0 ? 'unrelated' : 'related');
    }
    for (const level of [0, 1, 2, 3, 4, 5]) {
      expect(d1.sts.filter((p) => p.score === level).length).toBeGreaterThanOrEqual(80);
    }
    for (const p of d1.sts.filter((q) => q.score === 5)) expect(p.a.text).not.toBe(p.b.text);
  });

  it('goldScore follows the stated rules on hand-made meanings', () => {
    const m = (
      agent: string,
      agentClass: string,
      action: string,
      object: string,
      objectClass: string,
      place: string | null,
    ): Meaning => ({
      agent,
      agentClass,
      action,
      object,
      objectClass,
      place,
      negated: false,
    });
    const a = m('boy', 'child', 'eat', 'soup', 'food', 'park');
    expect(goldScore(a, { ...a })).toBe(5);
    expect(goldScore(a, { ...a, place: 'beach' })).toBe(4);
    expect(goldScore(a, { ...a, place: null })).toBe(4);
    expect(goldScore(a, { ...a, object: 'bread' })).toBe(3);
    expect(goldScore(a, m('girl', 'child', 'read', 'book', 'text', null))).toBe(2);
    expect(goldScore(a, m('dog', 'animal', 'chase', 'ball', 'toy', 'park'))).toBe(1);
    expect(goldScore(a, m('dog', 'animal', 'chase', 'ball', 'toy', 'beach'))).toBe(0);
    expect(goldScore(a, m('doctor', 'worker', 'cook', 'bread', 'food', 'park'))).toBeNull(); // same object class
    expect(goldScore(a, { ...a, negated: true })).toBeNull();
  });

  it('holds the STS meanings out of training: no training sentence or triplet says one', () => {
    const train = new Set(d1.sentences.map((s) => meaningKey(s.meaning)));
    const texts = new Set(d1.sentences.map((s) => s.text));
    for (const p of d1.sts) {
      for (const s of [p.a, p.b]) {
        expect(d1.heldOut.has(meaningKey(s.meaning))).toBe(true);
        expect(train.has(meaningKey(s.meaning))).toBe(false);
        expect(texts.has(s.text)).toBe(false);
      }
    }
    for (const t of d1.triplets) {
      for (const s of [t.anchor, t.entailment, t.contradiction])
        expect(d1.heldOut.has(meaningKey(s.meaning))).toBe(false);
    }
  });

  it('has paraphrase pairs of unequal length and unrelated pairs of equal length', () => {
    const para = d1.sts.filter((p) => p.kind === 'paraphrase');
    const unrelated = d1.sts.filter((p) => p.kind === 'unrelated');
    expect(para.filter((p) => p.a.length !== p.b.length).length).toBeGreaterThanOrEqual(para.length * 0.9);
    expect(para.filter((p) => Math.abs(p.a.length - p.b.length) >= 8).length).toBeGreaterThanOrEqual(20);
    expect(unrelated.filter((p) => p.a.length === p.b.length).length).toBeGreaterThanOrEqual(30);
  });

  it('makes one triplet per sentence: an entailed paraphrase and a contradiction of another meaning', () => {
    expect(d1.triplets).toHaveLength(d1.rows);
    const rules = new Set<string>();
    d1.triplets.forEach((t, i) => {
      expect(t.anchor).toBe(d1.sentences[i]);
      const a = t.anchor.meaning;
      expect(t.entailment.text).not.toBe(t.anchor.text);
      expect(
        meaningKey(t.entailment.meaning) === meaningKey(a) ||
          meaningKey(t.entailment.meaning) === meaningKey({ ...a, place: null }),
      ).toBe(true);
      const c = t.contradiction.meaning;
      expect(meaningKey(c)).not.toBe(meaningKey(a));
      if (t.rule === 'negation') expect(meaningKey(c)).toBe(meaningKey({ ...a, negated: true }));
      else expect([c.agent, c.object, c.action, c.negated]).toEqual([a.object, a.agent, a.action, false]);
      rules.add(t.rule);
    });
    expect([...rules].sort()).toEqual(['negation', 'swappedRoles']);
    expect(d1.triplets.some((t) => /\b(not|never)\b/.test(t.contradiction.text))).toBe(true);
  });

  it('says that the sentences are synthetic', () => {
    expect(d1.note).toBe(SENTENCES_SYNTHETIC_NOTE);
    expect(d1.note).toMatch(/synthetic/);
  });

  it('throws on invalid options', () => {
    expect(() => makeSentences({ seed: 1.5 })).toThrow('invalid seed');
    expect(() => makeSentences({ seed: 1, count: 0 })).toThrow('invalid count');
    expect(() => makeSentences({ seed: 1, heldOutFraction: 0 })).toThrow('invalid heldOutFraction');
    expect(() => makeSentences({ seed: 1, stsPairs: -1 })).toThrow('invalid stsPairs');
  });
});
