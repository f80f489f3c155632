// The drawing surface every canvas chart paints on: the part of the canvas 2D API the charts use. A real canvas
// context is one; an SvgContext (svgContext.ts) is the other, which records the same calls as SVG elements, so a
// chart's export is its own draw function run a second time, never a second copy of it.

/** What a chart's draw functions call: a CanvasRenderingContext2D, or an SvgContext for a vector export. */
export type Draw2D = Pick<
  CanvasRenderingContext2D,
  | 'fillStyle'
  | 'strokeStyle'
  | 'lineWidth'
  | 'lineJoin'
  | 'lineCap'
  | 'globalAlpha'
  | 'font'
  | 'textAlign'
  | 'textBaseline'
  | 'imageSmoothingEnabled'
  | 'save'
  | 'restore'
  | 'beginPath'
  | 'moveTo'
  | 'lineTo'
  | 'arc'
  | 'rect'
  | 'closePath'
  | 'fill'
  | 'stroke'
  | 'clip'
  | 'fillRect'
  | 'strokeRect'
  | 'fillText'
  | 'measureText'
  | 'setLineDash'
  | 'translate'
  | 'rotate'
  | 'scale'
  | 'drawImage'
>;

/** Paints a chart (or one of its panels) onto a surface, in CSS pixels from the surface's top-left corner. */
export type Painter = (context: Draw2D) => void;
