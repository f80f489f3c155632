import { useEffect, useRef } from 'react';
import { cancelDraw, requestDraw } from './frameScheduler';

/**
 * Draws with `draw` on an animation frame after every render of the calling component, through the charts'
 * shared frame scheduler: renders within one frame coalesce into a single draw with the newest data, and the
 * charts' draws take turns, one a frame. `data` is what the chart draws from the training (its snapshot): a
 * render that brings none new (a drag, a click, a resize) is the user's and draws first.
 */
export function useFrameDraw(draw: () => void, data: unknown): void {
  const drawRef = useRef(draw);
  drawRef.current = draw;
  const drawn = useRef<{ data: unknown } | null>(null);
  useEffect(() => {
    const urgent = drawn.current !== null && drawn.current.data === data;
    drawn.current = { data };
    requestDraw(drawRef, () => drawRef.current(), urgent);
  });
  useEffect(() => () => cancelDraw(drawRef), []);
}
