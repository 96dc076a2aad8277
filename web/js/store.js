// What the phone keeps: visits (drafts and the outbox) and the lists a visit form needs, in
// IndexedDB. Nothing here is a token. `wipe` removes every local store on sign-out.

const NAME = "icv-field-app";
const VERSION = 1;

let opening = null;

function database() {
  if (!opening) {
    opening = new Promise((resolve, reject) => {
      const request = indexedDB.open(NAME, VERSION);
      request.onupgradeneeded = () => {
        const db = request.result;
        if (!db.objectStoreNames.contains("visits")) db.createObjectStore("visits", { keyPath: "id" });
        if (!db.objectStoreNames.contains("kept")) db.createObjectStore("kept");
      };
      request.onsuccess = () => {
        request.result.onversionchange = () => request.result.close();
        resolve(request.result);
      };
      request.onerror = () => reject(request.error);
    });
  }
  return opening;
}

async function run(storeName, mode, action) {
  const db = await database();
  return new Promise((resolve, reject) => {
    const transaction = db.transaction(storeName, mode);
    const result = action(transaction.objectStore(storeName));
    transaction.oncomplete = () => resolve(result.result);
    transaction.onerror = () => reject(transaction.error);
    transaction.onabort = () => reject(transaction.error);
  });
}

export const visits = {
  all: () => run("visits", "readonly", (store) => store.getAll()),
  get: (id) => run("visits", "readonly", (store) => store.get(id)),
  put: (visit) => run("visits", "readwrite", (store) => store.put({ ...visit, updatedAt: Date.now() })),
  remove: (id) => run("visits", "readwrite", (store) => store.delete(id)),
};

export const kept = {
  get: (key) => run("kept", "readonly", (store) => store.get(key)),
  put: (key, value) => run("kept", "readwrite", (store) => store.put(value, key)),
};

// Every local trace: this database, the service worker's caches, web storage.
export async function wipe() {
  if (opening) {
    (await opening).close();
    opening = null;
  }
  await new Promise((resolve) => {
    const request = indexedDB.deleteDatabase(NAME);
    request.onsuccess = request.onerror = request.onblocked = () => resolve();
  });
  if (window.caches) {
    for (const name of await caches.keys()) await caches.delete(name);
  }
  localStorage.clear();
  sessionStorage.clear();
}
