import { Fragment, type ReactNode } from 'react';
import type { TrainConfig } from '../protocol/config';
import { useLab } from '../state/LabProvider';
import type { ControlId } from '../state/schema';
import { useTrainerControls } from '../state/trainerControls';
import {
  CONTROL_GROUP_TITLES,
  type ControlEntry,
  type ControlGroupId,
  controlHint,
  controlState,
  isInteger,
  type PanelContext,
  sizesWith,
  sliderBounds,
} from './controlKit';
import { CONTROL_TABLE } from './controlTable';
import { CheckboxField, SelectField, SliderField } from './fields';

/** A run of consecutive shown controls of one group, with each one's disabled reason. */
interface Section {
  readonly group: ControlGroupId;
  readonly controls: { readonly entry: ControlEntry; readonly disabledReason: string | null }[];
}

/** The shown controls in table order, cut into runs by group (so a titled group draws as one box). */
function sectionsOf(config: TrainConfig, hidden: readonly ControlId[]): Section[] {
  const sections: Section[] = [];
  for (const entry of CONTROL_TABLE) {
    const state = controlState(entry, config, hidden);
    if (!state.shown) continue;
    const last = sections.at(-1);
    const control = { entry, disabledReason: state.disabledReason };
    if (last?.group === entry.group) last.controls.push(control);
    else sections.push({ group: entry.group, controls: [control] });
  }
  return sections;
}

/**
 * The experiment's controls, drawn from CONTROL_TABLE. Each only calls store actions; `hide=` in the link hides
 * any of them, another objective's or data set's are left out, and those the current choice ignores are
 * disabled with the reason as their hint.
 */
export function Controls() {
  const config = useLab((s) => s.config);
  const hidden = useLab((s) => s.view.hide);
  const batchLimit = useLab((s) => s.batchLimit);
  const setConfig = useLab((s) => s.setConfig);
  const panel: PanelContext = { batchLimit };
  const render = ({ entry, disabledReason }: Section['controls'][number]) => (
    <ControlView
      key={entry.id}
      entry={entry}
      config={config}
      disabled={disabledReason !== null}
      hint={controlHint(entry, config, panel, disabledReason)}
      set={(value) => setConfig({ [entry.field]: value })}
    />
  );
  return (
    <div className="controls">
      <RunButtons />
      {sectionsOf(config, hidden).map((section, i, all) => {
        const title = CONTROL_GROUP_TITLES[section.group];
        // keyed by group and how many runs of it came before, so a section appearing before it (the clusters
        // data's) never remounts the controls after it
        const key = `${section.group}-${all.slice(0, i).filter((s) => s.group === section.group).length}`;
        if (title === null) return <Fragment key={key}>{section.controls.map(render)}</Fragment>;
        // `controls` again: the same grid and spacing inside the box as outside it
        return (
          <fieldset
            key={key}
            className="controls control-group"
            data-testid={`control-group-${section.group}`}
          >
            <legend>{title}</legend>
            {section.controls.map(render)}
          </fieldset>
        );
      })}
    </div>
  );
}

/** One control of the table, whatever its widget. */
function ControlView({
  entry,
  config,
  disabled,
  hint,
  set,
}: {
  entry: ControlEntry;
  config: TrainConfig;
  disabled: boolean;
  hint: string | undefined;
  /** the widget's value for the entry's field: the table pairs each widget with a field of its type */
  set: (value: number | string | boolean) => void;
}): ReactNode {
  const common = { label: entry.label, testId: entry.testId, hint, disabled };
  switch (entry.widget) {
    case 'slider': {
      const integer = isInteger(entry.field);
      return (
        <SliderField
          {...common}
          {...sliderBounds(entry)}
          value={config[entry.field]}
          step={entry.step}
          log={entry.log}
          marks={entry.marks}
          // a typed 2.5 for a whole-number field would be an invalid config: round it
          onChange={(value) => set(integer ? Math.round(value) : value)}
        />
      );
    }
    case 'menu':
      return (
        <SelectField
          {...common}
          value={config[entry.field]}
          options={sizesWith(entry.values, config[entry.field]).map((value) => ({
            value,
            label: entry.optionLabel(value),
          }))}
          onChange={set}
        />
      );
    case 'select':
      return <SelectField {...common} value={config[entry.field]} options={entry.options} onChange={set} />;
    case 'checkbox':
      return <CheckboxField {...common} checked={config[entry.field]} onChange={set} />;
  }
}

/** Play, pause, single step, reset and the speed cap. */
function RunButtons() {
  const controls = useTrainerControls();
  const status = useLab((s) => s.status);
  const speed = useLab((s) => s.view.speed);
  const hidden = useLab((s) => s.view.hide);
  const setView = useLab((s) => s.setView);
  const running = status === 'running';
  return (
    <div className="run-buttons">
      {hidden.includes('play') ? null : (
        <>
          <button
            type="button"
            data-testid="play"
            onClick={() => controls.play()}
            disabled={running}
            aria-pressed={running}
          >
            ▶ Play
          </button>
          <button type="button" data-testid="pause" onClick={() => controls.pause()} disabled={!running}>
            ❚❚ Pause
          </button>
        </>
      )}
      {hidden.includes('step') ? null : (
        <button type="button" data-testid="step" onClick={() => controls.step()}>
          Step
        </button>
      )}
      {hidden.includes('reset') ? null : (
        <button type="button" data-testid="reset" onClick={() => controls.reset()}>
          Reset
        </button>
      )}
      {hidden.includes('speed') ? null : (
        <SelectField
          label="Speed"
          testId="control-speed"
          value={speed}
          options={[0, 100, 30, 10, 2].map((v) => ({
            value: v,
            label: v === 0 ? 'full speed' : `${v} steps/s`,
          }))}
          onChange={(value) => setView({ speed: value })}
        />
      )}
    </div>
  );
}
