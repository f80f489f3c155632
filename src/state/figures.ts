// The papers' central figures as named sweeps: each says what the paper found (its numbers, cited as
// docs/SCIENCE.md writes them), runs its sweep here (page or `npm run sweep -- --figure NAME`) and judges from
// the lab's own results whether the paper's direction was reproduced, saying so with the lab's numbers. The
// interface and helpers live in figureKit.ts, the figures in figuresTemperature.ts and figuresObjectives.ts.
import { MAX_SWEEP_RUNS, MAX_SWEEP_SEEDS } from '../protocol/sweep';
import { FIGURE_IDS, type FigureId } from './figureIds';
import type { PaperFigure } from './figureKit';
import { OBJECTIVE_FIGURES } from './figuresObjectives';
import { TEMPERATURE_FIGURES } from './figuresTemperature';

export { FIGURE_IDS, type FigureId } from './figureIds';
export { type FigureVerdict, type PaperFigure, runMeans, runStats } from './figureKit';

/** Every paper figure, in FIGURE_IDS order. */
export const FIGURES: readonly PaperFigure[] = [...TEMPERATURE_FIGURES, ...OBJECTIVE_FIGURES];

// Checked once at load: a figure the page could not run (too many runs or seeds) is a programmer error.
for (const [index, figure] of FIGURES.entries()) {
  if (figure.id !== FIGURE_IDS[index]) throw new Error(`invalid figure order: ${figure.id}`);
  const { runs, seeds } = figure.plan;
  if (runs.length > MAX_SWEEP_RUNS || seeds > MAX_SWEEP_SEEDS)
    throw new Error(`invalid figure: ${figure.id}`);
}

/** The figure with this id (a programmer error if unknown). */
export function figureById(id: FigureId): PaperFigure {
  const figure = FIGURES.find((f) => f.id === id);
  if (!figure) throw new Error(`invalid figure: ${id}`);
  return figure;
}
