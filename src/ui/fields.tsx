import { type KeyboardEvent, type ReactNode, useEffect, useId, useRef, useState } from 'react';
import { roundStep } from './controlKit';

/** A number shown to people: 3 significant digits, exponent form for very small or large values. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return '–';
  const magnitude = Math.abs(value);
  if (magnitude !== 0 && (magnitude < 1e-3 || magnitude >= 1e5)) return value.toExponential(2);
  return String(Number(value.toPrecision(3)));
}

/**
 * The typed value's text: as the person typed it where it reads back as the value ("0.0001" stays "0.0001",
 * not "1.00e-4"), else the value formatted.
 */
export function valueText(value: number, typed: string | null): string {
  const text = typed?.trim() ?? '';
  return text !== '' && Number(text) === value ? text : formatNumber(value);
}

/** Keys that move a log slider through round values (controlKit's roundStep): direction, and whether a decade. */
const ROUND_KEYS: Readonly<Record<string, readonly [1 | -1, boolean]>> = {
  ArrowRight: [1, false],
  ArrowUp: [1, false],
  ArrowLeft: [-1, false],
  ArrowDown: [-1, false],
  PageUp: [1, true],
  PageDown: [-1, true],
};

/** Where the marks' labels stand: a label within this share of the track of the one before drops a row. */
const MARK_CROWD = 0.12;
/** Half of the browser's range thumb, px: the track a mark sits on is inset by it at both ends. */
const THUMB_HALF_PX = 8;

/** The id of a field's hint, which its inputs name in aria-describedby (so a reader hears why one is off). */
const hintId = (id: string) => `${id}-hint`;

/** A labelled row of the controls panel; `disabled` greys it (the hint then says why). */
export function Field({
  label,
  htmlFor,
  children,
  hint,
  disabled = false,
}: {
  label: string;
  htmlFor: string;
  children: ReactNode;
  hint?: ReactNode;
  disabled?: boolean;
}) {
  return (
    <div className={disabled ? 'field field-disabled' : 'field'}>
      <label htmlFor={htmlFor}>{label}</label>
      <div className="field-input">{children}</div>
      {hint ? (
        <div className="field-hint" id={hintId(htmlFor)}>
          {hint}
        </div>
      ) : null}
    </div>
  );
}

/** The attributes that mark an input disabled and tie it to its hint. */
const inputState = (id: string, disabled: boolean, hint: ReactNode) => ({
  disabled,
  'aria-disabled': disabled || undefined,
  'aria-describedby': hint ? hintId(id) : undefined,
});

/**
 * A slider with a typed-in value beside it. `log` makes the slider move in log10 space (temperature, learning
 * rate), its keys through round values (1, 2, 5 a decade; Page Up and Down a decade), and a drag to 2 significant
 * digits; the typed value is committed on Enter or blur, clamped to [min, max], and shown as typed. The marks
 * are labelled under the track.
 */
export function SliderField({
  label,
  testId,
  value,
  min,
  max,
  step,
  log = false,
  marks = [],
  onChange,
  hint,
  disabled = false,
}: {
  label: string;
  testId: string;
  value: number;
  min: number;
  max: number;
  step: number;
  log?: boolean;
  marks?: readonly number[];
  onChange: (value: number) => void;
  hint?: ReactNode;
  disabled?: boolean;
}) {
  const id = useId();
  const toSlider = (v: number) => (log ? Math.log10(v) : v);
  const fromSlider = (s: number) => (log ? Number((10 ** s).toPrecision(2)) : s);
  const typed = useRef<string | null>(null);
  const [text, setText] = useState(formatNumber(value));
  useEffect(() => setText(valueText(value, typed.current)), [value]);
  const commit = () => {
    const entered = Number(text);
    if (text.trim() === '' || !Number.isFinite(entered)) {
      setText(valueText(value, typed.current));
      return;
    }
    const next = Math.min(max, Math.max(min, entered));
    typed.current = text;
    setText(valueText(next, text)); // the value may not change (the same number typed again)
    onChange(next);
  };
  const stepRound = (event: KeyboardEvent<HTMLInputElement>) => {
    const key = ROUND_KEYS[event.key];
    if (!log || !key || disabled) return;
    event.preventDefault();
    onChange(roundStep(value, key[0], min, max, key[1]));
  };
  return (
    <Field label={label} htmlFor={id} hint={hint} disabled={disabled}>
      <div style={{ flex: 1, minWidth: 0 }}>
        <input
          id={id}
          {...inputState(id, disabled, hint)}
          type="range"
          data-testid={testId}
          min={toSlider(min)}
          max={toSlider(max)}
          step={step}
          value={toSlider(value)}
          list={marks.length > 0 ? `${id}-marks` : undefined}
          aria-valuetext={formatNumber(value)}
          onKeyDown={stepRound}
          onChange={(event) => onChange(fromSlider(Number(event.target.value)))}
        />
        {marks.length > 0 ? (
          <>
            <datalist id={`${id}-marks`}>
              {marks.map((mark) => (
                <option key={mark} value={toSlider(mark)} label={formatNumber(mark)} />
              ))}
            </datalist>
            <MarkLabels
              marks={marks}
              at={(mark) => (toSlider(mark) - toSlider(min)) / (toSlider(max) - toSlider(min))}
            />
          </>
        ) : null}
      </div>
      <input
        {...inputState(id, disabled, hint)}
        className="typed-value"
        type="text"
        inputMode="decimal"
        aria-label={`${label} value`}
        data-testid={`${testId}-value`}
        value={text}
        onChange={(event) => setText(event.target.value)}
        onBlur={commit}
        onKeyDown={(event) => {
          if (event.key === 'Enter') commit();
        }}
      />
    </Field>
  );
}

