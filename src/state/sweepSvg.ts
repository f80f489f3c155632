// A sweep's curves as a standalone SVG document (`npm run sweep -- --svg file.svg`): one panel per metric, the
// metric against the swept value (log x for log fields such as tau), the mean over seeds as a line, min to max as
// a band, each seed as a dot. Pure: d3-scale and d3-shape give the scales and path data, the text is built here
// (escaped), so it runs in Node without a DOM and the page could export the same picture.
import { area, line, type ScaleLinear, type ScaleLogarithmic, scaleLinear, scaleLog, scalePoint } from 'd3';
import type { TrainConfig } from '../protocol/config';
import { FIELD_SPECS } from '../protocol/fields';
import type { SweepPlan, SweepResult } from '../protocol/sweep';
import { summariseSweep, sweptTexts } from './sweepSummary';

/** The x axis: a numeric field (log or linear), or null for one position per run, named by its label. */
export type SweepAxis = { readonly field: keyof TrainConfig; readonly log: boolean } | null;

/** What to draw beside the plan and its results. */
export interface SweepSvgOptions {
  readonly title: string;
  readonly x: SweepAxis;
  /** result scalars, one panel each, in order */
  readonly metrics: readonly string[];
  /** each job's step-0 scalars: open circles where training started, so a run that did not move shows it */
  readonly starts?: readonly SweepResult[];
  /** a shaded x range below a value, with a note (a figure's stall region) */
  readonly region?: { readonly below: number; readonly text: string } | null;
}

const PANEL_W = 320;
const PANEL_H = 210;
const COLUMNS = 2;
const MARGIN = { left: 56, right: 14, top: 30, bottom: 40 };
/** extra room under the panels for rotated run labels */
const LABEL_ROOM = 56;
const HEADER = 34;
const FOOTER = 26;
const INK = '#1f4e79';
/** about the width of a bold 14 px character, px: where a long title wraps */
const TITLE_CHAR_PX = 8;
const TITLE_LINE = 18;

/** The default axis of a plan: its one swept field if numeric (log when the field is), else by run label. */
export function sweepAxis(plan: SweepPlan): SweepAxis {
  const field = plan.swept.length === 1 ? plan.swept[0] : undefined;
  if (field === undefined) return null;
  const spec = FIELD_SPECS[field];
  if (spec.kind !== 'number') return null;
  const xs = plan.runs.map((run) => run.config[field] as number);
  return { field, log: spec.log === true && xs.every((x) => x > 0) };
}

/** Text made safe for SVG content and attribute values. */
export function escapeXml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&apos;');
}

