import { describe, expect, it } from 'vitest';
import {
  blendSprite,
  type MarkerSprite,
  type PixelBuffer,
  visibleSpans,
} from '../../../src/charts/hypersphere/markerSprites';

/** A size x size sprite of one colour whose alpha per pixel is `alphas` (row by row). */
function sprite(
  size: number,
  rgb: readonly [number, number, number],
  alphas: readonly number[],
): MarkerSprite {
  const pixels = new Uint8ClampedArray(4 * size * size);
  for (const [i, alpha] of alphas.entries()) pixels.set([...rgb, alpha], 4 * i);
  return { pixels, size, half: size / 2, spans: visibleSpans(pixels, size) };
}

function buffer(width: number, height: number, fill?: readonly number[]): PixelBuffer {
  const data = new Uint8ClampedArray(4 * width * height);
  if (fill) for (let i = 0; i < width * height; i++) data.set(fill, 4 * i);
  return { data, width, height };
}

function pixel(target: PixelBuffer, x: number, y: number): number[] {
  const at = 4 * (y * target.width + x);
  return Array.from(target.data.subarray(at, at + 4));
}

describe('marker sprites', () => {
  it('finds the runs of visible pixels row by row', () => {
    // . X X .
    // . . . .
    // X . . X
    const spans = visibleSpans(sprite(4, [0, 0, 0], [0, 9, 9, 0, 0, 0, 0, 0, 9, 0, 0, 9]).pixels, 4);
    expect(Array.from(spans)).toEqual([0, 1, 3, 2, 0, 1, 2, 3, 4]);
  });

  it('stamps onto transparent pixels as the marker itself, at the given opacity', () => {
    const target = buffer(3, 3);
    blendSprite(target, sprite(1, [200, 100, 50], [255]), 1, 1, 0.5);
    expect(pixel(target, 1, 1)).toEqual([200, 100, 50, 128]);
    expect(pixel(target, 0, 0)).toEqual([0, 0, 0, 0]);
  });

  it('blends over what is below as source-over does', () => {
    const target = buffer(1, 1, [255, 255, 255, 255]);
    blendSprite(target, sprite(1, [255, 0, 0], [255]), 0, 0, 0.5);
    expect(pixel(target, 0, 0)).toEqual([255, 128, 128, 255]);
    // two half-transparent stamps on nothing: alpha 0.5 + 0.5 (1 - 0.5) = 0.75 (191.5, rounded to even); colour
    // weighted 0.5 : 0.25
    const layered = buffer(1, 1);
    blendSprite(layered, sprite(1, [0, 0, 255], [255]), 0, 0, 0.5);
    blendSprite(layered, sprite(1, [255, 0, 0], [255]), 0, 0, 0.5);
    expect(pixel(layered, 0, 0)).toEqual([170, 0, 85, 192]);
  });

  it('leaves pixels alone where the marker is transparent', () => {
    const target = buffer(2, 1, [10, 20, 30, 40]);
    blendSprite(target, sprite(2, [255, 255, 255], [0, 255, 0, 0]), 0, 0, 1);
    expect(pixel(target, 0, 0)).toEqual([10, 20, 30, 40]);
    expect(pixel(target, 1, 0)).toEqual([255, 255, 255, 255]);
  });

  it('clips at every edge without wrapping onto the next row', () => {
    const solid = sprite(3, [255, 255, 255], new Array(9).fill(255));
    for (const [left, top] of [
      [-2, -2],
      [2, 2],
      [-2, 2],
      [2, -2],
    ] as const) {
      const target = buffer(3, 3);
      blendSprite(target, solid, left, top, 1);
      const painted = [];
      for (let y = 0; y < 3; y++)
        for (let x = 0; x < 3; x++) if (pixel(target, x, y)[3]) painted.push([x, y]);
      // only the one pixel the 3 x 3 sprite shares with the 3 x 3 target
      expect(painted).toEqual([[left < 0 ? 0 : 2, top < 0 ? 0 : 2]]);
    }
  });
});
