/**
 * How to start this same CLI again as a new process (the local cloud runs in
 * one): the Node binary, its flags (a TypeScript loader in development) and the
 * entry script, as this process was started.
 */
export interface SelfCommand {
  executable: string;
  arguments: string[];
}

export function currentSelfCommand(): SelfCommand {
  const entry = process.argv[1];
  if (!entry) throw new Error('cannot tell which script started this process');
  return { executable: process.execPath, arguments: [...process.execArgv, entry] };
}
