/// <reference lib="webworker" />
// The analysis panel's worker: binds AnalysisHost to postMessage (reading and measuring a person's embeddings
// off the page's thread).
import { AnalysisHost } from './analysisHost';
import type { AnalysisRequest } from './messages';

declare const self: DedicatedWorkerGlobalScope;

const host = new AnalysisHost((reply, transfer) => self.postMessage(reply, transfer ?? []));

self.onmessage = (event: MessageEvent<AnalysisRequest>) => {
  void host.handle(event.data);
};
