import type { Painter } from './draw2d';

/**
 * Sizes a canvas for the device's pixel ratio and returns its 2D context scaled so that drawing code works in
 * CSS pixels. Call at the start of every draw: it is cheap when nothing changed.
 */
export function prepareCanvas(
  canvas: HTMLCanvasElement,
  width: number,
  height: number,
): CanvasRenderingContext2D {
  const ratio = canvasPixelRatio();
  const pixelWidth = Math.round(width * ratio);
  const pixelHeight = Math.round(height * ratio);
  if (canvas.width !== pixelWidth || canvas.height !== pixelHeight) {
    canvas.width = pixelWidth;
    canvas.height = pixelHeight;
    canvas.style.width = `${width}px`;
    canvas.style.height = `${height}px`;
  }
  const context = canvas.getContext('2d');
  if (!context) throw new Error('invalid canvas: no 2d context');
  context.setTransform(ratio, 0, 0, ratio, 0, 0);
  context.clearRect(0, 0, width, height);
  return context;
}

/** Device pixels per CSS pixel that chart canvases are drawn at (capped at 3: finer costs time and shows nothing). */
export function canvasPixelRatio(): number {
  return Math.max(1, Math.min(3, globalThis.devicePixelRatio || 1));
}

/** What a canvas shows: the painter of its latest draw and the size it drew at, CSS pixels. */
export interface CanvasPicture {
  readonly paint: Painter;
  readonly width: number;
  readonly height: number;
}

/**
 * The latest painter of each chart canvas. Weak, keyed by the element: the picture belongs to the canvas and
 * goes with it. An export replays it on an SVG surface, so the file is what the canvas shows, drawn as vectors.
 */
const pictures = new WeakMap<HTMLCanvasElement, CanvasPicture>();

/**
 * Draws `paint` on the canvas (sized as by prepareCanvas, in CSS pixels) and keeps it as the canvas's picture,
 * which `canvasPicture` gives to the exports.
 */
export function paintCanvas(canvas: HTMLCanvasElement, width: number, height: number, paint: Painter): void {
  paint(prepareCanvas(canvas, width, height));
  pictures.set(canvas, { paint, width, height });
}

/** The picture a canvas last drew through paintCanvas, or null (a canvas not drawn that way). */
export function canvasPicture(canvas: HTMLCanvasElement): CanvasPicture | null {
  return pictures.get(canvas) ?? null;
}
