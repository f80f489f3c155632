// A chart as a picture for a slide: its title, the temperature and step, then the panel's drawings and its
// legend and caption text where they sit on the page, as one SVG tree (pure: the page's part, collecting the
// blocks, is chartFigure.ts). Text is wrapped again here into the same width, with the page's fonts, and a block
// whose text comes out taller pushes the blocks under it down, so nothing overlaps whatever the fonts.

import { formatCount } from '../../charts/axes';
import { MARK_COLOURS } from '../../charts/palette';
import { type SvgChild, type SvgElement, svgElement } from '../../charts/svgNode';

/** A font as the page computed it. */
export interface FontSpec {
  readonly size: number;
  readonly weight: string;
  readonly style: string;
  readonly family: string;
}

/** One piece of a legend or caption: text, a colour key (a legend's swatch), a gap (a margin), or a break. */
export type Run =
  | { readonly kind: 'text'; readonly text: string; readonly font: FontSpec; readonly colour: string }
  | {
      readonly kind: 'key';
      readonly width: number;
      readonly height: number;
      readonly fill: string | null;
      /** colour stops of a left-to-right gradient fill (a colour scale), or null */
      readonly gradient: readonly string[] | null;
      readonly stroke: string | null;
      readonly strokeWidth: number;
      readonly round: boolean;
      readonly opacity: number;
    }
  /**
   * space between items: a margin between legend items, where the line may break as at a space, or within one
   * item (a key's own margin, a flex gap), where it may not
   */
  | { readonly kind: 'gap'; readonly width: number; readonly breakable: boolean }
  | { readonly kind: 'break' };

/** Where a block sat in the chart's panel, CSS pixels from the panel body's top-left corner. */
export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** A paragraph of the panel (legend, caption, a panel title): its runs, wrapped again into its width. */
export interface TextBlock extends Box {
  readonly kind: 'text';
  readonly runs: readonly Run[];
  /** the paragraph's CSS line height, px */
  readonly lineHeight: number;
}

/** A drawing of the panel (a canvas replayed as vectors, or an SVG layer), clipped to its box. */
export interface DrawingBlock extends Box {
  readonly kind: 'drawing';
  readonly content: SvgChild;
  /** it embeds a raster image (a heatmap's cells, a dense scatter) */
  readonly raster: boolean;
}

export type Block = TextBlock | DrawingBlock;

/** What the picture shows: the chart's title, the snapshot's temperature and step, and its blocks. */
export interface FigureSpec {
  readonly title: string;
  /** the temperature of the snapshot shown, null before the first */
  readonly tau: number | null;
  readonly step: number | null;
  /** the panel body's width, CSS pixels */
  readonly width: number;
  readonly blocks: readonly Block[];
}

/** The width of `text` in the CSS font `font`, CSS pixels. */
export type Measure = (text: string, font: string) => number;

/** The picture: its root `svg` element and size in CSS pixels. */
export interface Figure {
  readonly root: SvgElement;
  readonly width: number;
  readonly height: number;
}

const PAD = 16;
const TITLE_FONT: FontSpec = { size: 16, weight: '600', style: 'normal', family: 'system-ui, sans-serif' };
const META_FONT: FontSpec = { size: 12, weight: 'normal', style: 'normal', family: 'system-ui, sans-serif' };
const NOTE_FONT: FontSpec = { size: 11, weight: 'normal', style: 'italic', family: 'system-ui, sans-serif' };
/** Top of the panel's blocks, under the title and the temperature line. */
const BODY_TOP = PAD + 46;
/** What the file says where part of it is a raster image (in its <desc> and under the picture). */
export const RASTER_NOTE =
  'Part of this chart is an embedded raster image (a heatmap’s cells or a dense scatter’s points); its text, axes and other marks are vectors.';

/** The CSS `font` shorthand of a font. */
export function cssFont(font: FontSpec): string {
  return `${font.style} ${font.weight} ${font.size}px ${font.family}`;
}

/** The line under the title: the temperature and the training step of the snapshot the chart shows. */
export function figureMeta(tau: number | null, step: number | null): string {
  const parts = [
    tau === null || !Number.isFinite(tau) ? null : `τ = ${String(Number(tau.toPrecision(3)))}`,
    step === null ? null : `step ${formatCount(step)}`,
    'InfoNCE Lab',
  ];
  return parts.filter((part) => part !== null).join(' · ');
}

/** One laid-out line: its items at x offsets from the block's left edge, and its height. */
export interface Line {
  readonly items: readonly { readonly x: number; readonly width: number; readonly run: Run }[];
  readonly height: number;
}

/**
 * Breaks runs into lines at most `width` wide, greedily, only where the page could: at spaces and breakable gaps
 * (a word made of several runs, "R^" and "3", or a key and its label, stays whole; a word longer than the line
 * gets a line of its own). Whitespace collapses as HTML's does; a break run ends a line.
 */
