// The word lists of the generated sentences (./sentences.ts): plain English written for the lab, no borrowed text.
//
// Meaning is built from ids; every id has a SYNONYM SET of surface forms (same meaning, different words), and no
// two ids share a content word (only function words such as 'the', 'of', 'in'), so two sentences share a content
// word only when they share a meaning slot. That is what lets the gold scores be derived from how a pair was made.

/** One meaning slot value (an agent, an object or a place) and the forms that say it. */
export interface WordEntry {
  /** Stable id, used in the structured meaning. */
  readonly id: string;
  /** Synonym set: noun phrases without article (agents, objects) or whole phrases (places). */
  readonly forms: readonly string[];
}

/** A class of agents or objects (the classes make the meaning groups). */
export interface WordClass {
  /** Class id, e.g. 'child'. */
  readonly id: string;
  /** Its members, each with a synonym set. */
  readonly members: readonly WordEntry[];
}

/** A verb meaning: its synonym set as 'base|third person|past|past participle' strings. */
export interface ActionEntry {
  /** Action id, e.g. 'eat'. */
  readonly id: string;
  /** Synonym set, each form 'base|3sg|past|participle' (phrasal forms keep their particle: 'pay for'). */
  readonly verbs: readonly string[];
  /** Object class the action takes ('animate' = any agent). */
  readonly objectClass: string;
  /** Agent classes that can plausibly do it. */
  readonly agentClasses: readonly string[];
}

/** Agent classes: who does it. Animals can be agents and (with people) objects of 'animate' actions. */
export const AGENT_CLASSES: readonly WordClass[] = [
  {
    id: 'child',
    members: [
      { id: 'boy', forms: ['boy', 'young boy', 'lad'] },
      { id: 'girl', forms: ['girl', 'schoolgirl', 'lass'] },
      { id: 'toddler', forms: ['toddler', 'small child', 'little one'] },
    ],
  },
  {
    id: 'worker',
    members: [
      { id: 'doctor', forms: ['doctor', 'physician', 'medic'] },
      { id: 'teacher', forms: ['teacher', 'schoolteacher', 'instructor'] },
      { id: 'farmer', forms: ['farmer', 'grower', 'farm worker'] },
    ],
  },
  {
    id: 'elder',
    members: [
      { id: 'grandmother', forms: ['grandmother', 'grandma', 'granny'] },
      { id: 'grandfather', forms: ['grandfather', 'grandpa', 'granddad'] },
      { id: 'pensioner', forms: ['pensioner', 'retiree', 'retired gentleman'] },
    ],
  },
  {
    id: 'animal',
    members: [
      { id: 'dog', forms: ['dog', 'hound', 'canine'] },
      { id: 'cat', forms: ['cat', 'house cat', 'tabby'] },
      { id: 'horse', forms: ['horse', 'steed', 'riding horse'] },
    ],
  },
];

/** Object classes: what it is done to ('animate' reuses the agents, so roles can be swapped). */
export const OBJECT_CLASSES: readonly WordClass[] = [
  {
    id: 'food',
    members: [
      { id: 'soup', forms: ['soup', 'broth', 'bowl of soup'] },
      { id: 'bread', forms: ['bread', 'loaf', 'loaf of bread'] },
      { id: 'pasta', forms: ['pasta', 'noodles', 'plate of pasta'] },
    ],
  },
  {
    id: 'text',
    members: [
      { id: 'book', forms: ['book', 'novel', 'paperback'] },
      { id: 'letter', forms: ['letter', 'note', 'handwritten note'] },
      { id: 'newspaper', forms: ['newspaper', 'paper', 'daily paper'] },
    ],
  },
  {
    id: 'item',
    members: [
      { id: 'box', forms: ['box', 'crate', 'carton'] },
      { id: 'bag', forms: ['bag', 'sack', 'satchel'] },
      { id: 'bucket', forms: ['bucket', 'pail', 'metal bucket'] },
    ],
  },
  {
    id: 'toy',
    members: [
      { id: 'ball', forms: ['ball', 'rubber ball', 'football'] },
      { id: 'stick', forms: ['stick', 'twig', 'branch'] },
      { id: 'frisbee', forms: ['frisbee', 'flying disc', 'plastic disc'] },
    ],
  },
];

const HUMANS = ['child', 'worker', 'elder'] as const;
const EVERYONE = ['child', 'worker', 'elder', 'animal'] as const;

