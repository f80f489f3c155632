// Class markers drawn once into small bitmaps, then stamped into a pixel buffer that reaches the canvas in one
// blit. As canvas paths (or as one drawImage each), the hypersphere's 2,048 display points and 256 batch points
// made its redraw the page's costliest: the browser rasterises a canvas's operations one by one, on the main
// thread, when it composites the canvas (11 ms a redraw here, against 1 to 4 ms for each other chart). Blending
// the markers' few tens of thousands of pixels in script takes well under a millisecond.

import { classColour } from '../palette';

/** The shape of a class's marker. */
export type MarkerShape = 'circle' | 'square' | 'triangle';

/** A pre-drawn marker: square RGBA pixels (not premultiplied), and where its centre lies. */
export interface MarkerSprite {
  readonly pixels: Uint8ClampedArray;
  /** width and height, device pixels */
  readonly size: number;
  /** CSS pixels from the bitmap's edge to the marker's centre */
  readonly half: number;
  /** (row, first column, end column) of each run of visible pixels: the stamp skips the transparent rest */
  readonly spans: Int16Array;
}

/** Outline colour: keeps overlapping markers apart. */
export const MARKER_OUTLINE = '#ffffff';

const sprites = new Map<string, MarkerSprite>();

/**
 * Marker of a class: classes beyond the palette's eight colours reuse them, so the shape changes with each
 * further eight (circle, square, triangle) to keep them apart.
 */
export function markerShape(label: number): MarkerShape {
  const round = Math.floor(Math.abs(label) / 8) % 3;
  return round === 0 ? 'circle' : round === 1 ? 'square' : 'triangle';
}

/**
 * Looks up class markers `size` CSS pixels in radius with a white outline `outline` pixels wide (0: none), for
 * `ratio` device pixels per CSS pixel. Each class's marker is drawn once per page; the lookup builds each
 * class's key once per call (a draw stamps thousands).
 */
export function markerSprites(size: number, outline: number, ratio: number): (label: number) => MarkerSprite {
  const byLabel = new Map<number, MarkerSprite>();
  return (label) => {
    let sprite = byLabel.get(label);
    if (!sprite) {
      const colour = classColour(label);
      const shape = markerShape(label);
      const key = `${colour} ${shape} ${size} ${outline} ${ratio}`;
      sprite = sprites.get(key);
      if (!sprite) {
        sprite = renderSprite(colour, shape, size, outline, ratio);
        sprites.set(key, sprite);
      }
      byLabel.set(label, sprite);
    }
    return sprite;
  };
}

/** Adds one marker as a closed sub-path of the current path (of a sprite's canvas, or of a vector export). */
export function tracePoint(
  context: Pick<OffscreenCanvasRenderingContext2D, 'moveTo' | 'lineTo' | 'arc' | 'rect' | 'closePath'>,
  x: number,
  y: number,
  size: number,
  shape: MarkerShape,
): void {
  if (shape === 'circle') {
    context.moveTo(x + size, y);
    context.arc(x, y, size, 0, 2 * Math.PI);
  } else if (shape === 'square') context.rect(x - size, y - size, 2 * size, 2 * size);
  else {
    context.moveTo(x, y - 1.2 * size);
    context.lineTo(x + 1.1 * size, y + 0.8 * size);
    context.lineTo(x - 1.1 * size, y + 0.8 * size);
    context.closePath();
  }
}

/**
 * A transparent layer the size of a canvas, in device pixels, that markers are stamped into ("source-over", as
 * the canvas would blend them) and that is then drawn onto the canvas at once.
 */
export class StampLayer {
  private readonly image: ImageData;
  private readonly canvas: OffscreenCanvas;
  private readonly context: OffscreenCanvasRenderingContext2D;

  constructor(
    readonly width: number,
    readonly height: number,
    readonly ratio: number,
  ) {
    this.image = new ImageData(width, height);
    this.canvas = new OffscreenCanvas(width, height);
    const context = this.canvas.getContext('2d');
    if (!context) throw new Error('invalid canvas: no 2d context for the marker layer');
    this.context = context;
  }

  /** Makes every pixel transparent again. */
  clear(): void {
    this.image.data.fill(0);
  }

