/**
 * Reads a provider's settings from environment variables, each setting from the
 * first of its variables that is set, the way each cloud's own CLI does
 * (AWS_REGION before AWS_DEFAULT_REGION, for example). It also says where each
 * value came from, for messages such as "region us-east-1 (from AWS_REGION)".
 */
export type EnvironmentSpecification = Record<string, readonly string[]>;

export interface EnvironmentSetting {
  value: string;
  variable: string;
}

export function settingsFromEnvironment<Specification extends EnvironmentSpecification>(
  specification: Specification,
  environment: Record<string, string | undefined> = process.env,
): { [Name in keyof Specification]?: EnvironmentSetting } {
  const settings: { [Name in keyof Specification]?: EnvironmentSetting } = {};
  for (const name of Object.keys(specification) as (keyof Specification)[]) {
    for (const variable of specification[name] ?? []) {
      const value = environment[variable];
      if (value !== undefined && value.trim() !== '') {
        settings[name] = { value: value.trim(), variable };
        break;
      }
    }
  }
  return settings;
}

/** Every variable a specification reads, for docs and "missing credentials" errors. */
export function environmentVariablesOf(specification: EnvironmentSpecification): string[] {
  return [...new Set(Object.values(specification).flat())];
}
