// Loading a weights file of another model shape: what differs between its settings and the run's, in plain
// words, and the offer the page makes: apply the file's own settings as a new run, then load the weights.

import { FIELD_EFFECTS, type TrainConfig } from '../../protocol/config';
import type { WeightsFile } from '../../protocol/weightsFile';
import { CONFIG_LINK_KEYS, type LabState } from '../../state/schema';
import type { LabStore, PendingWeights } from '../../state/store';
import type { TrainerControls } from '../../state/trainerControls';
import { CONTROL_TABLE } from '../controlTable';

/** Most differing settings a refusal names (the rest are applied all the same). */
const MAX_NAMED = 4;

/** A copy of a weights file to send: the sent copy's buffers move to the worker, the kept one stays whole. */
export function copyWeights(file: WeightsFile): WeightsFile {
  return {
    ...file,
    layers: file.layers.map((layer) => ({ shape: [...layer.shape], data: layer.data.slice() })),
  };
}

/**
 * The experiment that loads `file`: its own settings (those that shape the data and the model among them) with
 * the page's backend choice kept (the file's machine is not this one), in the current view.
 */
export function stateForWeights(file: WeightsFile, current: LabState): LabState {
  return { config: { ...file.config, backend: current.config.backend }, view: current.view };
}

/** A setting's name as the controls panel shows it (its link key where the panel has no control for it). */
function settingName(field: keyof TrainConfig): string {
  return CONTROL_TABLE.find((entry) => entry.field === field)?.label ?? CONFIG_LINK_KEYS[field];
}

function shownValue(value: unknown): string {
  return Array.isArray(value) ? value.join(', ') : String(value);
}

/**
 * The settings that make the data or the model (not the live ones, which any model takes) where the file's
 * differ from the run's: "Output dimension 8 (this run: 3)", at most MAX_NAMED of them, or '' when none do.
 */
export function settingsDifference(fileConfig: TrainConfig, config: TrainConfig): string {
  const fields = (Object.keys(FIELD_EFFECTS) as (keyof TrainConfig)[]).filter(
    (field) =>
      field !== 'backend' &&
      FIELD_EFFECTS[field] !== 'live' &&
      shownValue(fileConfig[field]) !== shownValue(config[field]),
  );
  const named = fields
    .slice(0, MAX_NAMED)
    .map(
      (field) =>
        `${settingName(field)} ${shownValue(fileConfig[field])} (this run: ${shownValue(config[field])})`,
    );
  const more = fields.length > MAX_NAMED ? ` and ${fields.length - MAX_NAMED} more` : '';
  return named.length > 0 ? `${named.join('; ')}${more}` : '';
}

/** Sends a weights file to the trainer (a copy), keeping it as the pending one for a possible offer. */
export function sendWeights(
  store: LabStore,
  controls: Pick<TrainerControls, 'importWeights'>,
  pending: PendingWeights,
): void {
  store.getState().setPendingWeights(pending);
  controls.importWeights(copyWeights(pending.file));
}

/**
 * Accepts the offer: a new run with the pending file's settings, then the file loaded into it (the trainer takes
 * commands in order, so the weights reach the new model).
 */
export function loadWithFileSettings(
  store: LabStore,
  controls: Pick<TrainerControls, 'restartWith' | 'importWeights'>,
): void {
  const { pendingWeights, config, view } = store.getState();
  if (!pendingWeights) return;
  controls.restartWith(stateForWeights(pendingWeights.file, { config, view }));
  sendWeights(store, controls, pendingWeights);
}
