import { useMemo, useState } from 'react';
import { useStore } from 'zustand';
import { type AnchorAnalysis, anchorAnalysis, anchorCosines, type Measure } from '../../analysis/analysis';
import { FORMAT_NAMES, labelCodes, pairGroups } from '../../analysis/dataset';
import { countText } from '../../analysis/types';
import { FIELD_SPECS } from '../../protocol/fields';
import type { AnalysisControls, AnalysisDataset, AnalysisStore } from '../../state/analysisStore';
import { formatNumber, SelectField, SliderField } from '../fields';
import { AnalysisSphere, AnalysisWeights } from './AnalysisCharts';

/** The tau slider's range: the lab's own (1e-4 to 1e4, log). */
const TAU = FIELD_SPECS.tau.kind === 'number' ? FIELD_SPECS.tau : { min: 1e-4, max: 1e4 };
/** Marks under the tau slider. */
const TAU_MARKS = [1e-4, 0.01, 1, 100, 1e4];
/** Heaviest negatives listed under the charts. */
const LISTED = 5;

/**
 * The loaded points: which columns hold labels and pair ids, the measures, the tau slider and the anchor, the
 * sphere and the anchor's weights. The anchor's cosines (O(rows x dim)) are computed here when it changes; tau
 * only re-weighs them (O(rows)), so the slider is live.
 */
export function AnalysisView({
  store,
  client,
  dataset,
}: {
  store: AnalysisStore;
  client: AnalysisControls;
  dataset: AnalysisDataset;
}) {
  const labelColumn = useStore(store, (state) => state.labelColumn);
  const pairColumn = useStore(store, (state) => state.pairColumn);
  const anchor = useStore(store, (state) => state.anchor);
  const tau = useStore(store, (state) => state.tau);
  const { points, columns } = dataset;
  const labels = useMemo(
    () => (labelColumn === null ? null : labelCodes(columns[labelColumn]?.cells ?? [])),
    [columns, labelColumn],
  );
  const groups = useMemo(
    () => (pairColumn === null ? null : pairGroups(columns[pairColumn]?.cells ?? [])),
    [columns, pairColumn],
  );
  const positives = useMemo(() => {
    const group = groups?.group[anchor] ?? -1;
    return group < 0 ? [] : (groups?.members[group] ?? []).filter((row) => row !== anchor);
  }, [groups, anchor]);
  const cosines = useMemo(() => anchorCosines(points, anchor), [points, anchor]);
  const analysis = useMemo(
    () => anchorAnalysis(cosines, anchor, tau, positives, labels?.codes ?? null),
    [cosines, anchor, tau, positives, labels],
  );
  const columnOptions = [
    { value: -1, label: '(none)' },
    ...columns.map((column, k) => ({ value: k, label: column.name })),
  ];
  const labelText = (row: number) => (labels ? (labels.names[labels.codes[row] ?? -1] ?? '') : '');

  return (
    <div className="analysis-view">
      <p className="analysis-note" data-testid="analysis-summary">
        {dataset.vectorsName}
        {dataset.metadataName ? ` with ${dataset.metadataName}` : ''} ({FORMAT_NAMES[dataset.format]}):{' '}
        {countText(points.rows)} points of {points.dim} dimensions, lengths {formatNumber(dataset.norms.min)}{' '}
        to {formatNumber(dataset.norms.max)} (L2-normalised here). Read in{' '}
        {formatNumber(dataset.timings.readMs / 1000)} s, parsed in{' '}
        {formatNumber(dataset.timings.parseMs / 1000)} s.
      </p>
      <div className="analysis-columns">
        <SelectField
          label="Label column"
          testId="analysis-label-column"
          value={labelColumn ?? -1}
          options={columnOptions}
          onChange={(k) => client.chooseColumns(k < 0 ? null : k, pairColumn)}
          hint={
            columns.length === 0 ? 'no metadata: load a metadata file for labels and pair ids' : undefined
          }
        />
        <SelectField
          label="Pair-id column"
          testId="analysis-pair-column"
          value={pairColumn ?? -1}
          options={columnOptions}
          onChange={(k) => client.chooseColumns(labelColumn, k < 0 ? null : k)}
        />
      </div>
      <Measures store={store} analysis={analysis} labelled={labels !== null} paired={groups !== null} />
      <div className="analysis-controls">
        <SliderField
          label="Temperature tau"
          testId="analysis-tau"
          value={tau}
          min={TAU.min}
          max={TAU.max}
          step={0.01}
          log
          marks={TAU_MARKS}
          onChange={(next) => store.getState().setTau(next)}
        />
        <AnchorInput rows={points.rows} anchor={anchor} onChange={(row) => store.getState().setAnchor(row)} />
        <p className="analysis-note" data-testid="analysis-anchor">
          Anchor: row {anchor}
          {labels ? `, label ${JSON.stringify(labelText(anchor))}` : ''}
          {positives.length > 0
            ? `, ${positives.length} positive${positives.length > 1 ? 's' : ''} (cosine ${formatNumber(cosines[positives[0] as number] as number)})`
            : ''}
          ; {countText(analysis?.negatives.length ?? 0)} negatives.
        </p>
      </div>
      <div className="analysis-charts">
        <AnalysisSphere
          projection={dataset.projection}
          dim={points.dim}
          labels={labels?.codes ?? null}
          marks={{ anchor, positives, hardest: analysis?.hardest ?? -1 }}
          onPick={(row) => store.getState().setAnchor(row)}
        />
        {analysis ? (
          <AnalysisWeights analysis={analysis} />
        ) : (
          <p className="analysis-note">Every other row is a positive of this anchor: it has no negatives.</p>
        )}
      </div>
      {analysis ? <Heaviest analysis={analysis} labelText={labels ? labelText : null} /> : null}
    </div>
  );
}

