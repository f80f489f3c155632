import { type PresetUnderLocks, presetUnderLocks } from './presetLocks';
import type { Preset } from './presets';
import type { LabStore } from './store';
import type { TrainerControls } from './trainerControls';

/**
 * Applies a preset (the menu and the tour): a fresh run of its experiment, its config over the defaults from
 * step 0 with the same seed, so that what its text describes is what appears, not the current model trained
 * on. The page's view stays, and the fields a classroom link locks keep the link's values; a preset that is
 * about a locked field is not applied at all. Returns what was (or would have been) applied.
 */
export function applyPreset(
  store: LabStore,
  controls: Pick<TrainerControls, 'restartWith'>,
  preset: Preset,
): PresetUnderLocks {
  const { config, view } = store.getState();
  const applied = presetUnderLocks(preset, { config, view });
  if (!applied.disabled) controls.restartWith(applied.state);
  return applied;
}
