// What a preset is, and the helpers the preset tables share: texts that quote the lab's measurements, and
// SimCSE's recipe that several experiments build on.
import type { TrainConfig } from '../protocol/config';
import { type MeasuredQuote, Quoter } from './measuredQuotes';
import type { PresetId } from './presets';
import type { ViewConfig } from './schema';

/** One named experiment. */
export interface Preset {
  readonly id: PresetId;
  readonly title: string;
  /** two or three sentences: what to watch, with the numbers of `figures` */
  readonly lookFor: string;
  /** papers and tables behind the published numbers, and "measured in this lab" for the lab's own */
  readonly citation: string;
  /**
   * every number lookFor quotes, as written there (ASCII minus): the published ones exactly as
   * docs/SCIENCE.md writes them, then the texts of `measured`
   */
  readonly figures: readonly string[];
  /** the numbers quoted as measured in this lab, from presetMeasurements.json; tests rerun each */
  readonly measured?: readonly MeasuredQuote[];
  /** changes laid over DEFAULT_TRAIN_CONFIG */
  readonly config: Partial<TrainConfig>;
  /** changes laid over the view (none of the presets need any yet) */
  readonly view?: Partial<ViewConfig>;
}

/**
 * A text that quotes the lab's measurements: `write` gets a Quoter whose every quote is listed in `measured`
 * and, after the `published` figures, in `figures`.
 */
export function measuredText(
  published: readonly string[],
  write: (q: Quoter) => string,
): Pick<Preset, 'lookFor' | 'figures' | 'measured'> {
  const q = new Quoter();
  const lookFor = write(q);
  return { lookFor, figures: [...published, ...q.quoted.map((m) => m.text)], measured: q.quoted };
}

/** SimCSE's recipe, the in-batch run the negative-strategy presets build on and compare with. */
export const SIMCSE: Partial<TrainConfig> = {
  loss: 'infonce',
  tau: 0.05,
  dropout: 0.1,
  sameMask: false,
  batch: 64,
};
