/// <reference lib="webworker" />
// The dedicated worker: binds the engine's Trainer to postMessage, after registering the browser backends.
import { Trainer } from '../engine/trainer';
import type { TrainerCommand, TrainerEvent } from '../protocol/messages';
import { workerHost } from './workerHost';

declare const self: DedicatedWorkerGlobalScope;

const trainer = new Trainer(
  workerHost((event: TrainerEvent, transfer?: ArrayBuffer[]) => self.postMessage(event, transfer ?? [])),
);

self.onmessage = (event: MessageEvent<TrainerCommand>) => {
  void trainer.handle(event.data);
};
