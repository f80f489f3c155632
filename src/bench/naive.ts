// The `naive` figure: the training loop a tf.js user writes first, on the main thread, with the engine's own
// model (Encoder) and loss (infoNceLoss) so that only the loop differs: optimizer.minimize every step, the loss
// read back synchronously with dataSync() every step (or, to see what that read costs, never). It yields to the event loop between steps through a
// MessageChannel (no timer clamp), so the figure is the loop's cost and nothing else: a generous baseline.
import * as tf from '@tensorflow/tfjs';
import { createRng, tfSeed } from '../core/rng';
import { createBatchSampler } from '../data/batches';
import { makeClusters } from '../data/clusters';
import { splitTrainTest } from '../data/split';
import { infoNceLoss } from '../engine/losses';
import { BatchMasks } from '../engine/lossParts';
import { Encoder } from '../engine/model';
import { DEFAULT_TRAIN_CONFIG, type TrainConfig } from '../protocol/config';
import type { SpeedRequest, SpeedResult } from './api';
import { activatePageBackend } from './pageBackends';

// A MessageChannel hop yields to the event loop without setTimeout's 4 ms clamp (as the worker does).
const channel = new MessageChannel();
const yieldToEventLoop = () =>
  new Promise<void>((resolve) => {
    channel.port1.onmessage = () => resolve();
    channel.port2.postMessage(null);
  });

/** Steps per second of the naive main-thread loop on `request.backend`, after `warmupMs` of training. */
export async function measureNaive(request: SpeedRequest): Promise<SpeedResult> {
  await activatePageBackend(request.backend);
  const config: TrainConfig = { ...DEFAULT_TRAIN_CONFIG, ...request.config, backend: request.backend };
  const tensorsBefore = tf.memory().numTensors;
  const dataset = makeClusters({
    seed: config.seed,
    classes: config.classes,
    dim: config.inputDim,
    separation: config.separation,
    noise: config.noise,
  });
  const { train } = splitTrainTest(dataset, { testFraction: 0.25, seed: config.seed });
  const trainX = tf.tensor2d(train.features, [train.rows, train.dim]);
  const model = new Encoder(
    { inputDim: train.dim, hidden: config.hidden, outputDim: config.dim },
    createRng(config.seed, 'init'),
  );
  const optimizer = tf.train.adam(config.lr);
  const masks = new BatchMasks(config.batch);
  const sampler = createBatchSampler(train, config.seed);
  const dropoutRng = createRng(config.seed, 'dropout');

  const readBack = request.readBack ?? 'dataSync';
  /** the latest unread loss (readBack 'none'): read once when the window closes, so queued GPU work counts */
  let pending: tf.Scalar | null = null;
  const step = (): void => {
    const anchors = sampler.next(config.batch);
    const dropout = { rate: config.dropout, sameMask: config.sameMask, seed: tfSeed(dropoutRng) };
    const loss = optimizer.minimize(
      () => {
        const x = tf.gather(trainX, tf.tensor1d(anchors, 'int32')) as tf.Tensor2D;
        return infoNceLoss(model.embedTwoViews(x, dropout), config.tau, masks);
      },
      true,
      model.variables,
    );
    if (!loss) throw new Error('invalid loss: minimize returned none');
    pending?.dispose();
    pending = loss;
    if (readBack === 'dataSync') loss.dataSync();
  };

  let result: Omit<SpeedResult, 'tensorsAfter'>;
  try {
    const started = performance.now();
    step();
    const firstStepMs = performance.now() - started;
    const warmEnd = performance.now() + request.warmupMs;
    while (performance.now() < warmEnd) {
      step();
      await yieldToEventLoop();
    }
    const windowStart = performance.now();
    let steps = 0;
    while (performance.now() - windowStart < request.windowMs) {
      step();
      steps++;
      await yieldToEventLoop();
    }
    const loss = pending ? ((await (pending as tf.Scalar).data())[0] as number) : Number.NaN;
    const ms = performance.now() - windowStart;
    if (!Number.isFinite(loss)) throw new Error(`invalid loss: ${loss} (the naive loop diverged)`);
    result = {
      backend: tf.getBackend(),
      stepsPerSecond: (1000 * steps) / ms,
      steps,
      ms,
      firstStepMs,
      tensorsBefore,
      readBack,
    };
  } finally {
    (pending as tf.Scalar | null)?.dispose();
    trainX.dispose();
    masks.dispose();
    optimizer.dispose();
    model.dispose();
  }
  // counted once everything is freed: equal to tensorsBefore when the loop leaks nothing
  return { ...result, tensorsAfter: tf.memory().numTensors };
}
