import { type ReactNode, useEffect, useId, useState } from 'react';

/** A number shown to people: 3 significant digits, exponent form for very small or large values. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return '–';
  const magnitude = Math.abs(value);
  if (magnitude !== 0 && (magnitude < 1e-3 || magnitude >= 1e5)) return value.toExponential(2);
  return String(Number(value.toPrecision(3)));
}

/** A labelled row of the controls panel. */
export function Field({
  label,
  htmlFor,
  children,
  hint,
}: {
  label: string;
  htmlFor: string;
  children: ReactNode;
  hint?: ReactNode;
}) {
  return (
    <div className="field">
      <label htmlFor={htmlFor}>{label}</label>
      <div className="field-input">{children}</div>
      {hint ? <div className="field-hint">{hint}</div> : null}
    </div>
  );
}

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
    <Field label={label} htmlFor={id} hint={hint}>
      <input
        id={id}
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
}: {
  label: string;
  testId: string;
  value: T;
  options: readonly { value: T; label: string }[];
  onChange: (value: T) => void;
  hint?: ReactNode;
}) {
  const id = useId();
  return (
    <Field label={label} htmlFor={id} hint={hint}>
      <select
        id={id}
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
