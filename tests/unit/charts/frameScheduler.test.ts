import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  cancelDraw,
  drawsIdle,
  onDrawsIdle,
  requestDraw,
  whenDrawsIdle,
} from '../../../src/charts/frameScheduler';

// Animation frames run by hand, and a clock that each draw advances by its stated cost.
let frames: (() => void)[] = [];
let now = 0;
const runFrame = () => {
  const pending = frames;
  frames = [];
  for (const callback of pending) callback();
};
const costing = (ms: number, log: string[], name: string) => () => {
  log.push(name);
  now += ms;
};

beforeEach(() => {
  frames = [];
  now = 0;
  vi.stubGlobal('requestAnimationFrame', (callback: () => void) => frames.push(callback));
  vi.spyOn(performance, 'now').mockImplementation(() => now);
});
afterEach(() => {
  while (frames.length > 0) runFrame();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('frame scheduler', () => {
  it('spreads draws over frames, oldest first, one a frame however cheap', () => {
    const log: string[] = [];
    const keys = [{}, {}, {}, {}];
    requestDraw(keys[0] as object, costing(20, log, 'a'));
    requestDraw(keys[1] as object, costing(0, log, 'b'));
    requestDraw(keys[2] as object, costing(0, log, 'c'));
    requestDraw(keys[3] as object, costing(0, log, 'd'));
    expect(frames).toHaveLength(1); // one frame requested for them all
    runFrame(); // the frame after the requests draws nothing (below)
    runFrame();
    expect(log).toEqual(['a']);
    runFrame();
    expect(log).toEqual(['a', 'b']);
    runFrame();
    runFrame();
    expect(log).toEqual(['a', 'b', 'c', 'd']);
    expect(frames).toHaveLength(0);
    expect(drawsIdle()).toBe(true);
  });

  it('keeps one draw per key, the newest function in the oldest place', () => {
    const log: string[] = [];
    const [a, b] = [{}, {}];
    requestDraw(a, costing(0, log, 'a1'));
    requestDraw(b, costing(0, log, 'b'));
    requestDraw(a, costing(0, log, 'a2'));
    runFrame();
    runFrame();
    runFrame();
    expect(log).toEqual(['a2', 'b']);
  });

  it('leaves the first frame after a request to the DOM changes that came with it', () => {
    // A chart re-renders in a task, then requests its draw: the next frame lays out and paints its DOM changes,
    // and only the frame after draws its canvas. A frame with both made most frames over 50 ms.
    const log: string[] = [];
    const [a, b] = [{}, {}];
    requestDraw(a, costing(0, log, 'a'));
    runFrame();
    expect(log).toEqual([]);
    requestDraw(b, costing(0, log, 'b')); // in the task after that frame
    requestDraw(a, costing(0, log, 'a2')); // a newer draw keeps the place and the wait already served
    runFrame();
    expect(log).toEqual(['a2']);
    runFrame();
    expect(log).toEqual(['a2', 'b']);
    expect(drawsIdle()).toBe(true);
  });

  it('runs an urgent draw first', () => {
    const log: string[] = [];
    const [a, b, c] = [{}, {}, {}];
    requestDraw(a, costing(5, log, 'a'));
    requestDraw(b, costing(5, log, 'b'));
    requestDraw(c, costing(1, log, 'drag'), true);
    runFrame(); // at once: a drag or a click changes no DOM that the frame must lay out first
    expect(log).toEqual(['drag']);
  });

  it('tells listeners when the queue empties, and forgets cancelled draws', () => {
    const log: string[] = [];
    const idle = vi.fn();
    const stop = onDrawsIdle(idle);
    const [a, b] = [{}, {}];
    requestDraw(a, costing(0, log, 'a'));
    requestDraw(b, costing(0, log, 'b'));
    cancelDraw(b);
    expect(drawsIdle()).toBe(false);
    runFrame();
    runFrame();
    expect(log).toEqual(['a']);
    expect(idle).toHaveBeenCalledTimes(1);
    stop();
  });

  it('runs a task once when the draws are idle: at once if none waits, else after the last one, unless cancelled', () => {
    const log: string[] = [];
    whenDrawsIdle(() => log.push('now'));
    expect(log).toEqual(['now']);
    const [a, b] = [{}, {}];
    requestDraw(a, costing(0, log, 'a'));
    requestDraw(b, costing(0, log, 'b'));
    whenDrawsIdle(() => log.push('after'));
    const cancel = whenDrawsIdle(() => log.push('cancelled'));
    cancel();
    runFrame(); // the frame after a request lays out; draws start in the next
    runFrame();
    expect(log).toEqual(['now', 'a']);
    runFrame();
    expect(log).toEqual(['now', 'a', 'b', 'after']);
    requestDraw(a, costing(0, log, 'a'));
    runFrame();
    runFrame();
    expect(log).toEqual(['now', 'a', 'b', 'after', 'a']); // once, not on every later idle
  });

  it('goes on drawing the other charts in the next frame after a draw throws', () => {
    const log: string[] = [];
    const [a, b] = [{}, {}];
    requestDraw(a, () => {
      throw new Error('broken chart');
    });
    requestDraw(b, costing(0, log, 'b'));
    runFrame();
    expect(runFrame).toThrow('broken chart');
    runFrame();
    expect(log).toEqual(['b']);
  });
});