/** Text broken at spaces into lines of at most `chars` characters (a longer word stays whole). */
function wrap(text: string, chars: number): string[] {
  const lines: string[] = [];
  for (const word of text.split(' ')) {
    const last = lines.at(-1);
    if (last !== undefined && last.length + 1 + word.length <= chars)
      lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines.length > 0 ? lines : [''];
}

/** A coordinate, rounded so the file stays short. */
const px = (value: number) => Number(value.toFixed(1));

interface Point {
  readonly run: number;
  readonly x: number;
  readonly mean: number;
  readonly min: number;
  readonly max: number;
  readonly seeds: readonly number[];
  readonly start: number;
}

/** The whole SVG document. */
export function sweepSvg(plan: SweepPlan, results: readonly SweepResult[], options: SweepSvgOptions): string {
  const summary = summariseSweep(plan, results);
  const starts = summariseSweep(plan, options.starts ?? []);
  const rows = Math.ceil(options.metrics.length / COLUMNS);
  const bottom = MARGIN.bottom + (options.x ? 0 : LABEL_ROOM);
  const panelH = PANEL_H + (options.x ? 0 : LABEL_ROOM);
  const width = COLUMNS * PANEL_W;
  const title = wrap(options.title, Math.floor(width / TITLE_CHAR_PX));
  const header = HEADER + (title.length - 1) * TITLE_LINE;
  const height = header + rows * panelH + FOOTER;
  const seeds = plan.seeds;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    ...title.map(
      (line, k) =>
        `<text x="${width / 2}" y="${20 + k * TITLE_LINE}" text-anchor="middle" font-size="14" font-weight="bold">${escapeXml(line)}</text>`,
    ),
  ];
  options.metrics.forEach((metric, index) => {
    const points: Point[] = plan.runs.map((run, k) => {
      const stats = summary.get(k)?.get(metric);
      return {
        run: k,
        x: options.x ? (run.config[options.x.field] as number) : k,
        mean: stats?.mean ?? Number.NaN,
        min: stats?.min ?? Number.NaN,
        max: stats?.max ?? Number.NaN,
        seeds: stats?.values ?? [],
        start: starts.get(k)?.get(metric)?.mean ?? Number.NaN,
      };
    });
    const left = (index % COLUMNS) * PANEL_W;
    const top = header + Math.floor(index / COLUMNS) * panelH;
    parts.push(panel(plan, points, metric, options, left, top, bottom));
  });
  parts.push(
    `<text x="8" y="${height - 9}" fill="#444">line: mean over ${seeds} seed${seeds === 1 ? '' : 's'}; band: min to max; dots: each seed${options.starts?.length ? '; ○: step 0' : ''}; ${plan.steps} steps each</text>`,
    '</svg>',
  );
  return `${parts.join('\n')}\n`;
}