export function wrapRuns(runs: readonly Run[], width: number, lineHeight: number, measure: Measure): Line[] {
  type Item = { x: number; width: number; run: Run };
  const lines: Line[] = [];
  let items: Item[] = [];
  let x = 0;
  /** the space before the next word: a space of a text's font, or a gap; at most one, the widest */
  let pending: { width: number; run: Run } | null = null;
  let word: { width: number; run: Run }[] = [];
  const end = () => {
    const height = Math.max(lineHeight, ...items.map(({ run }) => runHeight(run)));
    if (items.length > 0 || lines.length === 0) lines.push({ items, height });
    items = [];
    x = 0;
    pending = null;
  };
  const placeWord = () => {
    if (word.length === 0) return;
    const wordWidth = word.reduce((sum, piece) => sum + piece.width, 0);
    if (items.length > 0 && pending && x + pending.width + wordWidth > width) end();
    if (items.length > 0 && pending) {
      items.push({ x, width: pending.width, run: pending.run });
      x += pending.width;
    }
    pending = null;
    for (const piece of word) {
      items.push({ x, width: piece.width, run: piece.run });
      x += piece.width;
    }
    word = [];
  };
  const space = (gap: { width: number; run: Run }) => {
    placeWord();
    if (!pending || gap.width > pending.width) pending = gap;
  };
  for (const run of runs) {
    if (run.kind === 'break') {
      placeWord();
      end();
    } else if (run.kind === 'gap' && run.breakable) space({ width: run.width, run });
    else if (run.kind !== 'text')
      word.push({ width: run.width, run }); // a key stays with the word it touches
    else {
      for (const token of run.text.split(/(\s+)/)) {
        if (token === '') continue;
        if (/^\s+$/.test(token))
          space({ width: measure(' ', cssFont(run.font)), run: { ...run, text: ' ' } });
        else word.push({ width: measure(token, cssFont(run.font)), run: { ...run, text: token } });
      }
    }
  }
  placeWord();
  end();
  return lines;
}

function runHeight(run: Run): number {
  if (run.kind === 'text') return run.font.size * 1.3;
  if (run.kind === 'key') return run.height + 2;
  return 0;
}

/** The picture of a chart: header, blocks (pushed down where text wraps taller), and the raster note. */
export function figureSvg(spec: FigureSpec, measure: Measure): Figure {
  const laidOut = spec.blocks.map((block) => {
    if (block.kind === 'drawing') return { block, lines: null, height: block.height };
    const lines = wrapRuns(block.runs, block.width, block.lineHeight, measure);
    return { block, lines, height: lines.reduce((sum, line) => sum + line.height, 0) };
  });
  const shifts = pushDown(laidOut.map(({ block, height }) => ({ ...boxOf(block), grown: height })));
  const body: SvgChild[] = [];
  let bottom = 0;
  let gradients = 0;
  laidOut.forEach(({ block, lines, height }, i) => {
    const x = PAD + block.x;
    const y = BODY_TOP + block.y + (shifts[i] ?? 0);
    bottom = Math.max(bottom, y + height);
    if (lines) body.push(textBlock(lines, x, y, () => `key-gradient-${++gradients}`));
    else if (block.kind === 'drawing')
      body.push(svgElement('svg', { x, y, width: block.width, height: block.height }, [block.content]));
  });
  const raster = spec.blocks.some((block) => block.kind === 'drawing' && block.raster);
  const width = Math.ceil(spec.width + 2 * PAD);
  const noteLines = raster ? wrapRuns([noteRun(RASTER_NOTE)], spec.width, 14, measure) : [];
  const noteTop = Math.max(bottom, BODY_TOP) + 8;
  const height = Math.ceil(noteTop + noteLines.reduce((sum, line) => sum + line.height, 0) + PAD);
  const header = [
    textLine(spec.title, TITLE_FONT, MARK_COLOURS.text, PAD, PAD + 16),
    textLine(figureMeta(spec.tau, spec.step), META_FONT, MARK_COLOURS.axis, PAD, PAD + 36),
  ];
  const description = `${spec.title}, ${figureMeta(spec.tau, spec.step)}.${raster ? ` ${RASTER_NOTE}` : ''}`;
  const root = svgElement(
    'svg',
    { width, height, viewBox: `0 0 ${width} ${height}`, 'font-family': 'system-ui, sans-serif' },
    [
      svgElement('title', {}, [spec.title]),
      svgElement('desc', {}, [description]),
      svgElement('rect', { x: 0, y: 0, width, height, fill: '#ffffff' }),
      ...header,
      ...body,
      ...(noteLines.length > 0 ? [textBlock(noteLines, PAD, noteTop, () => 'unused')] : []),
    ],
  );
  return { root, width, height };
}

