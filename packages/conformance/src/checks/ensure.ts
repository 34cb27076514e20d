/**
 * The kit's one assertion: a condition and the sentence a provider author reads
 * when it fails. Checks need nothing else, so they run with or without vitest.
 */
export class ConformanceViolation extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConformanceViolation';
  }
}

export function ensure(condition: unknown, message: string | (() => string)): asserts condition {
  if (!condition) throw new ConformanceViolation(typeof message === 'string' ? message : message());
}

/** A short description of resources for failure messages. */
export function listOf(resources: ReadonlyArray<{ kind: string; id: string; state: string }>): string {
  return resources.length === 0 ? 'none' : resources.map((resource) => `${resource.kind} ${resource.id} (${resource.state})`).join(', ');
}
