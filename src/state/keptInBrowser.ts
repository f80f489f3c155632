// What the page keeps of a person's own data across reloads: values in this browser's IndexedDB (idb-keyval),
// one key each, in one database of the lab's. Never sent anywhere, never in a link; each has its forget button.
import { createStore, del, get, set } from 'idb-keyval';

/** Database `infonce-lab`, object store `user-data`. */
const DATABASE = 'infonce-lab';
const TABLE = 'user-data';

/** One kept value: read (undefined when none), write and remove; each rejects where the browser refuses storage. */
export interface KeptValue {
  read(): Promise<unknown>;
  write(value: unknown): Promise<void>;
  remove(): Promise<void>;
}

/** The kept value under `key` (the database opens on first use, so a page that never asks never opens it). */
export function keptValue(key: string): KeptValue {
  let table: ReturnType<typeof createStore> | null = null;
  const store = () => {
    table ??= createStore(DATABASE, TABLE);
    return table;
  };
  return {
    read: () => get(key, store()),
    write: (value) => set(key, value, store()),
    remove: () => del(key, store()),
  };
}