/** The readouts: the set's measures (from the worker) and the anchor's (from its weights at tau). */
function Measures({
  store,
  analysis,
  labelled,
  paired,
}: {
  store: AnalysisStore;
  analysis: AnchorAnalysis | null;
  labelled: boolean;
  paired: boolean;
}) {
  const uniformity = useStore(store, (state) => state.uniformity);
  const measures = useStore(store, (state) => state.columnMeasures);
  const pending = 'measuring…';
  // not asked for (no column), being measured, or nothing to measure (no label on two rows, no pair)
  const measureText = (measure: Measure | null | undefined, wanted: boolean, none: string, empty: string) =>
    !wanted ? none : measure === undefined ? pending : (measure ?? empty);
  return (
    <div className="analysis-readouts">
      <Tile id="uniformity" label="uniformity (t = 2)" value={uniformity ?? pending} />
      <Tile
        id="tolerance"
        label="tolerance"
        value={measureText(measures?.tolerance, labelled, 'no labels', 'no shared label')}
      />
      <Tile
        id="alignment"
        label="alignment (α = 2)"
        value={measureText(measures?.alignment, paired, 'no pairs', 'no pairs')}
      />
      <Tile
        id="effective-negatives"
        label="effective negatives"
        value={analysis?.effectiveNegatives ?? '–'}
      />
      <Tile id="max-weight" label="largest weight" value={analysis?.maxWeight ?? '–'} />
      <Tile
        id="fn-share"
        label="weight on false negatives"
        value={analysis?.fnShare ?? (labelled ? '–' : 'no labels')}
        title={
          analysis?.fnCount !== null && analysis?.fnCount !== undefined
            ? `${countText(analysis.fnCount)} negatives share the anchor's label`
            : undefined
        }
      />
    </div>
  );
}

/** One readout: the lab's tile look, the exact number in data-value (tests and screen readers read it). */
function Tile({
  id,
  label,
  value,
  title,
}: {
  id: string;
  label: string;
  value: Measure | number | string;
  title?: string;
}) {
  const number = typeof value === 'number' ? value : typeof value === 'string' ? null : value.value;
  const over = typeof value === 'object' ? `over ${countText(value.count)}` : undefined;
  return (
    <div
      className="readout"
      data-testid={`analysis-${id}`}
      data-value={number === null ? undefined : String(number)}
      title={title ?? over}
    >
      <span className="readout-label">{label}</span>
      <span className="readout-value">{number === null ? String(value) : formatNumber(number)}</span>
    </div>
  );
}

/** The anchor row, typed (0-based, as the rows of the vectors file). */
function AnchorInput({
  rows,
  anchor,
  onChange,
}: {
  rows: number;
  anchor: number;
  onChange: (row: number) => void;
}) {
  const [draft, setDraft] = useState<string | null>(null);
  return (
    <label className="analysis-anchor-input">
      Anchor row (0 to {rows - 1}){' '}
      <input
        type="number"
        data-testid="analysis-anchor-input"
        min={0}
        max={rows - 1}
        step={1}
        value={draft ?? String(anchor)}
        onChange={(event) => {
          const text = event.currentTarget.value;
          setDraft(text);
          const value = Number(text);
          if (text.trim() !== '' && Number.isInteger(value) && value >= 0 && value < rows) onChange(value);
        }}
        onBlur={() => setDraft(null)}
      />
    </label>
  );
}

/** The anchor's heaviest negatives: row, label (the file's text, as text), cosine and weight. */
function Heaviest({
  analysis,
  labelText,
}: {
  analysis: AnchorAnalysis;
  labelText: ((row: number) => string) | null;
}) {
  const top = heaviest(analysis.weights, LISTED);
  return (
    <table className="analysis-heaviest" data-testid="analysis-heaviest">
      <caption>Heaviest negatives of row {analysis.anchor}</caption>
      <thead>
        <tr>
          <th scope="col">row</th>
          {labelText ? <th scope="col">label</th> : null}
          <th scope="col">cosine</th>
          <th scope="col">weight r</th>
        </tr>
      </thead>
      <tbody>
        {top.map((j) => {
          const row = analysis.negatives[j] as number;
          return (
            <tr key={row} className={analysis.falseNegative?.[j] ? 'analysis-false-negative' : undefined}>
              <td>{row}</td>
              {labelText ? <td>{labelText(row)}</td> : null}
              <td>{formatNumber(analysis.similarities[j] as number)}</td>
              <td>{formatNumber(analysis.weights[j] as number)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

// Indices of the k largest weights, largest first: one pass keeping a short sorted list (no sort of 50,000).
function heaviest(weights: Float64Array, k: number): number[] {
  const top: number[] = [];
  for (let j = 0; j < weights.length; j++) {
    const w = weights[j] as number;
    if (top.length === k && w <= (weights[top[k - 1] as number] as number)) continue;
    let at = top.length;
    while (at > 0 && w > (weights[top[at - 1] as number] as number)) at--;
    top.splice(at, 0, j);
    if (top.length > k) top.pop();
  }
  return top;
}
