import { useLab } from '../state/LabProvider';
import { useTrainerControls } from '../state/trainerControls';
import { type ControlEntry, controlState, sliderBounds } from './controlKit';
import { CONTROL_TABLE } from './controlTable';
import { SliderField } from './fields';

type SliderEntry = Extract<ControlEntry, { widget: 'slider' }>;

/** The temperature's entry of the control table: the bar's slider is the panel's, bound to the same field. */
const TAU_ENTRY: SliderEntry = (() => {
  const entry = CONTROL_TABLE.find((e): e is SliderEntry => e.widget === 'slider' && e.field === 'tau');
  if (!entry) throw new Error('invalid control table: no tau slider');
  return entry;
})();

/**
 * The phone's bar of the controls a student moves while watching a chart: play/pause and the temperature, kept
 * at the top of the screen (sticky; classroom.css shows it only on narrow screens, where the controls panel is
 * far above the charts). A second view of the same store fields, so the panel and the bar always agree; `hide=`
 * hides each here as in the panel.
 */
export function PhoneBar() {
  const config = useLab((s) => s.config);
  const hidden = useLab((s) => s.view.hide);
  const status = useLab((s) => s.status);
  const setConfig = useLab((s) => s.setConfig);
  const controls = useTrainerControls();
  const tau = controlState(TAU_ENTRY, config, hidden);
  const play = !hidden.includes('play');
  if (!tau.shown && !play) return null;
  const running = status === 'running';
  return (
    <section className="phone-bar" data-testid="phone-bar" aria-label="Temperature and play, kept in view">
      {play ? (
        <button
          type="button"
          data-testid="phone-play"
          aria-label={running ? 'Pause training' : 'Play training'}
          disabled={status === 'failed' || status === 'loading'}
          onClick={() => (running ? controls.pause() : controls.play())}
        >
          {running ? '❚❚' : '▶'}
        </button>
      ) : null}
      {tau.shown ? (
        <SliderField
          label="τ"
          testId="phone-temperature"
          {...sliderBounds(TAU_ENTRY)}
          value={config.tau}
          step={TAU_ENTRY.step}
          log={TAU_ENTRY.log}
          marks={TAU_ENTRY.marks}
          disabled={tau.disabledReason !== null}
          onChange={(value) => setConfig({ tau: value })}
        />
      ) : null}
    </section>
  );
}
