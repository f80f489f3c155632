// The person's own sentences on the page: the confirmed set the lab trains on with `dataset=mine`, kept across
// reloads in this browser's IndexedDB (keptInBrowser.ts) until the person forgets them. Nothing here is ever sent
// anywhere or written into a link; the trainer client hands the set to the worker with each run of `mine`.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { UserSentences } from '../data/userSentences';
import { DEFAULT_TRAIN_CONFIG } from '../protocol/config';
import { keptValue } from './keptInBrowser';
import type { LabStore } from './store';
import { type LinkWarning, linkForState, parseLink } from './url';

/** The stored set as the page knows it. */
export interface UserDataState {
  /** the confirmed sentences, or null when none are stored */
  readonly sentences: UserSentences | null;
  /** 'loading' until IndexedDB answered once; 'unavailable' where the browser refuses it (kept for this page only) */
  readonly storage: 'loading' | 'ready' | 'unavailable';
  /** reads the stored set (once, at start); resolves to it */
  load(): Promise<UserSentences | null>;
  /** makes `sentences` the set and stores it */
  use(sentences: UserSentences): Promise<void>;
  /** deletes the set from memory and from IndexedDB */
  forget(): Promise<void>;
}

export type UserDataStore = StoreApi<UserDataState>;

/** Whether a stored value has the shape of UserSentences (the database may hold anything an older page wrote). */
function isUserSentences(value: unknown): value is UserSentences {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<UserSentences>;
  return (
    Array.isArray(v.texts) &&
    v.labels instanceof Int32Array &&
    v.labels.length === v.texts.length &&
    Array.isArray(v.classNames) &&
    typeof v.source === 'string' &&
    typeof v.labelled === 'boolean' &&
    v.texts.every((text) => typeof text === 'string') &&
    v.labels.every((label) => label >= 0 && label < (v.classNames?.length ?? 0))
  );
}

/** A store over IndexedDB; every storage failure leaves the set in memory and marks storage unavailable. */
export function createUserDataStore(): UserDataStore {
  const kept = keptValue('sentences');
  return createStore<UserDataState>()((setState, getState) => {
    const attempt = async (write: () => Promise<void>) => {
      try {
        await write();
      } catch {
        setState({ storage: 'unavailable' });
      }
    };
    return {
      sentences: null,
      storage: 'loading',
      async load() {
        try {
          const stored = await kept.read();
          const sentences = isUserSentences(stored) ? stored : null;
          setState({ sentences, storage: 'ready' });
          return sentences;
        } catch {
          setState({ storage: 'unavailable' });
          return getState().sentences;
        }
      },
      async use(sentences) {
        setState({ sentences });
        await attempt(() => kept.write(sentences));
      },
      async forget() {
        setState({ sentences: null });
        await attempt(() => kept.remove());
      },
    };
  });
}

/** What the page says when a link asks for `dataset=mine` in a browser that holds no sentences of the person's. */
export const MISSING_SENTENCES_WARNING = `dataset: mine (your sentences) is kept only in the browser that imported them, and none are stored here (a link cannot carry them); using ${DEFAULT_TRAIN_CONFIG.dataset}`;

/**
 * Before the link is read into the store: where it names `dataset=mine` and `stored` resolves to no sentences,
 * rewrites the page's link in place with the default data set (replaced, not pushed: Back must not return to a
 * run that cannot load) and returns the link's warnings plus this one, for `warnAbout` once the link is read;
 * null otherwise. Other links never wait for the storage.
 */
export async function dropMissingSentences(
  win: Window,
  stored: Promise<UserSentences | null>,
): Promise<LinkWarning[] | null> {
  const { state, warnings } = parseLink(win.location.href);
  if (state.config.dataset !== 'mine' || (await stored) !== null) return null;
  const repaired = { ...state, config: { ...state.config, dataset: DEFAULT_TRAIN_CONFIG.dataset } };
  win.history.replaceState(win.history.state, '', linkForState(win.location.href, repaired));
  return [...warnings, { field: 'dataset', message: MISSING_SENTENCES_WARNING }];
}

/** Shows `warnings` as the link's (the state stays as the link gave it). */
export function warnAbout(store: LabStore, warnings: readonly LinkWarning[]): void {
  const { config, view, applyState } = store.getState();
  applyState({ config, view }, warnings);
}
