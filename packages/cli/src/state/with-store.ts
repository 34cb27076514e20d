import { openEmbeddedStore, StoreLockedError } from '@slipway/manager';
import { UsageError } from '../usage-error.js';
import { statePaths } from './state-directory.js';

/** Opens the store for a short read; a store held by a running command is named with what to do. */
export async function withStore<T>(stateDirectory: string, use: (store: ReturnType<typeof openEmbeddedStore>) => Promise<T>): Promise<T> {
  let store;
  try {
    store = openEmbeddedStore({ stateDirectory: statePaths(stateDirectory).store });
  } catch (error) {
    if (StoreLockedError.isInstance(error)) throw new UsageError(`${error.message}. Run this again when it has finished.`);
    throw error;
  }
  try {
    return await use(store);
  } finally {
    await store.close();
  }
}
