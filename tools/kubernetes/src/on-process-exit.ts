const callbacks = new Set<() => void>();
let installed = false;

/**
 * Runs `callback` synchronously when this Node process exits (normally or via
 * process.exit()), once. Returns a function that unregisters it. One 'exit' listener serves
 * every fixture, so many fixtures do not trip the MaxListeners warning.
 */
export function onProcessExit(callback: () => void): () => void {
  if (!installed) {
    installed = true;
    process.on('exit', () => {
      for (const registered of [...callbacks]) {
        try {
          registered();
        } catch {
          // Best effort: the process is going away.
        }
      }
    });
  }
  callbacks.add(callback);
  return () => callbacks.delete(callback);
}
