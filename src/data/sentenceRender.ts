// Meanings and their surface forms: the grammar of the generated sentences (./sentences.ts builds the data set).
//
// A meaning is (agent, action, object, place?, negated). Its meaning GROUP, the label, is (agent class, action):
// the action fixes the object class, so this is the (agent-class, action, object-class) frame. One meaning has
// many surfaces: synonyms from each slot's set, active or passive voice, the place fronted or not, and fillers
// (openers, an emphasis adverb, a closing aside) that add words without changing what is said. The renderer is
// given a TARGET LENGTH in words, drawn independently of the meaning, and picks fillers that reach it exactly
// when it can: that is how length and meaning are made to vary independently.

import type { Rng } from '../core/rng';
import {
  ACTIONS,
  ADVERBS,
  AGENT_CLASSES,
  CLOSERS,
  OBJECT_CLASSES,
  OPENERS_COMMA,
  OPENERS_THAT,
  PLACES,
  type WordEntry,
} from './sentenceWords';

/** The structured meaning of a sentence; ids from ./sentenceWords. */
export interface Meaning {
  /** Agent id, e.g. 'boy'. */
  readonly agent: string;
  /** The agent's class, e.g. 'child'. */
  readonly agentClass: string;
  /** Action id, e.g. 'eat'. */
  readonly action: string;
  /** Object id, e.g. 'soup' (an agent id when the object class is 'animate'). */
  readonly object: string;
  /** The action's object class, e.g. 'food'. */
  readonly objectClass: string;
  /** Place id, or null when the sentence says nowhere. */
  readonly place: string | null;
  /** True only in contradictions: "did not eat". */
  readonly negated: boolean;
}

/** Surface pattern of a rendered sentence. */
export type PatternId = 'headline' | 'active' | 'passive' | 'active-fronted' | 'passive-fronted';

/** A meaning said in words. */
export interface Rendered {
  /** The sentence, capitalised, with a full stop. */
  readonly text: string;
  /** Lower-case words of the text, punctuation dropped. */
  readonly words: readonly string[];
  /** Which pattern said it. */
  readonly pattern: PatternId;
}

/** One meaning group: an (agent class, action, object class) frame. */
export interface MeaningGroup {
  /** Agent class id. */
  readonly agentClass: string;
  /** Action id. */
  readonly action: string;
  /** Object class id (fixed by the action). */
  readonly objectClass: string;
}

/** Every meaning group in label order (agent classes in list order, then actions): some dozens. */
export const MEANING_GROUPS: readonly MeaningGroup[] = AGENT_CLASSES.flatMap((cls) =>
  ACTIONS.filter((a) => a.agentClasses.includes(cls.id)).map((a) => ({
    agentClass: cls.id,
    action: a.id,
    objectClass: a.objectClass,
  })),
);

/** Display name of a group, e.g. "child eat food". */
export function groupName(group: MeaningGroup): string {
  return `${group.agentClass} ${group.action} ${group.objectClass}`;
}

const AGENTS: readonly WordEntry[] = AGENT_CLASSES.flatMap((c) => c.members);
const AGENT_CLASS_OF = new Map(AGENT_CLASSES.flatMap((c) => c.members.map((m) => [m.id, c.id] as const)));
const ENTRY = new Map<string, WordEntry>(
  [...AGENTS, ...OBJECT_CLASSES.flatMap((c) => c.members), ...PLACES].map((e) => [e.id, e] as const),
);
const ACTION_OF = new Map(ACTIONS.map((a) => [a.id, a] as const));
const GROUP_INDEX = new Map(MEANING_GROUPS.map((g, i) => [`${g.agentClass}|${g.action}`, i] as const));

/** Members of an agent class. */
export function agentsOf(agentClass: string): readonly WordEntry[] {
  return AGENT_CLASSES.find((c) => c.id === agentClass)?.members ?? [];
}

