import { useDeferredValue } from 'react';
import type { Snapshot } from '../protocol/snapshot';
import { useLab } from '../state/LabProvider';

/**
 * The newest snapshot, for a chart. Deferred: a snapshot arrives ~10 times a second and every chart lays it
 * out, so charts re-render at transition priority, which React can interrupt and spread over frames, while the
 * readouts and controls stay urgent.
 */
export function useChartSnapshot(): Snapshot | null {
  return useDeferredValue(useLab((state) => state.snapshot));
}
