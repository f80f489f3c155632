// Entry of bench.html: publishes the harness on window.bench for the driver (src/cli/bench.ts). Not imported by
// the lab; Vite builds it as a second page.

import { probeWebGpuAdapter } from '../engine/backend';
import type { BenchApi } from './api';
import { measureEngine, measureScaling } from './engineHarness';
import { measureNaive, measureNaiveEngineCode } from './naive';

const bench: BenchApi = {
  ready: true,
  engine: measureEngine,
  naive: measureNaive,
  naiveEngineCode: measureNaiveEngineCode,
  scaling: measureScaling,
  adapter: probeWebGpuAdapter,
};
window.bench = bench;
const status = document.getElementById('status');
if (status) status.textContent = 'ready';
