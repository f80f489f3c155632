import { useId } from 'react';
import { useLab, useLabStore } from '../state/LabProvider';
import { matchingPreset, PRESETS, type Preset, presetState } from '../state/presets';
import type { LabStore } from '../state/store';
import { linkForState } from '../state/url';
import { CopyLinkButton } from './ShareButton';

/**
 * Replaces the experiment with a preset's, keeping the page's view (so a classroom link's hidden controls
 * stay hidden); the link warnings go, since the state no longer comes from that link.
 */
export function applyPreset(store: LabStore, preset: Preset): void {
  const { view, applyState } = store.getState();
  applyState(presetState(preset, view), []);
}

/**
 * The presets menu: a select of named experiments; the one the current settings match is shown with what to
 * look for, its source and a link to copy. `hide=presets` removes it (and the guided tour).
 */
export function Presets() {
  const store = useLabStore();
  const config = useLab((s) => s.config);
  const hidden = useLab((s) => s.view.hide.includes('presets'));
  const selectId = useId();
  if (hidden) return null;
  const current = matchingPreset(config);
  return (
    <section className="presets" data-testid="presets" aria-label="Presets">
      <label htmlFor={selectId} className="presets-label">
        Preset experiment
      </label>
      <select
        id={selectId}
        data-testid="preset-select"
        value={current?.id ?? ''}
        onChange={(event) => {
          const preset = PRESETS.find((p) => p.id === event.target.value);
          if (preset) applyPreset(store, preset);
        }}
      >
        <option value="" disabled>
          Your own settings (choose a preset…)
        </option>
        {PRESETS.map((preset) => (
          <option key={preset.id} value={preset.id}>
            {preset.title}
          </option>
        ))}
      </select>
      {current ? (
        <PresetCard preset={current} />
      ) : (
        <p className="preset-hint">
          Each preset sets up one idea, says what to look for and cites its numbers.
        </p>
      )}
    </section>
  );
}

/** What to look for in a preset, its source, and its link. */
export function PresetText({ preset }: { preset: Preset }) {
  return (
    <>
      <p className="preset-look" data-testid="preset-description">
        {preset.lookFor}
      </p>
      <p className="preset-cite">Source: {preset.citation}</p>
    </>
  );
}

function PresetCard({ preset }: { preset: Preset }) {
  return (
    <div className="preset-card">
      <PresetText preset={preset} />
      <CopyLinkButton
        link={linkForState(window.location.href, presetState(preset))}
        label="Copy preset link"
        testId="preset-copy"
        fieldTestId="preset-link"
        fieldLabel={`Link to the preset “${preset.title}”`}
      />
    </div>
  );
}