  /** Blends `sprite` centred on (x, y) CSS pixels, at opacity `alpha`, its corner on a whole device pixel. */
  stamp(sprite: MarkerSprite, x: number, y: number, alpha: number): void {
    const left = Math.round((x - sprite.half) * this.ratio);
    const top = Math.round((y - sprite.half) * this.ratio);
    blendSprite(this.image, sprite, left, top, alpha);
  }

  /** Draws the layer onto `context`, whose transform maps CSS pixels to this layer's device pixels. */
  drawOnto(context: Pick<CanvasRenderingContext2D, 'drawImage'>): void {
    this.context.putImageData(this.image, 0, 0);
    context.drawImage(this.canvas, 0, 0, this.width / this.ratio, this.height / this.ratio);
  }
}

/** RGBA pixels, not premultiplied, row by row (an ImageData). */
export interface PixelBuffer {
  readonly data: Uint8ClampedArray;
  readonly width: number;
  readonly height: number;
}

/**
 * Blends `sprite`'s visible pixels over `target` with its corner at device pixel (left, top), at opacity `alpha`,
 * as the canvas's "source-over" does; what falls outside `target` is clipped.
 */
export function blendSprite(
  target: PixelBuffer,
  sprite: MarkerSprite,
  left: number,
  top: number,
  alpha: number,
): void {
  const { pixels, size, spans } = sprite;
  const { data, width, height } = target;
  for (let k = 0; k < spans.length; k += 3) {
    const row = spans[k] as number;
    const line = top + row;
    if (line < 0 || line >= height) continue;
    const fromColumn = Math.max(spans[k + 1] as number, -left);
    const toColumn = Math.min(spans[k + 2] as number, width - left);
    let from = 4 * (row * size + fromColumn);
    let to = 4 * (line * width + left + fromColumn);
    for (let column = fromColumn; column < toColumn; column++, from += 4, to += 4) {
      const over = ((pixels[from + 3] as number) * alpha) / 255;
      const under = ((data[to + 3] as number) / 255) * (1 - over);
      if (under === 0) {
        // nothing below: the marker's own colour
        data[to] = pixels[from] as number;
        data[to + 1] = pixels[from + 1] as number;
        data[to + 2] = pixels[from + 2] as number;
        data[to + 3] = 255 * over;
        continue;
      }
      const coverage = over + under;
      data[to] = ((pixels[from] as number) * over + (data[to] as number) * under) / coverage;
      data[to + 1] = ((pixels[from + 1] as number) * over + (data[to + 1] as number) * under) / coverage;
      data[to + 2] = ((pixels[from + 2] as number) * over + (data[to + 2] as number) * under) / coverage;
      data[to + 3] = 255 * coverage;
    }
  }
}

function renderSprite(
  colour: string,
  shape: MarkerShape,
  size: number,
  outline: number,
  ratio: number,
): MarkerSprite {
  // the triangle reaches 1.2 size from its centre; one pixel more for the outline's anti-aliasing
  const half = Math.ceil(1.2 * size + outline / 2 + 1);
  const pixelSize = Math.ceil(2 * half * ratio);
  const canvas = new OffscreenCanvas(pixelSize, pixelSize);
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (!context) throw new Error('invalid canvas: no 2d context for a marker');
  context.scale(ratio, ratio);
  context.fillStyle = colour;
  context.beginPath();
  tracePoint(context, half, half, size, shape);
  context.fill();
  if (outline > 0) {
    context.lineWidth = outline;
    context.strokeStyle = MARKER_OUTLINE;
    context.stroke();
  }
  const pixels = context.getImageData(0, 0, pixelSize, pixelSize).data;
  return { pixels, size: pixelSize, half, spans: visibleSpans(pixels, pixelSize) };
}

/** Runs of pixels with any alpha, row by row, as (row, first column, end column) triples. */
export function visibleSpans(pixels: Uint8ClampedArray, size: number): Int16Array {
  const spans: number[] = [];
  for (let row = 0; row < size; row++) {
    let first = -1;
    for (let column = 0; column <= size; column++) {
      const visible = column < size && (pixels[4 * (row * size + column) + 3] as number) > 0;
      if (visible && first < 0) first = column;
      else if (!visible && first >= 0) {
        spans.push(row, first, column);
        first = -1;
      }
    }
  }
  return Int16Array.from(spans);
}
