import type { z } from 'zod';
import { describeExpectedType, describeValue } from './describe-value.js';

/**
 * Turns a schema issue into the sentence a manifest author reads: what was
 * expected and what was found. The raw issue's path is kept by the caller.
 */
export function zodIssueMessage(issue: z.core.$ZodIssue): string {
  const input = (issue as { input?: unknown }).input;
  switch (issue.code) {
    case 'invalid_type':
      if (input === undefined) return `required field is missing (expected ${describeExpectedType(issue.expected)})`;
      return `expected ${describeExpectedType(issue.expected)}, got ${describeValue(input)}`;
    case 'invalid_value':
      if (input === undefined) return `required field is missing (expected ${issue.values.map((value) => JSON.stringify(value)).join(' or ')})`;
      return `expected ${issue.values.map((value) => JSON.stringify(value)).join(' or ')}, got ${describeValue(input)}`;
    case 'unrecognized_keys':
      return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((key) => `"${key}"`).join(', ')}`;
    case 'too_small':
      return `${sizeWord(issue.origin, 'at least', issue.minimum, issue.inclusive)}, got ${describeValue(input)}`;
    case 'too_big':
      return `${sizeWord(issue.origin, 'at most', issue.maximum, issue.inclusive)}, got ${describeValue(input)}`;
    case 'invalid_format':
      // A schema that explains its format in words says it better than the raw pattern.
      if (issue.message.startsWith('expected')) return `${issue.message}, got ${describeValue(input)}`;
      return `expected ${issue.format === 'regex' ? 'the pattern ' + String(issue.pattern) : issue.format}, got ${describeValue(input)}`;
    case 'invalid_union': {
      if (issue.message.startsWith('expected')) return `${issue.message}, got ${describeValue(input)}`;
      const custom = issue.errors.flat().map((inner) => inner.message).find((message) => message.startsWith('expected'));
      return custom ? `${custom}, got ${describeValue(input)}` : `value does not match any allowed form, got ${describeValue(input)}`;
    }
    case 'custom':
    default: {
      const message = issue.message;
      if (message.startsWith('expected') && input !== undefined && typeof input !== 'object') {
        return `${message}, got ${describeValue(input)}`;
      }
      return message;
    }
  }
}

function sizeWord(origin: string, bound: string, limit: number | bigint, inclusive?: boolean): string {
  const exactLimit = inclusive === false ? (bound === 'at least' ? Number(limit) + 1 : Number(limit) - 1) : Number(limit);
  switch (origin) {
    case 'array':
    case 'set':
      return `expected ${bound} ${exactLimit} item${exactLimit === 1 ? '' : 's'}`;
    case 'string':
      return `expected ${bound} ${exactLimit} character${exactLimit === 1 ? '' : 's'}`;
    default:
      return `expected a value ${bound} ${exactLimit}`;
  }
}
