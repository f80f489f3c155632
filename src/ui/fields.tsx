import { type ReactNode, useEffect, useId, useState } from 'react';

/** A number shown to people: 3 significant digits, exponent form for very small or large values. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return '–';
  const magnitude = Math.abs(value);
  if (magnitude !== 0 && (magnitude < 1e-3 || magnitude >= 1e5)) return value.toExponential(2);
  return String(Number(value.toPrecision(3)));
}

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
 * A slider with a typed-in value beside it. `log` makes the slider move in log10 steps (temperature, learning
 * rate); the typed value is committed on Enter or blur, clamped to [min, max].
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
  const fromSlider = (s: number) => (log ? Number((10 ** s).toPrecision(3)) : s);
  const [text, setText] = useState(formatNumber(value));
  useEffect(() => setText(formatNumber(value)), [value]);
  const commit = () => {
    const typed = Number(text);
    if (Number.isFinite(typed)) onChange(Math.min(max, Math.max(min, typed)));
    else setText(formatNumber(value));
  };
  return (
    <Field label={label} htmlFor={id} hint={hint} disabled={disabled}>
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
        onChange={(event) => onChange(fromSlider(Number(event.target.value)))}
      />
      {marks.length > 0 ? (
        <datalist id={`${id}-marks`}>
          {marks.map((mark) => (
            <option key={mark} value={toSlider(mark)} label={formatNumber(mark)} />
          ))}
        </datalist>
      ) : null}
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
