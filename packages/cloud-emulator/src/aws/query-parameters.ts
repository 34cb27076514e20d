/**
 * The parameters of one AWS Query request (EC2 and ELBv2 both send
 * `application/x-www-form-urlencoded` bodies) and the readers the emulator's
 * actions use: scalars, numbered lists (`Name.1`, `Name.member.1`) and nested
 * structures (`Filter.1.Name`). Every reader names the parameter in its error.
 */
import { awsError } from './aws-error.js';

export class QueryParameters {
  private readonly values: ReadonlyMap<string, string>;

  constructor(values: ReadonlyMap<string, string>) {
    this.values = values;
  }

  static fromBody(body: string): QueryParameters {
    return new QueryParameters(new Map(new URLSearchParams(body)));
  }

  names(): string[] {
    return [...this.values.keys()];
  }

  string(name: string): string | undefined {
    return this.values.get(name);
  }

  required(name: string): string {
    const value = this.values.get(name);
    if (value === undefined || value === '') {
      throw awsError('MissingParameter', `The request must contain the parameter ${name}`);
    }
    return value;
  }

  integer(name: string): number | undefined {
    const value = this.values.get(name);
    if (value === undefined) return undefined;
    const parsed = Number(value);
    if (!Number.isInteger(parsed)) {
      throw awsError('InvalidParameterValue', `Value (${value}) for parameter ${name} is invalid. Expected an integer.`);
    }
    return parsed;
  }

  boolean(name: string): boolean | undefined {
    const value = this.values.get(name);
    if (value === undefined) return undefined;
    if (value !== 'true' && value !== 'false') {
      throw awsError('InvalidParameterValue', `Value (${value}) for parameter ${name} is invalid. Expected true or false.`);
    }
    return value === 'true';
  }

  /** `Name.1`, `Name.2`, ... (EC2) or `Name.member.1`, ... (ELBv2) as strings, in index order. */
  list(name: string): string[] {
    return this.indexes(name).map(({ key }) => this.values.get(key) as string);
  }

  /** `Name.1.Field`, `Name.2.Field`, ... as one parameter view per index, in index order. */
  structures(name: string): QueryParameters[] {
    return this.indexes(name, true).map(({ key }) => this.structure(key));
  }

  /** `Name.Field` as a view with `Field` at its top. */
  structure(name: string): QueryParameters {
    const prefix = `${name}.`;
    const inner = new Map<string, string>();
    for (const [key, value] of this.values) {
      if (key.startsWith(prefix)) inner.set(key.slice(prefix.length), value);
    }
    return new QueryParameters(inner);
  }

  isEmpty(): boolean {
    return this.values.size === 0;
  }

  private indexes(name: string, nested = false): { index: number; key: string }[] {
    const found = new Map<number, string>();
    for (const base of [`${name}.`, `${name}.member.`]) {
      for (const key of this.values.keys()) {
        if (!key.startsWith(base)) continue;
        const rest = key.slice(base.length);
        const match = nested ? /^(\d+)\./.exec(rest) : /^(\d+)$/.exec(rest);
        if (!match?.[1]) continue;
        const index = Number(match[1]);
        found.set(index, `${base}${match[1]}`);
      }
    }
    return [...found.entries()].sort(([left], [right]) => left - right).map(([index, key]) => ({ index, key }));
  }
}
