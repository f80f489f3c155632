// The naive main-thread loops: the training loop a tf.js user writes first, optimizer.minimize every step with
// the loss read back synchronously by dataSync() (or, to see what that read costs, never). Two figures share it:
// `naive` runs it on the textbook model and loss (naiveTextbook.ts), as such a user would write them;
// `naive_engine_code` runs it on the engine's own Encoder and infoNceLoss, so only the loop differs from the
// engine. Both yield to the event loop between steps through a MessageChannel (no timer clamp), so only the
// steps themselves are timed.
import * as tf from '@tensorflow/tfjs-core';
import { createRng, tfSeed } from '../core/rng';
import { createBatchSampler } from '../data/batches';
import { makeClusters } from '../data/clusters';
import { splitTrainTest } from '../data/split';
import { infoNceLoss } from '../engine/losses';
import { BatchMasks } from '../engine/lossParts';
import { Encoder } from '../engine/model';
import { DEFAULT_TRAIN_CONFIG, type TrainConfig } from '../protocol/config';
import type { SpeedRequest, SpeedResult } from './api';
import { textbookLoss, textbookModel } from './naiveTextbook';
import { activatePageBackend } from './pageBackends';

/** A model and its loss, as the loop trains them. */
interface Trainable {
  /** the loss of one batch (N x inputDim), for minimize's f */
  loss(x: tf.Tensor2D): tf.Scalar;
  /** what minimize updates; absent = every trainable variable (what a tf.layers user leaves it to) */
  readonly variables?: tf.Variable[];
  dispose(): void;
}

/** Steps per second of the naive loop on the textbook model and loss (the `naive` figure). */
export function measureNaive(request: SpeedRequest): Promise<SpeedResult> {
  return measureLoop(request, (config, inputDim) => {
    const model = textbookModel(config, inputDim);
    return { loss: (x) => textbookLoss(model, x, config.tau), dispose: () => model.dispose() };
  });
}

/** Steps per second of the naive loop on the engine's Encoder and infoNceLoss (`naive_engine_code`). */
export function measureNaiveEngineCode(request: SpeedRequest): Promise<SpeedResult> {
  return measureLoop(request, (config, inputDim) => {
    const model = new Encoder(
      { inputDim, hidden: config.hidden, outputDim: config.dim },
      createRng(config.seed, 'init'),
    );
    const masks = new BatchMasks(config.batch);
    const dropoutRng = createRng(config.seed, 'dropout');
    return {
      loss: (x) => {
        const dropout = { rate: config.dropout, sameMask: config.sameMask, seed: tfSeed(dropoutRng) };
        return infoNceLoss(model.embedTwoViews(x, dropout), config.tau, masks);
      },
      variables: model.variables,
      dispose: () => {
        masks.dispose();
        model.dispose();
      },
    };
  });
}

// A MessageChannel hop yields to the event loop without setTimeout's 4 ms clamp (as the worker does).
const channel = new MessageChannel();
const yieldToEventLoop = () =>
  new Promise<void>((resolve) => {
    channel.port1.onmessage = () => resolve();
    channel.port2.postMessage(null);
  });

/** The loop on `request.backend`, after `warmupMs` of training, with the engine's data, batches and Adam. */
async function measureLoop(
  request: SpeedRequest,
  build: (config: TrainConfig, inputDim: number) => Trainable,
): Promise<SpeedResult> {
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
  const sampler = createBatchSampler(train, config.seed);
  const optimizer = tf.train.adam(config.lr);
  const trainable = build(config, train.dim);

  const readBack = request.readBack ?? 'dataSync';
  /** the latest loss, kept unread (readBack 'none') until the window closes, so queued GPU work counts */
  let pending: tf.Scalar | null = null;
  const step = (): void => {
    const anchors = sampler.next(config.batch);
    const loss = optimizer.minimize(
      () => trainable.loss(tf.gather(trainX, tf.tensor1d(anchors, 'int32'))),
      true,
      trainable.variables,
    );
    if (!loss) throw new Error('invalid loss: minimize returned none');
    pending?.dispose();
    pending = loss;
    if (readBack === 'dataSync') loss.dataSync();
  };
  const readPending = async () => (pending ? ((await pending.data())[0] as number) : Number.NaN);

  let result: Omit<SpeedResult, 'tensorsAfter'>;
  try {
    const started = performance.now();
    step();
    const firstStepMs = performance.now() - started;
    const firstLoss = await readPending();
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
    const lastLoss = await readPending();
    const ms = performance.now() - windowStart;
    for (const loss of [firstLoss, lastLoss]) {
      if (!Number.isFinite(loss)) throw new Error(`invalid loss: ${loss} (the naive loop diverged)`);
    }
    result = {
      backend: tf.getBackend(),
      stepsPerSecond: (1000 * steps) / ms,
      steps,
      ms,
      firstStepMs,
      tensorsBefore,
      readBack,
      firstLoss,
      lastLoss,
    };
  } finally {
    (pending as tf.Scalar | null)?.dispose();
    trainX.dispose();
    optimizer.dispose();
    trainable.dispose();
  }
  // counted once everything is freed: equal to tensorsBefore when the loop leaks nothing
  return { ...result, tensorsAfter: tf.memory().numTensors };
}