/** Members of an object class ('animate' = every agent). */
export function objectsOf(objectClass: string): readonly WordEntry[] {
  if (objectClass === 'animate') return AGENTS;
  return OBJECT_CLASSES.find((c) => c.id === objectClass)?.members ?? [];
}

/** The agent class of an agent id; throws on an unknown id. */
export function agentClassOf(agent: string): string {
  const cls = AGENT_CLASS_OF.get(agent);
  if (cls === undefined) throw new Error(`invalid agent: ${agent}`);
  return cls;
}

/** The label of a meaning: index of its group in MEANING_GROUPS; throws when the frame is not a group. */
export function groupOf(meaning: Meaning): number {
  const g = GROUP_INDEX.get(`${meaning.agentClass}|${meaning.action}`);
  if (g === undefined) throw new Error(`invalid meaning: ${meaning.agentClass} ${meaning.action}`);
  return g;
}

/** Whether an agent class can do an action (the groups' frames). */
export function canDo(agentClass: string, action: string): boolean {
  return GROUP_INDEX.has(`${agentClass}|${action}`);
}

/** A key naming the meaning exactly: same key, same meaning. */
export function meaningKey(m: Meaning): string {
  return `${m.negated ? 'not ' : ''}${m.agent}|${m.action}|${m.object}|${m.place ?? '-'}`;
}

/** Builds a meaning from ids, filling in the classes. */
export function makeMeaning(agent: string, action: string, object: string, place: string | null): Meaning {
  const entry = ACTION_OF.get(action);
  if (entry === undefined) throw new Error(`invalid action: ${action}`);
  return {
    agent,
    agentClass: agentClassOf(agent),
    action,
    object,
    objectClass: entry.objectClass,
    place,
    negated: false,
  };
}

/** Words in a phrase (letters only; "I am told that," is 4). */
export function countWords(text: string): number {
  return text.match(/[A-Za-z]+/g)?.length ?? 0;
}

const pick = <T>(rng: Rng, items: readonly T[]): T => items[rng.int(items.length)] as T;

function formsOf(id: string): readonly string[] {
  const entry = ENTRY.get(id);
  if (entry === undefined) throw new Error(`invalid word id: ${id}`);
  return entry.forms;
}

/** The core clause of a meaning in one pattern, with one random synonym per slot. */
function clause(m: Meaning, pattern: PatternId, rng: Rng): { text: string; adverbSlot: boolean } {
  const action = ACTION_OF.get(m.action);
  if (action === undefined) throw new Error(`invalid action: ${m.action}`);
  const [base, third, past, participle] = pick(rng, action.verbs).split('|') as [
    string,
    string,
    string,
    string,
  ];
  const agent = pick(rng, formsOf(m.agent));
  const object = pick(rng, formsOf(m.object));
  const place = m.place === null ? '' : pick(rng, formsOf(m.place));
  // Headlines drop articles ("Boy eats soup in park"): the only way to say a place in five words.
  const tail = place === '' ? '' : ` ${pattern === 'headline' ? place.replace(/\bthe /g, '') : place}`;
  const never = rng.next() < 0.5;
  switch (pattern) {
    case 'headline':
      return {
        text: m.negated ? `${agent} does not ${base} ${object}${tail}` : `${agent} ${third} ${object}${tail}`,
        adverbSlot: false,
      };
    case 'active':
    case 'active-fronted': {
      const verb = m.negated ? (never ? `never ${past}` : `did not ${base}`) : `{adv}${past}`;
      const core = `the ${agent} ${verb} the ${object}`;
      return { text: pattern === 'active' ? `${core}${tail}` : `${place}, ${core}`, adverbSlot: !m.negated };
    }
    default: {
      const verb = m.negated ? `was ${never ? 'never' : 'not'} ${participle}` : `was {adv}${participle}`;
      const core = `the ${object} ${verb} by the ${agent}`;
      return { text: pattern === 'passive' ? `${core}${tail}` : `${place}, ${core}`, adverbSlot: !m.negated };
    }
  }
}

