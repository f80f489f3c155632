import { useEffect, useRef } from 'react';

/**
 * Draws with `draw` on the next animation frame after every render of the calling component, coalescing many
 * renders within one frame into a single draw with the newest data: charts never draw stale snapshots, nor
 * more than once a frame. The component re-renders only when its store selection changes.
 */
export function useFrameDraw(draw: () => void): void {
  const drawRef = useRef(draw);
  drawRef.current = draw;
  const frame = useRef<number | null>(null);
  useEffect(() => {
    if (frame.current !== null) return;
    frame.current = requestAnimationFrame(() => {
      frame.current = null;
      drawRef.current();
    });
  });
  useEffect(
    () => () => {
      if (frame.current !== null) cancelAnimationFrame(frame.current);
    },
    [],
  );
}
