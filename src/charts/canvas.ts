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