/** The filler slots: each a list of options ('' = leave it out). */
const SLOTS = {
  opener: ['', ...OPENERS_COMMA],
  that: ['', ...OPENERS_THAT],
  adverb: ['', ...ADVERBS],
  closer: ['', ...CLOSERS],
} as const;
type SlotName = keyof typeof SLOTS;

/** Sums of words reachable by choosing one option in each of `slots` (bit k set = k words reachable). */
function reachable(slots: readonly SlotName[]): number[] {
  const out: number[] = new Array(slots.length + 1).fill(0);
  out[slots.length] = 1;
  for (let i = slots.length - 1; i >= 0; i--) {
    let bits = 0;
    for (const option of SLOTS[slots[i] as SlotName]) bits |= (out[i + 1] as number) << countWords(option);
    out[i] = bits;
  }
  return out;
}

/** Chooses one option per slot, uniformly among those that still let the rest reach `extra` words exactly. */
function fillSlots(slots: readonly SlotName[], extra: number, rng: Rng): Map<SlotName, string> {
  const reach = reachable(slots);
  const chosen = new Map<SlotName, string>();
  let left = extra;
  slots.forEach((slot, i) => {
    const fits = SLOTS[slot].filter((o) => {
      const rest = left - countWords(o);
      return rest >= 0 && (((reach[i + 1] as number) >> rest) & 1) === 1;
    });
    const option = pick(rng, fits);
    chosen.set(slot, option);
    left -= countWords(option);
  });
  return chosen;
}

/** Largest reachable sum of filler words <= want (0 is always reachable). */
function bestReachable(bits: number, want: number): number {
  for (let k = Math.min(want, 30); k > 0; k--) if ((bits >> k) & 1) return k;
  return 0;
}

function choosePattern(m: Meaning, target: number, rng: Rng): PatternId {
  if (target <= 4 || (target <= 6 && rng.next() < 0.6)) return 'headline';
  const fronted = m.place !== null && rng.next() < 0.3;
  const voice = rng.next() < 0.6 ? 'active' : 'passive';
  return fronted ? `${voice}-fronted` : voice;
}

const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * Says a meaning in about `target` words: several random surfaces are tried and the first that reaches the
 * target exactly is kept, else the closest (short meanings cannot reach 25 words, long ones cannot be 3).
 */
export function render(m: Meaning, target: number, rng: Rng): Rendered {
  let best: { text: string; pattern: PatternId; miss: number } | null = null;
  for (let attempt = 0; attempt < 8 && (best === null || best.miss > 0); attempt++) {
    const pattern = choosePattern(m, target, rng);
    const { text: core, adverbSlot } = clause(m, pattern, rng);
    const baseWords = countWords(core.replace('{adv}', ''));
    const slots: SlotName[] = pattern === 'headline' ? [] : ['opener', 'that', 'closer'];
    if (adverbSlot) slots.push('adverb');
    rng.shuffle(slots);
    const reach = reachable(slots)[0] as number;
    const extra = bestReachable(reach, target - baseWords);
    const fill = fillSlots(slots, extra, rng);
    const adverb = fill.get('adverb') ?? '';
    const closer = fill.get('closer') ?? '';
    const parts = [
      fill.get('opener') ?? '',
      fill.get('that') ?? '',
      core.replace('{adv}', adverb ? `${adverb} ` : ''),
    ];
    const text = `${capitalise(parts.filter((p) => p !== '').join(' '))}${closer ? `, ${closer}` : ''}.`;
    const miss = Math.abs(baseWords + extra - target);
    if (best === null || miss < best.miss) best = { text, pattern, miss };
  }
  const chosen = best as { text: string; pattern: PatternId };
  return {
    text: chosen.text,
    words: chosen.text.toLowerCase().match(/[a-z]+/g) ?? [],
    pattern: chosen.pattern,
  };
}