/** Actions: what is done; each takes one object class and is open to the agent classes that can do it. */
export const ACTIONS: readonly ActionEntry[] = [
  {
    id: 'eat',
    verbs: ['eat|eats|ate|eaten', 'consume|consumes|consumed|consumed', 'devour|devours|devoured|devoured'],
    objectClass: 'food',
    agentClasses: EVERYONE,
  },
  {
    id: 'cook',
    verbs: ['cook|cooks|cooked|cooked', 'prepare|prepares|prepared|prepared', 'make|makes|made|made'],
    objectClass: 'food',
    agentClasses: HUMANS,
  },
  {
    id: 'read',
    verbs: ['read|reads|read|read', 'study|studies|studied|studied', 'peruse|peruses|perused|perused'],
    objectClass: 'text',
    agentClasses: HUMANS,
  },
  {
    id: 'write',
    verbs: ['write|writes|wrote|written', 'pen|pens|penned|penned', 'compose|composes|composed|composed'],
    objectClass: 'text',
    agentClasses: HUMANS,
  },
  {
    id: 'carry',
    verbs: ['carry|carries|carried|carried', 'haul|hauls|hauled|hauled', 'lug|lugs|lugged|lugged'],
    objectClass: 'item',
    agentClasses: EVERYONE,
  },
  {
    id: 'buy',
    verbs: [
      'buy|buys|bought|bought',
      'purchase|purchases|purchased|purchased',
      'pay for|pays for|paid for|paid for',
    ],
    objectClass: 'item',
    agentClasses: HUMANS,
  },
  {
    id: 'wash',
    verbs: ['wash|washes|washed|washed', 'clean|cleans|cleaned|cleaned', 'scrub|scrubs|scrubbed|scrubbed'],
    objectClass: 'item',
    agentClasses: HUMANS,
  },
  {
    id: 'throw',
    verbs: ['throw|throws|threw|thrown', 'toss|tosses|tossed|tossed', 'fling|flings|flung|flung'],
    objectClass: 'toy',
    agentClasses: HUMANS,
  },
  {
    id: 'chase',
    verbs: [
      'chase|chases|chased|chased',
      'pursue|pursues|pursued|pursued',
      'run after|runs after|ran after|run after',
    ],
    objectClass: 'toy',
    agentClasses: EVERYONE,
  },
  {
    id: 'find',
    verbs: [
      'find|finds|found|found',
      'discover|discovers|discovered|discovered',
      'locate|locates|located|located',
    ],
    objectClass: 'toy',
    agentClasses: EVERYONE,
  },
  {
    id: 'follow',
    verbs: ['follow|follows|followed|followed', 'trail|trails|trailed|trailed', 'tail|tails|tailed|tailed'],
    objectClass: 'animate',
    agentClasses: EVERYONE,
  },
  {
    id: 'greet',
    verbs: ['greet|greets|greeted|greeted', 'welcome|welcomes|welcomed|welcomed', 'hail|hails|hailed|hailed'],
    objectClass: 'animate',
    agentClasses: EVERYONE,
  },
  {
    id: 'help',
    verbs: ['help|helps|helped|helped', 'assist|assists|assisted|assisted', 'aid|aids|aided|aided'],
    objectClass: 'animate',
    agentClasses: HUMANS,
  },
];

/** Places: where; phrases with their preposition. A meaning may have no place. */
export const PLACES: readonly WordEntry[] = [
  { id: 'park', forms: ['in the park', 'at the park', 'in the public park'] },
  { id: 'kitchen', forms: ['in the kitchen', 'inside the kitchen', 'in the family kitchen'] },
  { id: 'market', forms: ['at the market', 'in the marketplace', 'at the market square'] },
  { id: 'beach', forms: ['on the beach', 'at the seaside', 'down on the beach'] },
  { id: 'school', forms: ['at school', 'at the school', 'on the school grounds'] },
  { id: 'garden', forms: ['in the garden', 'out in the garden', 'in the back garden'] },
  { id: 'station', forms: ['at the station', 'at the train station', 'on the station platform'] },
];

/** Sentence openers that add words, not meaning; the 'that' ones come last, next to the clause. */
export const OPENERS_COMMA: readonly string[] = [
  'honestly,',
  'apparently,',
  'as it turns out,',
  'to be honest,',
  'believe it or not,',
  'as far as anyone can tell,',
  'in all honesty,',
  'for what it is worth,',
  'as a matter of fact,',
  'interestingly enough,',
  'according to those who were there,',
];

/** Openers that end in 'that' (reported clause): also meaning-neutral for the lab's purposes. */
export const OPENERS_THAT: readonly string[] = [
  'it seems that',
  'people say that',
  'I am told that',
  'it is true that',
  'everyone agrees that',
  'there is no doubt that',
];

/** Emphasis adverbs placed before the verb ('actually ate'): no change of meaning. */
export const ADVERBS: readonly string[] = [
  'actually',
  'really',
  'indeed',
  'certainly',
  'definitely',
  'truly',
];

/** Closing asides after a comma, before the full stop. */
export const CLOSERS: readonly string[] = [
  'of course',
  'as it happens',
  'no doubt',
  'by all accounts',
  'as far as we know',
  'or so the story goes',
  'just as everyone expected',
];

/** Function words the templates use, and a few common ones so a user's text meets fewer unknown words. */
export const FUNCTION_WORDS: readonly string[] = [
  'the',
  'a',
  'an',
  'was',
  'were',
  'by',
  'did',
  'does',
  'not',
  'never',
  'no',
  'and',
  'or',
  'of',
  'to',
  'in',
  'on',
  'at',
  'is',
  'are',
  'be',
  'it',
  'that',
  'this',
  'with',
  'for',
  'from',
  'as',
  'but',
  'he',
  'she',
  'they',
  'we',
  'you',
  'i',
  'his',
  'her',
  'their',
  'has',
  'have',
  'had',
  'will',
  'very',
  'some',
  'all',
];
