// A canvas-like drawing surface that records what a chart draws as SVG elements (svgNode.ts): paths, rectangles,
// text, clips and embedded images, with the state a canvas keeps (styles, dash, alpha, transform) and save/restore.
// Only the calls the charts make (Draw2D) are supported. Pure: it runs in Node, where the chart tests read it.

import type { Draw2D } from './draw2d';
import { type SvgAttribute, type SvgElement, svgElement, svgNumber } from './svgNode';

/** What the context needs from its host: text widths, and a raster's pixels as a data URL. */
export interface SvgContextOptions {
  /** width of `text` in CSS pixels in the CSS `font`; default: an estimate from the font size */
  readonly measure?: (text: string, font: string) => number;
  /** a drawn image as a `data:` URL, or null when it cannot be read (then the image is left out) */
  readonly encodeImage?: (image: CanvasImageSource) => string | null;
  /** prefix of the clip paths' ids, unique within the file the drawing goes into */
  readonly idPrefix?: string;
}

/** A 2-D affine transform [a, b, c, d, e, f], as the canvas and SVG both write it. */
type Matrix = readonly [number, number, number, number, number, number];
const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];

interface State {
  fillStyle: string;
  strokeStyle: string;
  lineWidth: number;
  lineJoin: CanvasLineJoin;
  lineCap: CanvasLineCap;
  globalAlpha: number;
  font: string;
  textAlign: CanvasTextAlign;
  textBaseline: CanvasTextBaseline;
  imageSmoothingEnabled: boolean;
  dash: readonly number[];
  transform: Matrix;
  /** where drawn elements go: the root, or the group of the innermost clip */
  target: SvgElement;
}

/** Vertical shift of a text's alphabetic baseline from where canvas's textBaseline puts the given y, in em. */
const BASELINE_SHIFT: Readonly<Record<CanvasTextBaseline, number>> = {
  top: 0.8,
  hanging: 0.8,
  middle: 0.32,
  alphabetic: 0,
  ideographic: -0.2,
  bottom: -0.22,
};
const TEXT_ANCHOR: Readonly<Record<CanvasTextAlign, string>> = {
  left: 'start',
  start: 'start',
  center: 'middle',
  right: 'end',
  end: 'end',
};

/** The CSS `font` shorthand the charts set (`[style] [weight] <size>px <family>`), split into SVG attributes. */
export function fontAttributes(font: string): {
  size: number;
  weight: string;
  style: string;
  family: string;
} {
  const match =
    /^\s*(?:(italic|oblique|normal)\s+)?(?:(bold|bolder|lighter|normal|\d{3})\s+)?([\d.]+)px\s+(.+)$/.exec(
      font,
    );
  if (!match) return { size: 10, weight: 'normal', style: 'normal', family: 'sans-serif' };
  return {
    style: match[1] ?? 'normal',
    weight: match[2] ?? 'normal',
    size: Number(match[3]),
    family: (match[4] as string).trim(),
  };
}

/** Estimated text width where nothing measures: about 0.55 em a character (the sans-serifs of the charts). */
export function estimateTextWidth(text: string, font: string): number {
  return text.length * fontAttributes(font).size * 0.55;
}

/** Records Draw2D calls as SVG; `root()` is the drawing, `images` how many rasters it embeds. */
export class SvgContext implements Draw2D {
  private readonly group = svgElement('g');
  private readonly defs = svgElement('defs');
  private state: State;
  private readonly saved: State[] = [];
  private path: string[] = [];
  /** start of the current subpath and its current point, for closePath and arc's joining line */
  private start: [number, number] | null = null;
  private current: [number, number] | null = null;
  private clips = 0;
  /** rasters embedded (`drawImage`): a cell image or a dense scatter, which the export's notes name */
  images = 0;
  private readonly measure: (text: string, font: string) => number;
  private readonly encodeImage: (image: CanvasImageSource) => string | null;
  private readonly idPrefix: string;

  constructor(options: SvgContextOptions = {}) {
    this.measure = options.measure ?? estimateTextWidth;
    this.encodeImage = options.encodeImage ?? (() => null);
    this.idPrefix = options.idPrefix ?? 'clip';
    this.state = {
      fillStyle: '#000000',
      strokeStyle: '#000000',
      lineWidth: 1,
      lineJoin: 'miter',
      lineCap: 'butt',
      globalAlpha: 1,
      font: '10px sans-serif',
      textAlign: 'start',
      textBaseline: 'alphabetic',
      imageSmoothingEnabled: true,
      dash: [],
      transform: IDENTITY,
      target: this.group,
    };
  }

  /** The drawing as one group (its clip paths in a `defs` of its own). */
  root(): SvgElement {
    return svgElement('g', {}, [...(this.defs.children.length > 0 ? [this.defs] : []), this.group]);
  }

