import { createContext, useContext } from 'react';
import type { WeightsFile } from '../protocol/weightsFile';
import type { LabState } from './schema';

/** What the page's buttons can ask of the trainer; the app implements it over the worker. */
export interface TrainerControls {
  play(): void;
  pause(): void;
  /** one training step (or `steps`), then paused */
  step(steps?: number): void;
  /** a new run with the current config (new data and model) */
  reset(): void;
  /**
   * replaces the experiment with `state` and starts a new run of it (step 0, new data and model), even where
   * only live fields differ, which a plain config change would send to the running model (a preset)
   */
  restartWith(state: LabState): void;
  /** back to the last finite weights after a NaN */
  rewind(): void;
  /** asks for the model's weights; they arrive as a download (training goes on) */
  exportWeights(): void;
  /** loads a checked weights file into this run (same model shape; the step is kept, Adam starts afresh) */
  importWeights(file: WeightsFile): void;
}

/** The trainer controls of the page; null outside the app (tests of single components). */
export const TrainerControlsContext = createContext<TrainerControls | null>(null);

/** The page's trainer controls; throws outside the app. */
export function useTrainerControls(): TrainerControls {
  const controls = useContext(TrainerControlsContext);
  if (!controls) throw new Error('invalid component tree: no TrainerControlsContext');
  return controls;
}
