/**
 * What booting one instance's user data produced. Shared by the machine
 * simulator (which produces it) and the boot hook (which keeps it for the side door).
 */
export interface MachineBootResult {
  /** 0 when every command succeeded; the failing command's code otherwise; 124 on timeout. */
  exitCode: number;
  /** Everything the boot wrote (stand-in logs, command output, the simulator's own notes), in order. */
  log: string;
  /** The instance's root: files from user data, stand-in records and kubeconfigs live under it. */
  sandboxDirectory: string;
  /** True when the boot was stopped by the timeout. */
  timedOut: boolean;
}

export interface MachineBootRequest {
  instanceId: string;
  /** The user data as the machine receives it (already decoded from the cloud's wire encoding; gzip is undone by the simulator). */
  userData: string | Uint8Array;
  /** More environment variables for the boot (SLIPWAY_SIMULATE_FAILURE, the node-authorization URL in tests, ...). */
  environment?: Record<string, string>;
}

/** Anything that can boot user data; `createMachineSimulator` returns one. */
export interface MachineBooter {
  boot(request: MachineBootRequest): Promise<MachineBootResult>;
}
