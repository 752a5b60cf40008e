/**
 * The token lives in the extension origin's IndexedDB: reachable from the background and extension pages only —
 * never `storage.local`, which content scripts can read. One record: { token, host }.
 */
export interface StoredToken {
  token: string;
  host: string;
  savedAt: string;
}

export interface TokenStore {
  get(): Promise<StoredToken | null>;
  set(value: StoredToken): Promise<void>;
  clear(): Promise<void>;
}

const DB_NAME = 'agent-sessions-secrets';
const STORE = 'tokens';
/** The first account's record; another signed-in account's is `account:SLOT` (utils/background/accounts.ts). */
const KEY = 'current';

function open(factory: IDBFactory): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = factory.open(DB_NAME, 1);
    req.onupgradeneeded = () => {
      if (!req.result.objectStoreNames.contains(STORE)) req.result.createObjectStore(STORE);
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function run<T>(db: IDBDatabase, mode: IDBTransactionMode, fn: (s: IDBObjectStore) => IDBRequest | null): Promise<T> {
  return new Promise((resolve, reject) => {
    const tx = db.transaction(STORE, mode);
    const req = fn(tx.objectStore(STORE));
    tx.oncomplete = () => resolve((req?.result as T) ?? (undefined as T));
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error);
  });
}

export function createIdbTokenStore(factory: IDBFactory = globalThis.indexedDB, key = KEY): TokenStore {
  let dbp: Promise<IDBDatabase> | null = null;
  const db = () => {
    dbp ??= open(factory).catch((e) => {
      dbp = null;
      throw e;
    });
    return dbp;
  };
  return {
    async get() {
      const v = await run<StoredToken | undefined>(await db(), 'readonly', (s) => s.get(key));
      return v && typeof v.token === 'string' ? v : null;
    },
    async set(value) {
      await run(await db(), 'readwrite', (s) => s.put(value, key));
    },
    async clear() {
      await run(await db(), 'readwrite', (s) => s.delete(key));
    },
  };
}

/** In-memory store (tests, or when IndexedDB is unavailable). */
export function createMemoryTokenStore(initial: StoredToken | null = null): TokenStore {
  let v = initial;
  return {
    async get() {
      return v;
    },
    async set(value) {
      v = value;
    },
    async clear() {
      v = null;
    },
  };
}
