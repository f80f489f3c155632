// A chart panel as one picture, for a slide or a handout: a standalone SVG whose marks are vectors (the canvases'
// draw functions replayed onto an SVG surface; only a heatmap's cells and a dense scatter stay raster images, as
// the file says), or that SVG rendered as a PNG at twice the screen's pixels or more. Both carry the chart's
// title, the temperature and step, its legend and its caption.

import { svgDocument } from '../../charts/svgNode';
import { collectBlocks, type PageTools, pageTools } from './chartFigure';
import { type Figure, figureSvg } from './figure';

/** The page's paper colour: exports are opaque, so they read the same on any background. */
const BACKGROUND = '#ffffff';
/** Least PNG pixels per CSS pixel: a projector or a printed page shows it sharp at twice the screen's size. */
export const MIN_PNG_SCALE = 2;

/** What the picture says about the chart beside its drawings. */
export interface ChartMeta {
  readonly title: string;
  /** the temperature of the snapshot the chart shows, null before the first */
  readonly tau: number | null;
  readonly step: number | null;
}

/** The file name of a chart export: `infonce-<chart>-step<N>.<png|svg>`, from the panel's `chart-<chart>` test id. */
export function chartFileName(testId: string, step: number, extension: 'png' | 'svg'): string {
  if (!/^[a-z0-9-]+$/.test(testId)) throw new Error(`invalid testId: ${testId}`);
  if (!Number.isInteger(step) || step < 0) throw new Error(`invalid step: ${step}`);
  return `infonce-${testId.replace(/^chart-/, '')}-step${step}.${extension}`;
}

/** The picture of the panel body `body`: its blocks read off the page, laid out under the header. */
export function chartFigure(body: HTMLElement, meta: ChartMeta, tools: PageTools = pageTools()): Figure {
  const blocks = collectBlocks(body, tools);
  return figureSvg({ ...meta, width: body.getBoundingClientRect().width, blocks }, tools.measure);
}

/** The chart as a standalone SVG document. */
export function chartSvg(body: HTMLElement, meta: ChartMeta): string {
  return svgDocument(chartFigure(body, meta).root);
}

/** Pixels per CSS pixel of a PNG export: the screen's ratio, at least MIN_PNG_SCALE. */
export function pngScale(): number {
  return Math.max(MIN_PNG_SCALE, globalThis.devicePixelRatio || 1);
}

/** The chart's SVG rendered as a PNG at `pngScale()` (the browser draws the vectors at that size). */
export async function chartPng(body: HTMLElement, meta: ChartMeta): Promise<Blob> {
  const figure = chartFigure(body, meta);
  const scale = pngScale();
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.round(figure.width * scale));
  canvas.height = Math.max(1, Math.round(figure.height * scale));
  const context = canvas.getContext('2d');
  if (!context) throw new Error('invalid canvas: no 2d context');
  context.fillStyle = BACKGROUND;
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.drawImage(await svgImage(svgDocument(figure.root)), 0, 0, canvas.width, canvas.height);
  return new Promise((resolve, reject) =>
    canvas.toBlob(
      (blob) => (blob ? resolve(blob) : reject(new Error('the PNG could not be encoded'))),
      'image/png',
    ),
  );
}

/** SVG markup loaded as an image (through a blob URL, revoked once decoded). */
async function svgImage(markup: string): Promise<HTMLImageElement> {
  const url = URL.createObjectURL(new Blob([markup], { type: 'image/svg+xml;charset=utf-8' }));
  try {
    const image = new Image();
    image.src = url;
    await image.decode();
    return image;
  } finally {
    URL.revokeObjectURL(url);
  }
}