/** One metric's panel at (left, top). */
function panel(
  plan: SweepPlan,
  points: readonly Point[],
  metric: string,
  options: SweepSvgOptions,
  left: number,
  top: number,
  bottom: number,
): string {
  const x0 = left + MARGIN.left;
  const x1 = left + PANEL_W - MARGIN.right;
  const y0 = top + PANEL_H + (options.x ? 0 : LABEL_ROOM) - bottom;
  const y1 = top + MARGIN.top;
  const finite = points
    .flatMap((p) => [p.min, p.max, p.start, ...p.seeds])
    .filter((value) => Number.isFinite(value));
  const lo = finite.length > 0 ? Math.min(...finite) : 0;
  const hi = finite.length > 0 ? Math.max(...finite) : 1;
  const pad = hi > lo ? 0 : Math.max(Math.abs(lo) * 0.05, 0.05);
  const y = scaleLinear()
    .domain([lo - pad, hi + pad])
    .range([y0, y1])
    .nice(5);
  const xOf = xScale(points, options.x, x0, x1);
  const out: string[] = [`<g class="panel" data-metric="${escapeXml(metric)}">`];
  out.push(
    `<text x="${px((x0 + x1) / 2)}" y="${top + 18}" text-anchor="middle" font-weight="bold">${escapeXml(metric)}</text>`,
  );
  if (options.x && options.region) {
    const edge = Math.min(Math.max(xOf(options.region.below), x0), x1);
    if (edge > x0)
      out.push(
        `<rect x="${px(x0)}" y="${px(y1)}" width="${px(edge - x0)}" height="${px(y0 - y1)}" fill="#f4d6d6" opacity="0.6"/>`,
        `<text x="${px(x0 + 3)}" y="${px(y1 + 11)}" fill="#8a1c1c" font-size="9">${escapeXml(options.region.text)}</text>`,
      );
  }
  for (const tick of y.ticks(5)) {
    const ty = px(y(tick));
    out.push(
      `<line x1="${x0}" x2="${x1}" y1="${ty}" y2="${ty}" stroke="#e4e4e4"/>`,
      `<text x="${x0 - 5}" y="${ty + 3.5}" text-anchor="end" fill="#444">${escapeXml(y.tickFormat(5)(tick))}</text>`,
    );
  }
  out.push(
    `<line x1="${x0}" x2="${x0}" y1="${y0}" y2="${y1}" stroke="#888"/>`,
    `<line x1="${x0}" x2="${x1}" y1="${y0}" y2="${y0}" stroke="#888"/>`,
  );
  for (const p of points) {
    const tx = px(xOf(p.x));
    const label = options.x ? (sweptTexts(plan, p.run)[0] ?? '') : (plan.runs[p.run]?.label ?? '');
    out.push(`<line x1="${tx}" x2="${tx}" y1="${y0}" y2="${y0 + 4}" stroke="#888"/>`);
    out.push(
      options.x
        ? `<text x="${tx}" y="${y0 + 15}" text-anchor="middle" fill="#444">${escapeXml(label)}</text>`
        : `<text transform="translate(${tx},${y0 + 10}) rotate(-35)" text-anchor="end" fill="#444">${escapeXml(label)}</text>`,
    );
  }
  if (options.x)
    out.push(
      `<text x="${px((x0 + x1) / 2)}" y="${y0 + 31}" text-anchor="middle" fill="#222">${escapeXml(options.x.field)}${options.x.log ? ' (log scale)' : ''}</text>`,
    );
  const defined = (p: Point) => Number.isFinite(p.mean) && Number.isFinite(p.min) && Number.isFinite(p.max);
  const sorted = [...points].sort((a, b) => a.x - b.x);
  if (options.x) {
    // over a numeric x the runs are one curve; over labels each run stands alone (bars, no joining line)
    const band = area<Point>()
      .defined(defined)
      .x((p) => xOf(p.x))
      .y0((p) => y(p.min))
      .y1((p) => y(p.max))(sorted);
    const mean = line<Point>()
      .defined(defined)
      .x((p) => xOf(p.x))
      .y((p) => y(p.mean))(sorted);
    if (band) out.push(`<path d="${band}" fill="${INK}" fill-opacity="0.18" stroke="none"/>`);
    if (mean) out.push(`<path d="${mean}" fill="none" stroke="${INK}" stroke-width="2"/>`);
  } else {
    for (const p of sorted.filter(defined))
      out.push(
        `<line x1="${px(xOf(p.x))}" x2="${px(xOf(p.x))}" y1="${px(y(p.min))}" y2="${px(y(p.max))}" stroke="${INK}" stroke-opacity="0.35" stroke-width="8"/>`,
      );
  }
  for (const p of points) {
    const cx = px(xOf(p.x));
    for (const value of p.seeds.filter(Number.isFinite))
      out.push(`<circle cx="${cx}" cy="${px(y(value))}" r="1.8" fill="#777"/>`);
    if (Number.isFinite(p.start))
      out.push(
        `<circle cx="${cx}" cy="${px(y(p.start))}" r="4" fill="none" stroke="#b35c00" stroke-width="1.5"/>`,
      );
    if (Number.isFinite(p.mean)) out.push(`<circle cx="${cx}" cy="${px(y(p.mean))}" r="3.2" fill="${INK}"/>`);
  }
  out.push('</g>');
  return out.join('\n');
}

/** x in pixels: log or linear over the runs' values (a little room at the ends), or one slot per run. */
function xScale(points: readonly Point[], axis: SweepAxis, x0: number, x1: number): (x: number) => number {
  const inset = 14;
  if (!axis) {
    const slots = scalePoint<number>()
      .domain(points.map((p) => p.run))
      .range([x0 + inset, x1 - inset]);
    return (run) => slots(run) ?? x0;
  }
  const xs = points.map((p) => p.x);
  const lo = Math.min(...xs);
  const hi = Math.max(...xs);
  const scale: ScaleLinear<number, number> | ScaleLogarithmic<number, number> = axis.log
    ? scaleLog().domain(lo === hi ? [lo / 2, hi * 2] : [lo, hi])
    : scaleLinear().domain(lo === hi ? [lo - 1, hi + 1] : [lo, hi]);
  scale.range([x0 + inset, x1 - inset]);
  return (x) => scale(x);
}
