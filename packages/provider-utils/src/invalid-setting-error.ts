/**
 * The error a provider factory throws for a setting it cannot use: terminal
 * (`InvalidConfiguration`), and its message names the factory, the setting and
 * what to do, so `slipway` can show it as it is.
 */
import { TerminalError } from '@slipway/core';

export function invalidSettingError(factory: string, setting: string, problem: string): TerminalError {
  return new TerminalError('InvalidConfiguration', `${factory}: settings.${setting} ${problem}`);
}
