import type { ReactNode } from 'react';
import type { TrainConfig } from '../protocol/config';
import { FIELD_SPECS } from '../protocol/fields';
import { useLab } from '../state/LabProvider';
import type { ControlId } from '../state/schema';
import { useTrainerControls } from '../state/trainerControls';
import { SelectField, SliderField } from './fields';
import { BACKEND_LABELS, DATASET_LABELS, LOSS_LABELS, MINING_LABELS, optionsOf } from './labels';

const BATCH_SIZES = [4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096] as const;
const DIMENSIONS = [2, 3, 8, 16, 64] as const;
const TAU_MARKS = [0.01, 0.05, 0.1, 1] as const;

/** The menu's sizes plus the current one, in order: a link or preset may set any valid size (384 pairs, say). */
const sizesWith = (sizes: readonly number[], current: number): number[] =>
  [...new Set([...sizes, current])].sort((a, b) => a - b);

const rangeOf = (key: keyof TrainConfig) => {
  const spec = FIELD_SPECS[key];
  if (spec.kind !== 'number') throw new Error(`invalid field: ${key}`);
  return spec;
};

/** A slider's bounds: the field's allowed range, held once in FIELD_SPECS. */
const bounds = (key: keyof TrainConfig) => {
  const { min, max } = rangeOf(key);
  return { min, max };
};

/** The config, a setter per field, and `shown` (null for a control the link hides), for a group of controls. */
function useConfigFields() {
  const config = useLab((s) => s.config);
  const hidden = useLab((s) => s.view.hide);
  const setConfig = useLab((s) => s.setConfig);
  const shown = (id: ControlId, node: ReactNode) => (hidden.includes(id) ? null : node);
  const set =
    <K extends keyof TrainConfig>(key: K) =>
    (value: TrainConfig[K]) =>
      setConfig({ [key]: value });
  return { config, setConfig, shown, set };
}

