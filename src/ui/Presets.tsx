import { useId } from 'react';
import { useLab, useLabStore } from '../state/LabProvider';
import { applyPreset } from '../state/presetApply';
import { lockedFields, type PresetUnderLocks, presetInUse, presetsUnderLocks } from '../state/presetLocks';
import { PRESET_GROUPS, PRESETS } from '../state/presets';
import { DEFAULT_VIEW_CONFIG } from '../state/schema';
import { useTrainerControls } from '../state/trainerControls';
import { linkForState } from '../state/url';
import { lockedLabel, lockNote, lockReason, locksSummary } from './presetLockText';
import { CopyLinkButton } from './ShareButton';

/** What the menu and the tour say about choosing a preset. */
const FRESH_RUN_TEXT = 'Choosing a preset starts a fresh run of it: same seed, from step 0.';

/**
 * The presets menu: a select of named experiments; the one the current settings match is shown with what to
 * look for, its source and a link to copy. Choosing one starts a fresh run of it (presetApply.ts). Under a
 * classroom link's locks, presets keep the locked fields, and those that need another value are offered
 * disabled with the reason. `hide=presets` removes it (and the guided tour).
 */
export function Presets() {
  const store = useLabStore();
  const controls = useTrainerControls();
  const config = useLab((s) => s.config);
  const view = useLab((s) => s.view);
  const selectId = useId();
  if (view.hide.includes('presets')) return null;
  const current = { config, view };
  const offered = presetsUnderLocks(current);
  const off = offered.filter((applied) => applied.disabled);
  const inUse = presetInUse(current);
  const summary = locksSummary(lockedFields(view));
  return (
    <section className="presets" data-testid="presets" aria-label="Presets">
      <label htmlFor={selectId} className="presets-label">
        Preset experiment
      </label>
      <select
        id={selectId}
        data-testid="preset-select"
        value={inUse?.preset.id ?? ''}
        onChange={(event) => {
          const preset = PRESETS.find((p) => p.id === event.target.value);
          if (preset) applyPreset(store, controls, preset);
        }}
      >
        {/* short enough for the sidebar's width: the label above already says what the menu is */}
        <option value="" disabled>
          Your own settings
        </option>
        {PRESET_GROUPS.map((group) => (
          <optgroup key={group.label} label={group.label}>
            {offered
              .filter((applied) => group.ids.includes(applied.preset.id))
              .map((applied) => (
                <option
                  key={applied.preset.id}
                  value={applied.preset.id}
                  disabled={applied.disabled}
                  data-testid={`preset-option-${applied.preset.id}`}
                >
                  {applied.disabled
                    ? `${applied.preset.title} (${lockedLabel(applied)})`
                    : applied.preset.title}
                </option>
              ))}
          </optgroup>
        ))}
      </select>
      <p className="preset-hint" data-testid="preset-fresh">
        {FRESH_RUN_TEXT}
      </p>
      {summary ? (
        <p className="preset-hint" data-testid="preset-locks">
          {summary}
        </p>
      ) : null}
      {off.length > 0 ? (
        <details className="preset-hint" data-testid="preset-off">
          <summary>
            {off.length} {off.length === 1 ? 'preset is' : 'presets are'} off with this link
          </summary>
          <ul>
            {off.map((applied) => (
              <li key={applied.preset.id} data-testid={`preset-off-${applied.preset.id}`}>
                {applied.preset.title}: {lockReason(applied)}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      {inUse ? (
        <PresetCard applied={inUse} />
      ) : (
        <p className="preset-hint">
          Each preset sets up one idea, says what to look for and cites its numbers.
        </p>
      )}
    </section>
  );
}

/** What to look for in a preset, its source, and what the link's locks kept from it. */
export function PresetText({ applied }: { applied: PresetUnderLocks }) {
  const { preset } = applied;
  return (
    <>
      <p className="preset-look" data-testid="preset-description">
        {preset.lookFor}
      </p>
      <p className="preset-cite">Source: {preset.citation}</p>
      {applied.disabled ? (
        <p className="preset-hint" data-testid="preset-lock-reason">
          {lockReason(applied)}
        </p>
      ) : applied.changes.length > 0 ? (
        <ul className="preset-hint" data-testid="preset-lock-notes">
          {applied.changes.map((change) => (
            <li key={change.field}>{lockNote(change)}</li>
          ))}
        </ul>
      ) : null}
    </>
  );
}

/** The preset's link: as applied here, with this link's locks (so a classroom's copy keeps them too). */
function presetCopyLink(applied: PresetUnderLocks): string {
  const { config, view } = applied.state;
  return linkForState(window.location.href, { config, view: { ...DEFAULT_VIEW_CONFIG, hide: view.hide } });
}

function PresetCard({ applied }: { applied: PresetUnderLocks }) {
  return (
    <div className="preset-card">
      <PresetText applied={applied} />
      <CopyLinkButton
        link={presetCopyLink(applied)}
        label="Copy preset link"
        testId="preset-copy"
        fieldTestId="preset-link"
        fieldLabel={`Link to the preset “${applied.preset.title}”`}
      />
    </div>
  );
}
