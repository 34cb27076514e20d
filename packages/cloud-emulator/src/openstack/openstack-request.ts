/**
 * Small readers shared by the OpenStack services: a JSON body's wrapper object
 * (`{"server":{…}}`), typed fields with OpenStack-shaped 400s, tag lists, and
 * list pagination with `limit` and `marker` the way Nova and Neutron page.
 */
import type { EmulatorHttpRequest } from '../server/emulator-http-request.js';
import { openStackError } from './openstack-error.js';

export type Fields = Record<string, unknown>;

export function wrapped(request: EmulatorHttpRequest, key: string, badRequestCode = 'badRequest'): Fields {
  const body = request.json();
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw openStackError(400, badRequestCode, 'The request body must be a JSON object.');
  const inner = (body as Fields)[key];
  if (inner === null || typeof inner !== 'object' || Array.isArray(inner)) {
    throw openStackError(400, badRequestCode, `Invalid input for field/attribute ${key}. Value: ${JSON.stringify(inner)}. ${JSON.stringify(inner)} is not of type 'object'`);
  }
  return inner as Fields;
}

export function optionalString(fields: Fields, field: string, code: string, maximum = 255): string | undefined {
  const value = fields[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || value.length > maximum) {
    throw openStackError(400, code, `Invalid input for field/attribute ${field}. Value: ${JSON.stringify(value)}. Expected a string of at most ${maximum} characters.`);
  }
  return value;
}

/** Neutron and Nova tags: strings of 1 to 60 characters without "/" or ",". */
export function tagList(value: unknown, field: string, code: string, maximumCount = 50): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.length > maximumCount) throw openStackError(400, code, `Invalid input for field/attribute ${field}: expected a list of at most ${maximumCount} tags.`);
  for (const tag of value) {
    if (typeof tag !== 'string' || tag.length < 1 || tag.length > 60 || /[/,]/.test(tag)) {
      throw openStackError(400, code, `Invalid input for field/attribute ${field}. Value: ${JSON.stringify(tag)}. Tags are 1 to 60 characters and contain no "/" or ",".`);
    }
  }
  return [...new Set(value as string[])];
}

/** Tags written `key=value` read back as a map (ownership tags); other tags are kept under their own name. */
export function tagMapOf(tags: readonly string[]): Record<string, string> {
  const map: Record<string, string> = {};
  for (const tag of tags) {
    const separator = tag.indexOf('=');
    if (separator > 0) map[tag.slice(0, separator)] = tag.slice(separator + 1);
    else map[tag] = tag;
  }
  return map;
}

/** Filters `tags` (all of), `tags-any` (one of), comma-separated, as Nova and Neutron do. */
export function matchesTagFilters(tags: readonly string[], query: URLSearchParams): boolean {
  const all = query.getAll('tags').flatMap((value) => value.split(',')).filter(Boolean);
  const any = query.getAll('tags-any').flatMap((value) => value.split(',')).filter(Boolean);
  const notAll = query.getAll('not-tags').flatMap((value) => value.split(',')).filter(Boolean);
  if (!all.every((tag) => tags.includes(tag))) return false;
  if (any.length > 0 && !any.some((tag) => tags.includes(tag))) return false;
  if (notAll.length > 0 && notAll.every((tag) => tags.includes(tag))) return false;
  return true;
}

/** One page of `items` after `marker` (an id), at most `limit`; `next` is the marker of the following page when this one is full. */
export function pageOf<T extends { id: string }>(items: readonly T[], query: URLSearchParams, maximum = 1000, code = 'badRequest'): { page: T[]; next: string | undefined } {
  const limitText = query.get('limit');
  const limit = limitText === null ? maximum : Number(limitText);
  if (!Number.isInteger(limit) || limit < 0) throw openStackError(400, code, `limit must be a non-negative integer, got ${limitText}`);
  const marker = query.get('marker');
  let start = 0;
  if (marker !== null) {
    const index = items.findIndex((item) => item.id === marker);
    if (index < 0) throw openStackError(400, code, `marker [${marker}] not found`);
    start = index + 1;
  }
  const size = Math.min(limit, maximum);
  const page = items.slice(start, start + size);
  const next = page.length === size && start + size < items.length ? page[page.length - 1]!.id : undefined;
  return { page, next };
}