/** The experiment's controls. Each only calls store actions; `hide=` in the link hides any of them. */
export function Controls() {
  const { config, setConfig, shown, set } = useConfigFields();
  const batchLimit = useLab((s) => s.batchLimit);
  const tau = rangeOf('tau');
  const lr = rangeOf('lr');

  return (
    <div className="controls">
      <RunButtons />
      {shown(
        'tau',
        <SliderField
          label="Temperature τ"
          testId="control-temperature"
          value={config.tau}
          min={tau.min}
          max={tau.max}
          step={0.01}
          log
          marks={TAU_MARKS}
          onChange={set('tau')}
          hint="Small τ: only the hardest negative counts. Large τ: every negative weighs the same."
        />,
      )}
      {shown(
        'batch',
        <SelectField
          label="Batch (pairs N; 2N rows)"
          testId="control-batch-size"
          value={config.batch}
          options={sizesWith(BATCH_SIZES, config.batch).map((n) => ({
            value: n,
            label: `${n} pairs (${2 * n} rows)`,
          }))}
          onChange={set('batch')}
          hint={
            batchLimit !== null && config.batch > batchLimit
              ? `This backend holds at most ${batchLimit} pairs here; training uses ${batchLimit}.`
              : undefined
          }
        />,
      )}
      {shown(
        'dropout',
        <SliderField
          label="Dropout p"
          testId="control-dropout"
          value={config.dropout}
          {...bounds('dropout')}
          step={0.01}
          onChange={set('dropout')}
          hint={
            config.dropout === 0
              ? 'p = 0: both views are identical, so the positive pair teaches nothing (alignment is 0).'
              : undefined
          }
        />,
      )}
      {shown(
        'same',
        <label className="checkbox">
          <input
            type="checkbox"
            checked={config.sameMask}
            onChange={(e) => setConfig({ sameMask: e.target.checked })}
          />
          Same dropout mask on both views
        </label>,
      )}
      {shown(
        'lr',
        <SliderField
          label="Learning rate"
          testId="control-learning-rate"
          value={config.lr}
          min={Math.max(lr.min, 1e-5)}
          max={Math.min(lr.max, 0.1)}
          step={0.05}
          log
          onChange={set('lr')}
        />,
      )}
      {shown(
        'dim',
        <SelectField
          label="Output dimension"
          testId="control-dimension"
          value={config.dim}
          options={sizesWith(DIMENSIONS, config.dim).map((d) => ({
            value: d,
            label: d === 2 ? '2 (circle)' : d === 3 ? '3 (sphere)' : `${d}`,
          }))}
          onChange={set('dim')}
        />,
      )}
      {shown(
        'dataset',
        <SelectField
          label="Data set"
          testId="control-dataset"
          value={config.dataset}
          options={optionsOf(DATASET_LABELS)}
          onChange={set('dataset')}
        />,
      )}
      {config.dataset === 'clusters' ? <ClusterFields /> : null}
      {shown(
        'loss',
        <SelectField
          label="Objective"
          testId="control-loss"
          value={config.loss}
          options={optionsOf(LOSS_LABELS)}
          onChange={set('loss')}
        />,
      )}
      <ObjectiveFields />
      {shown(
        'backend',
        <SelectField
          label="Backend"
          testId="control-backend"
          value={config.backend}
          options={optionsOf(BACKEND_LABELS)}
          onChange={set('backend')}
        />,
      )}
      {shown(
        'seed',
        <SliderField
          label="Seed"
          testId="control-seed"
          value={config.seed}
          min={0}
          max={9999}
          step={1}
          onChange={set('seed')}
        />,
      )}
    </div>
  );
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

/** The clusters data set's parameters. */
function ClusterFields() {
  const { config, shown, set } = useConfigFields();
  return (
    <>
      {shown(
        'classes',
        <SliderField
          label="Classes K"
          testId="control-classes"
          value={config.classes}
          {...bounds('classes')}
          step={1}
          onChange={set('classes')}
        />,
      )}
      {shown(
        'sep',
        <SliderField
          label="Separation of centres"
          testId="control-separation"
          value={config.separation}
          {...bounds('separation')}
          step={0.1}
          onChange={set('separation')}
        />,
      )}
      {shown(
        'noise',
        <SliderField
          label="Noise σ"
          testId="control-noise"
          value={config.noise}
          {...bounds('noise')}
          step={0.01}
          onChange={set('noise')}
        />,
      )}
    </>
  );
}

/** The parameters of the chosen objective. */
function ObjectiveFields() {
  const { config, shown, set } = useConfigFields();
  switch (config.loss) {
    case 'supervised':
      return shown(
        'hnw',
        <SliderField
          label="Hard-negative log-weight ln α"
          testId="control-hard-negative-weight"
          value={config.hardNegativeWeight}
          {...bounds('hardNegativeWeight')}
          step={0.05}
          onChange={set('hardNegativeWeight')}
          hint="SimCSE adds ln α to the anchor's own hard negative's logit (Table 7: α = 1 or 2 best)."
        />,
      );
    case 'triplet':
      return (
        <>
          {shown(
            'margin',
            <SliderField
              label="Margin m"
              testId="control-margin"
              value={config.margin}
              {...bounds('margin')}
              step={0.01}
              onChange={set('margin')}
            />,
          )}
          {shown(
            'mining',
            <SelectField
              label="Negative mining"
              testId="control-mining"
              value={config.mining}
              options={optionsOf(MINING_LABELS)}
              onChange={set('mining')}
            />,
          )}
        </>
      );
    case 'dcl':
    case 'hcl':
      return (
        <>
          {shown(
            'tplus',
            <SliderField
              label="Class prior τ⁺"
              testId="control-tau-plus"
              value={config.tauPlus}
              {...bounds('tauPlus')}
              step={0.01}
              onChange={set('tauPlus')}
            />,
          )}
          {config.loss === 'hcl'
            ? shown(
                'beta',
                <SliderField
                  label="Hardness β"
                  testId="control-beta"
                  value={config.beta}
                  {...bounds('beta')}
                  step={0.1}
                  onChange={set('beta')}
                />,
              )
            : null}
        </>
      );
    default:
      return null;
  }
}
