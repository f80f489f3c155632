import { createContext, useContext } from 'react';
import type { UserDataStore } from '../../state/userData';

/** The page's store of the person's sentences (startLab makes it; App provides it). */
export const UserDataContext = createContext<UserDataStore | null>(null);

/** The user-data store of the nearest provider. */
export function useUserDataStore(): UserDataStore {
  const store = useContext(UserDataContext);
  if (!store) throw new Error('invalid component tree: useUserDataStore needs a UserDataContext provider');
  return store;
}