  get fillStyle(): string {
    return this.state.fillStyle;
  }
  set fillStyle(value: string | CanvasGradient | CanvasPattern) {
    if (typeof value === 'string') this.state.fillStyle = value;
  }
  get strokeStyle(): string {
    return this.state.strokeStyle;
  }
  set strokeStyle(value: string | CanvasGradient | CanvasPattern) {
    if (typeof value === 'string') this.state.strokeStyle = value;
  }
  get lineWidth(): number {
    return this.state.lineWidth;
  }
  set lineWidth(value: number) {
    if (value > 0 && Number.isFinite(value)) this.state.lineWidth = value;
  }
  get lineJoin(): CanvasLineJoin {
    return this.state.lineJoin;
  }
  set lineJoin(value: CanvasLineJoin) {
    this.state.lineJoin = value;
  }
  get lineCap(): CanvasLineCap {
    return this.state.lineCap;
  }
  set lineCap(value: CanvasLineCap) {
    this.state.lineCap = value;
  }
  get globalAlpha(): number {
    return this.state.globalAlpha;
  }
  set globalAlpha(value: number) {
    if (value >= 0 && value <= 1) this.state.globalAlpha = value;
  }
  get font(): string {
    return this.state.font;
  }
  set font(value: string) {
    this.state.font = value;
  }
  get textAlign(): CanvasTextAlign {
    return this.state.textAlign;
  }
  set textAlign(value: CanvasTextAlign) {
    this.state.textAlign = value;
  }
  get textBaseline(): CanvasTextBaseline {
    return this.state.textBaseline;
  }
  set textBaseline(value: CanvasTextBaseline) {
    this.state.textBaseline = value;
  }
  get imageSmoothingEnabled(): boolean {
    return this.state.imageSmoothingEnabled;
  }
  set imageSmoothingEnabled(value: boolean) {
    this.state.imageSmoothingEnabled = value;
  }

  save(): void {
    this.saved.push({ ...this.state });
  }
  restore(): void {
    const previous = this.saved.pop();
    if (previous) this.state = previous;
  }

  setLineDash(segments: Iterable<number>): void {
    const dash = [...segments];
    this.state.dash = dash.every((v) => v >= 0 && Number.isFinite(v)) ? dash : this.state.dash;
  }

  translate(x: number, y: number): void {
    this.transform([1, 0, 0, 1, x, y]);
  }
  rotate(angle: number): void {
    const cos = Math.cos(angle);
    const sin = Math.sin(angle);
    this.transform([cos, sin, -sin, cos, 0, 0]);
  }
  scale(x: number, y: number): void {
    this.transform([x, 0, 0, y, 0, 0]);
  }

  beginPath(): void {
    this.path = [];
    this.start = null;
    this.current = null;
  }
  moveTo(x: number, y: number): void {
    this.path.push(`M${svgNumber(x)} ${svgNumber(y)}`);
    this.start = [x, y];
    this.current = [x, y];
  }
  lineTo(x: number, y: number): void {
    if (!this.current) {
      this.moveTo(x, y);
      return;
    }
    this.path.push(`L${svgNumber(x)} ${svgNumber(y)}`);
    this.current = [x, y];
  }
  closePath(): void {
    if (!this.start) return;
    this.path.push('Z');
    this.current = this.start;
  }
  rect(x: number, y: number, width: number, height: number): void {
    this.path.push(
      `M${svgNumber(x)} ${svgNumber(y)}h${svgNumber(width)}v${svgNumber(height)}h${svgNumber(-width)}Z`,
    );
    this.start = [x, y];
    this.current = [x, y];
  }

  /** A canvas arc: joined to the current point by a line, as the canvas does; a full turn as two half arcs. */
  arc(x: number, y: number, radius: number, from: number, to: number, counterclockwise = false): void {
    if (!(radius >= 0)) return;
    const at = (angle: number): [number, number] => [
      x + radius * Math.cos(angle),
      y + radius * Math.sin(angle),
    ];
    let sweep = counterclockwise ? from - to : to - from;
    const full = sweep >= 2 * Math.PI - 1e-9;
    if (!full) sweep = ((sweep % (2 * Math.PI)) + 2 * Math.PI) % (2 * Math.PI);
    const [x0, y0] = at(from);
    if (!this.current) this.moveTo(x0, y0);
    else if (Math.hypot(x0 - this.current[0], y0 - this.current[1]) > 1e-6) this.lineTo(x0, y0);
    if (radius === 0) return;
    const flag = counterclockwise ? 0 : 1;
    const r = svgNumber(radius);
    const arcTo = (angle: number, large: number) => {
      const [px, py] = at(angle);
      this.path.push(`A${r} ${r} 0 ${large} ${flag} ${svgNumber(px)} ${svgNumber(py)}`);
      this.current = [px, py];
    };
    const direction = counterclockwise ? -1 : 1;
    if (full) {
      arcTo(from + direction * Math.PI, 0);
      arcTo(from, 0);
    } else if (sweep > 0) {
      arcTo(from + direction * sweep, sweep > Math.PI ? 1 : 0);
    }
  }

  fill(): void {
    if (this.path.length === 0) return;
    this.draw(svgElement('path', { d: this.path.join(''), fill: this.state.fillStyle }));
  }
  stroke(): void {
    if (this.path.length === 0) return;
    this.draw(svgElement('path', { d: this.path.join(''), fill: 'none', ...this.strokeAttributes() }));
  }

