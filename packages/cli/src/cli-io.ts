/** Where a command reads its environment and writes its output; tests pass their own. */
export interface CliIo {
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown; isTTY?: boolean };
  environment: Record<string, string | undefined>;
}
