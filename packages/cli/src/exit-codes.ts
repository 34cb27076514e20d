/** The exit codes every command keeps: scripts branch on them. */
export const exitCodes = {
  success: 0,
  failure: 1,
  usage: 2,
} as const;