  /** Later drawing is clipped to the current path, until the matching restore. */
  clip(): void {
    const id = `${this.idPrefix}-${++this.clips}`;
    const shape = svgElement('path', {
      d: this.path.join('') || 'M0 0',
      transform: this.transformAttribute(),
    });
    this.defs.children.push(svgElement('clipPath', { id }, [shape]));
    const group = svgElement('g', { 'clip-path': `url(#${id})` });
    this.state.target.children.push(group);
    this.state.target = group;
  }

  fillRect(x: number, y: number, width: number, height: number): void {
    this.draw(svgElement('rect', { ...box(x, y, width, height), fill: this.state.fillStyle }));
  }
  strokeRect(x: number, y: number, width: number, height: number): void {
    this.draw(svgElement('rect', { ...box(x, y, width, height), fill: 'none', ...this.strokeAttributes() }));
  }

  fillText(text: string, x: number, y: number): void {
    const font = fontAttributes(this.state.font);
    const shift = BASELINE_SHIFT[this.state.textBaseline] ?? 0;
    this.draw(
      svgElement(
        'text',
        {
          x,
          y: y + shift * font.size,
          fill: this.state.fillStyle,
          'font-family': font.family,
          'font-size': font.size,
          'font-weight': font.weight === 'normal' ? null : font.weight,
          'font-style': font.style === 'normal' ? null : font.style,
          'text-anchor':
            TEXT_ANCHOR[this.state.textAlign] === 'start' ? null : TEXT_ANCHOR[this.state.textAlign],
        },
        [text],
      ),
    );
  }

  measureText(text: string): TextMetrics {
    return { width: this.measure(text, this.state.font) } as TextMetrics;
  }

  /** Embeds the image (a raster by nature: a heatmap's cells, a dense scatter) as a PNG data URL. */
  drawImage(image: CanvasImageSource, ...args: number[]): void {
    const href = this.encodeImage(image);
    if (!href) return;
    const size = imageSize(image);
    const [x, y, width, height] =
      args.length >= 8
        ? [args[4], args[5], args[6], args[7]]
        : args.length >= 4
          ? args
          : [args[0], args[1], size.width, size.height];
    this.images += 1;
    this.draw(
      svgElement('image', {
        ...box(x ?? 0, y ?? 0, width ?? 0, height ?? 0),
        href,
        preserveAspectRatio: 'none',
        // the cells stay sharp squares when the picture is scaled, as on the canvas without smoothing
        style: this.state.imageSmoothingEnabled ? null : 'image-rendering:pixelated',
      }),
    );
  }

  private draw(element: SvgElement): void {
    const attributes = element.attributes;
    if (this.state.globalAlpha < 1) attributes.opacity = this.state.globalAlpha;
    attributes.transform = this.transformAttribute();
    this.state.target.children.push(element);
  }

  private strokeAttributes(): Record<string, SvgAttribute> {
    const { strokeStyle, lineWidth, lineJoin, lineCap, dash } = this.state;
    return {
      stroke: strokeStyle,
      'stroke-width': lineWidth,
      'stroke-linejoin': lineJoin === 'miter' ? null : lineJoin,
      'stroke-linecap': lineCap === 'butt' ? null : lineCap,
      'stroke-dasharray': dash.length > 0 ? dash.map(svgNumber).join(' ') : null,
    };
  }

  private transform(by: Matrix): void {
    const [a, b, c, d, e, f] = this.state.transform;
    const [a2, b2, c2, d2, e2, f2] = by;
    this.state.transform = [
      a * a2 + c * b2,
      b * a2 + d * b2,
      a * c2 + c * d2,
      b * c2 + d * d2,
      a * e2 + c * f2 + e,
      b * e2 + d * f2 + f,
    ];
  }

  /** The current transform, applied to what is drawn now (the charts never change it within a path). */
  private transformAttribute(): string | null {
    const m = this.state.transform;
    if (m.every((v, i) => Math.abs(v - (IDENTITY[i] as number)) < 1e-12)) return null;
    return `matrix(${m.map((v) => String(Math.round(v * 1e6) / 1e6)).join(' ')})`;
  }
}

function box(x: number, y: number, width: number, height: number): Record<string, number> {
  // a negative width or height (allowed on a canvas) is an SVG error: the same box from its other corner
  return {
    x: Math.min(x, x + width),
    y: Math.min(y, y + height),
    width: Math.abs(width),
    height: Math.abs(height),
  };
}

function imageSize(image: CanvasImageSource): { width: number; height: number } {
  const sized = image as { width?: unknown; height?: unknown };
  return {
    width: typeof sized.width === 'number' ? sized.width : 0,
    height: typeof sized.height === 'number' ? sized.height : 0,
  };
}

/** Whether `context` records a vector drawing (an export) rather than painting pixels. */
export function isVectorContext(context: Draw2D): context is SvgContext {
  return context instanceof SvgContext;
}
