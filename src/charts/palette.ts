/**
 * Okabe & Ito's colour-blind-safe palette (2008), used for classes and marks. Classes beyond eight reuse the
 * colours; charts that show many classes also vary the marker shape.
 */
export const CLASS_COLOURS = [
  '#0072B2', // blue
  '#E69F00', // orange
  '#009E73', // bluish green
  '#CC79A7', // reddish purple
  '#56B4E9', // sky blue
  '#D55E00', // vermillion
  '#F0E442', // yellow
  '#000000', // black
] as const;

/** Colour of class `label`. */
export function classColour(label: number): string {
  return CLASS_COLOURS[
    ((label % CLASS_COLOURS.length) + CLASS_COLOURS.length) % CLASS_COLOURS.length
  ] as string;
}

/** Marks with a fixed meaning across charts. */
export const MARK_COLOURS = {
  anchor: '#D55E00',
  positive: '#009E73',
  negative: '#0072B2',
  hardest: '#CC79A7',
  /** negatives beyond the shown rows: a queue's keys, the full softmax's corpus rows */
  bank: '#E69F00',
  /** MoCHi's synthetic negatives */
  synthetic: '#56B4E9',
  /** false negatives: candidates with the anchor's own class (the labels as an oracle) */
  falseNegative: '#000000',
  masked: '#9aa4ae',
  axis: '#59636e',
  grid: '#e3e8ee',
  text: '#1b1f24',
} as const;
