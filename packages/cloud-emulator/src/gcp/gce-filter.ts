/**
 * The `filter` parameter of Compute Engine list calls: comparisons such as
 * `labels.slipway-cluster-name = prod`, `name != "web-1"`, `status = RUNNING`,
 * joined by AND, OR, or juxtaposed parenthesised terms (`(a = 1) (b = 2)` means
 * both). `=` and `!=` compare whole values and accept `*` as a wildcard; `:`
 * tests presence (`labels.team:*`). Fields are dotted paths into the resource
 * as the API renders it. Anything else is refused with Google's 400.
 */
import { gceInvalidField } from './gce-error.js';

type Comparison = { type: 'comparison'; field: string; operator: '=' | '!=' | ':'; value: string };
type Junction = { type: 'and' | 'or'; terms: FilterExpression[] };
export type FilterExpression = Comparison | Junction;

type Token = { type: 'open' | 'close' | 'and' | 'or' | 'operator' | 'word'; text: string };

function tokenize(filter: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  while (index < filter.length) {
    const character = filter[index]!;
    if (/\s/.test(character)) {
      index += 1;
    } else if (character === '(' || character === ')') {
      tokens.push({ type: character === '(' ? 'open' : 'close', text: character });
      index += 1;
    } else if (filter.startsWith('!=', index)) {
      tokens.push({ type: 'operator', text: '!=' });
      index += 2;
    } else if (character === '=' || character === ':') {
      tokens.push({ type: 'operator', text: character });
      index += 1;
    } else if (character === '"' || character === "'") {
      const end = filter.indexOf(character, index + 1);
      if (end < 0) throw gceInvalidField('filter', filter, 'Unterminated quoted string.');
      tokens.push({ type: 'word', text: filter.slice(index + 1, end) });
      index = end + 1;
    } else {
      const match = /^[^\s()=!:"']+/.exec(filter.slice(index));
      if (!match) throw gceInvalidField('filter', filter, `Unexpected character '${character}'.`);
      const text = match[0];
      tokens.push({ type: text === 'AND' ? 'and' : text === 'OR' ? 'or' : 'word', text });
      index += text.length;
    }
  }
  return tokens;
}

/** Parses a filter; throws Google's 400 for anything it does not understand. */
export function parseGceFilter(filter: string): FilterExpression | undefined {
  if (filter.trim() === '') return undefined;
  const tokens = tokenize(filter);
  let position = 0;
  const fail = (problem: string) => gceInvalidField('filter', filter, problem);

  const parseTerm = (): FilterExpression => {
    const token = tokens[position];
    if (token?.type === 'open') {
      position += 1;
      const inner = parseOr();
      if (tokens[position]?.type !== 'close') throw fail('Missing closing parenthesis.');
      position += 1;
      return inner;
    }
    const field = tokens[position];
    const operator = tokens[position + 1];
    const value = tokens[position + 2];
    if (field?.type !== 'word' || operator?.type !== 'operator' || value?.type !== 'word') {
      throw fail('Expected a comparison such as labels.key = value.');
    }
    position += 3;
    return { type: 'comparison', field: field.text, operator: operator.text as Comparison['operator'], value: value.text };
  };
  const parseAnd = (): FilterExpression => {
    const terms = [parseTerm()];
    for (;;) {
      const next = tokens[position];
      if (next?.type === 'and') {
        position += 1;
        terms.push(parseTerm());
      } else if (next?.type === 'open' || next?.type === 'word') {
        terms.push(parseTerm());
      } else {
        break;
      }
    }
    return terms.length === 1 ? terms[0]! : { type: 'and', terms };
  };
  const parseOr = (): FilterExpression => {
    const terms = [parseAnd()];
    while (tokens[position]?.type === 'or') {
      position += 1;
      terms.push(parseAnd());
    }
    return terms.length === 1 ? terms[0]! : { type: 'or', terms };
  };

  const expression = parseOr();
  if (position !== tokens.length) throw fail(`Unexpected '${tokens[position]?.text}'.`);
  return expression;
}

function valueAt(resource: Record<string, unknown>, field: string): unknown {
  // Label keys may contain dots' neighbours ("-", "_") but never dots, so the first segment decides.
  if (field.startsWith('labels.')) return (resource['labels'] as Record<string, unknown> | undefined)?.[field.slice('labels.'.length)];
  let current: unknown = resource;
  for (const part of field.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

function wildcard(pattern: string): RegExp {
  return new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
}

export function matchesGceFilter(expression: FilterExpression | undefined, resource: Record<string, unknown>): boolean {
  if (expression === undefined) return true;
  switch (expression.type) {
    case 'and':
      return expression.terms.every((term) => matchesGceFilter(term, resource));
    case 'or':
      return expression.terms.some((term) => matchesGceFilter(term, resource));
    case 'comparison': {
      const actual = valueAt(resource, expression.field);
      if (expression.operator === ':') return actual !== undefined && (expression.value === '*' || String(actual).includes(expression.value));
      const equal = actual !== undefined && actual !== null && typeof actual !== 'object' && wildcard(expression.value).test(String(actual));
      return expression.operator === '=' ? equal : !equal;
    }
  }
}