/**
 * The marks' values under the track, each under its tick (`at`: its share of the track); one that would touch
 * the label before it goes to a second row. Decorative: the slider names its value itself.
 */
function MarkLabels({ marks, at }: { marks: readonly number[]; at: (mark: number) => number }) {
  const placed: { mark: number; share: number; row: number }[] = [];
  for (const mark of [...marks].sort((a, b) => a - b)) {
    const share = Math.min(1, Math.max(0, at(mark)));
    const previous = placed.at(-1);
    const row = previous && share - previous.share < MARK_CROWD && previous.row === 0 ? 1 : 0;
    placed.push({ mark, share, row });
  }
  const rows = Math.max(...placed.map((p) => p.row)) + 1;
  return (
    <div
      aria-hidden="true"
      data-testid="slider-mark-labels"
      style={{ position: 'relative', height: `${1.1 * rows}em`, fontSize: '0.7rem', opacity: 0.75 }}
    >
      {placed.map(({ mark, share, row }) => (
        <span
          key={mark}
          style={{
            position: 'absolute',
            top: `${1.1 * row}em`,
            left: `calc(${THUMB_HALF_PX}px + (100% - ${2 * THUMB_HALF_PX}px) * ${share})`,
            // centred under its tick; at the ends, kept within the track (past it, it would overlap the input)
            transform:
              share > 0.85
                ? `translateX(calc(-100% + ${THUMB_HALF_PX}px))`
                : share < 0.15
                  ? `translateX(-${THUMB_HALF_PX}px)`
                  : 'translateX(-50%)',
            whiteSpace: 'nowrap',
            lineHeight: 1.1,
          }}
        >
          {formatNumber(mark)}
        </span>
      ))}
    </div>
  );
}

/** A labelled select over ids, with display labels kept apart from the ids. */
export function SelectField<T extends string | number>({
  label,
  testId,
  value,
  options,
  onChange,
  hint,
  disabled = false,
}: {
  label: string;
  testId: string;
  value: T;
  options: readonly { value: T; label: string }[];
  onChange: (value: T) => void;
  hint?: ReactNode;
  disabled?: boolean;
}) {
  const id = useId();
  return (
    <Field label={label} htmlFor={id} hint={hint} disabled={disabled}>
      <select
        id={id}
        {...inputState(id, disabled, hint)}
        data-testid={testId}
        value={String(value)}
        onChange={(event) => {
          const chosen = options.find((option) => String(option.value) === event.target.value);
          if (chosen) onChange(chosen.value);
        }}
      >
        {options.map((option) => (
          <option key={String(option.value)} value={String(option.value)}>
            {option.label}
          </option>
        ))}
      </select>
    </Field>
  );
}

/** A checkbox with its label around it (the panel's one-line switches); `hint` says why it is disabled. */
export function CheckboxField({
  label,
  testId,
  checked,
  onChange,
  hint,
  disabled = false,
}: {
  label: string;
  testId: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  hint?: ReactNode;
  disabled?: boolean;
}) {
  const id = useId();
  const box = (
    <label className="checkbox">
      <input
        type="checkbox"
        data-testid={testId}
        {...inputState(id, disabled, hint)}
        checked={checked}
        onChange={(event) => onChange(event.target.checked)}
      />
      {label}
    </label>
  );
  if (!hint) return box;
  return (
    <div className={disabled ? 'field field-disabled' : 'field'}>
      {box}
      <div className="field-hint" id={hintId(id)}>
        {hint}
      </div>
    </div>
  );
}
