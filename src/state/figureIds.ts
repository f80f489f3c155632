// The paper figures' ids, in a module of their own that imports nothing: the schema table (the `figure` link
// field) and the figures import each other through the sweep summary, and a leaf is initialised before either,
// whichever of them loads first.

/** Ids of the paper figures, in the order the page lists them. */
export const FIGURE_IDS = [
  'wang-liu-tau',
  'hard-loss-small-tau',
  'dcl-hcl',
  'simcse-dropout',
  'batch-false-negatives',
] as const;
/** Id of a paper figure. */
export type FigureId = (typeof FIGURE_IDS)[number];
