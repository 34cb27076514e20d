import { readFile, rename, writeFile } from 'node:fs/promises';

/**
 * The port the node-authorization service listened on last time, kept in the
 * state directory: machines still booting carry that URL in their user data,
 * so a later command listens there again when it can.
 */
export async function readRememberedPort(path: string): Promise<number | undefined> {
  try {
    const { port } = JSON.parse(await readFile(path, 'utf8')) as { port?: unknown };
    return typeof port === 'number' && Number.isInteger(port) && port > 0 && port < 65536 ? port : undefined;
  } catch {
    return undefined;
  }
}

export async function rememberPort(path: string, port: number): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify({ port })}\n`, { mode: 0o600 });
  await rename(temporary, path);
}
