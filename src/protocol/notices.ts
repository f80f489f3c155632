// The trainer's notices that the page keeps only while they hold: the batch cap, written here once for the
// trainer that sends it and the store that recognises it (to replace it, and to clear it once the batch fits).

/** What caps the batch: the training set's size (a batch takes each example once) or the backend's memory. */
export type BatchCapCause = 'data' | 'backend';

/** How every batch-cap notice opens: the store recognises them by it. */
const BATCH_CAP_OPENING = 'Batch capped';

/** The notice for a batch of `requested` pairs capped to `limit` by `cause` (`backend`: its name, e.g. wasm). */
export function batchCapNotice(
  requested: number,
  limit: number,
  cause: BatchCapCause,
  backend: string,
): string {
  if (cause === 'data') {
    return `${BATCH_CAP_OPENING} by the training set: ${requested} pairs need ${requested} different training examples and the training set has ${limit}, so training uses batches of ${limit} pairs (each example once per batch).`;
  }
  const rows = 2 * requested;
  return `${BATCH_CAP_OPENING} by ${backend}'s memory: ${requested} pairs make a ${rows} × ${rows} similarity matrix, more than ${backend} holds comfortably here, so training uses batches of ${limit} pairs.`;
}

/** Whether a notice is a batch-cap notice. */
export function isBatchCapNotice(message: string): boolean {
  return message.startsWith(BATCH_CAP_OPENING);
}