function boxOf(block: Block): Box {
  return { x: block.x, y: block.y, width: block.width, height: block.height };
}

/**
 * How far each block moves down: as far as the furthest-moved block that ended above it on the page, plus what
 * that one grew by (its text wrapped into more lines than on the page). Blocks never move up.
 */
export function pushDown(boxes: readonly (Box & { readonly grown: number })[]): number[] {
  const shifts = boxes.map(() => 0);
  const order = boxes.map((_, i) => i).sort((a, b) => (boxes[a]?.y ?? 0) - (boxes[b]?.y ?? 0));
  order.forEach((i, k) => {
    const box = boxes[i] as Box;
    for (const j of order.slice(0, k)) {
      const above = boxes[j] as Box & { grown: number };
      if (above.y + above.height > box.y + 0.5) continue; // beside it, not above
      const growth = Math.max(0, above.grown - above.height);
      shifts[i] = Math.max(shifts[i] as number, (shifts[j] as number) + growth);
    }
  });
  return shifts;
}

function noteRun(text: string): Run {
  return { kind: 'text', text, font: NOTE_FONT, colour: MARK_COLOURS.axis };
}

function fontAttributes(font: FontSpec, colour: string) {
  return {
    fill: colour,
    'font-family': font.family,
    'font-size': font.size,
    'font-weight': font.weight === 'normal' || font.weight === '400' ? null : font.weight,
    'font-style': font.style === 'normal' ? null : font.style,
  };
}

function textLine(text: string, font: FontSpec, colour: string, x: number, y: number): SvgElement {
  return svgElement('text', { x, y, ...fontAttributes(font, colour) }, [text]);
}

/**
 * Lines as text elements (one a line; a tspan for each stretch of one font and colour, placed where it was
 * measured, so that a reader with other fonts drifts within a stretch at most) and the keys as shapes.
 */
function textBlock(lines: readonly Line[], left: number, top: number, newId: () => string): SvgElement {
  const children: SvgChild[] = [];
  let y = top;
  for (const line of lines) {
    const middle = y + line.height / 2;
    const spans: SvgChild[] = [];
    let stretch: { x: number; run: Extract<Run, { kind: 'text' }>; text: string } | null = null;
    const flush = () => {
      const text = stretch?.text.trimEnd();
      if (stretch && text)
        spans.push(
          svgElement(
            'tspan',
            { x: left + stretch.x, ...fontAttributes(stretch.run.font, stretch.run.colour) },
            [text],
          ),
        );
      stretch = null;
    };
    for (const { x, run } of line.items) {
      if (run.kind === 'text') {
        if (stretch && sameStyle(stretch.run, run)) stretch.text += run.text;
        else {
          flush();
          if (run.text !== ' ') stretch = { x, run, text: run.text };
        }
      } else {
        flush();
        if (run.kind === 'key') children.push(...keyElements(run, left + x, middle, newId));
      }
    }
    flush();
    const size = Math.max(0, ...line.items.map(({ run }) => (run.kind === 'text' ? run.font.size : 0)));
    if (spans.length > 0) children.push(svgElement('text', { y: middle + 0.35 * size }, spans));
    y += line.height;
  }
  return svgElement('g', {}, children);
}

/** A colour key as a shape (a gradient key with its gradient beside it, which SVG draws only where used). */
function keyElements(
  key: Extract<Run, { kind: 'key' }>,
  x: number,
  middle: number,
  newId: () => string,
): SvgElement[] {
  const radius = key.round ? Math.min(key.width, key.height) / 2 : 0;
  const id = key.gradient && key.gradient.length > 1 ? newId() : null;
  const stops = key.gradient ?? [];
  const gradient = id
    ? [
        svgElement(
          'linearGradient',
          { id, x1: 0, x2: 1, y1: 0, y2: 0 },
          stops.map((colour, i) =>
            svgElement('stop', { offset: String(i / (stops.length - 1)), 'stop-color': colour }),
          ),
        ),
      ]
    : [];
  const shape = svgElement('rect', {
    x,
    y: middle - key.height / 2,
    width: key.width,
    height: key.height,
    rx: radius > 0 ? radius : null,
    fill: id ? `url(#${id})` : (key.fill ?? 'none'),
    stroke: key.stroke,
    'stroke-width': key.stroke ? key.strokeWidth : null,
    opacity: key.opacity < 1 ? key.opacity : null,
  });
  return [...gradient, shape];
}

function sameStyle(a: Extract<Run, { kind: 'text' }>, b: Extract<Run, { kind: 'text' }>): boolean {
  return a.colour === b.colour && cssFont(a.font) === cssFont(b.font);
}
