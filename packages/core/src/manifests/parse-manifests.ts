import { isMap, isScalar, LineCounter, parseAllDocuments, visit, type Document } from 'yaml';
import { z } from 'zod';
import { clusterApiGroupVersion } from '../api/v1alpha1/api-group.js';
import type { Cluster } from '../api/v1alpha1/cluster.js';
import {
  clusterApiKindNames,
  clusterApiKinds,
  isClusterApiKind,
  type ClusterApiObject,
} from '../api/v1alpha1/kinds.js';
import { isEmptyLabelSelector, labelSelectorSchema, matchesLabelSelector, nonEmptySelectorMessage } from '../api/v1alpha1/label-selector.js';
import type { Machine } from '../api/v1alpha1/machine.js';
import type { MachineClass } from '../api/v1alpha1/machine-class.js';
import type { MachineDeployment } from '../api/v1alpha1/machine-deployment.js';
import type { MachineSet } from '../api/v1alpha1/machine-set.js';
import { collectAppliedDefaults, type AppliedDefault } from './applied-default.js';
import { describeValue } from './describe-value.js';
import { formatFieldPath, type ManifestIssue } from './manifest-issue.js';
import { findProviderSpecSchema, type ProviderSpecSource, type ProviderSpecTarget } from './provider-spec-validator.js';
import { upgradeProviderConfig } from './upgrade-provider-config.js';
import { validateProviderSpec } from './validate-provider-spec.js';
import { zodIssueMessage } from './zod-issue-message.js';

export interface ParseManifestsOptions {
  /** Named in every issue; usually the file name. */
  source?: string;
  /** Providers whose schemas judge `providerSpec.value`; without them providerSpec stays opaque. */
  providers?: readonly ProviderSpecSource[];
}

export interface ManifestText {
  text: string;
  source: string;
}

export interface ParsedManifests {
  /** Every valid object, defaults applied, in the order found. */
  objects: ClusterApiObject[];
  clusters: Cluster[];
  machines: Machine[];
  machineSets: MachineSet[];
  machineDeployments: MachineDeployment[];
  machineClasses: MachineClass[];
  /** Every problem found; `objects` holds only the documents without one. */
  issues: ManifestIssue[];
  defaults: AppliedDefault[];
}

/** Parses one multi-document YAML text of Cluster API v1alpha1 objects. */
export function parseManifests(text: string, options: ParseManifestsOptions = {}): ParsedManifests {
  return parseManifestTexts([{ text, source: options.source ?? '<input>' }], options);
}

/**
 * Parses several texts as one set: names must be unique across all of them, and
 * every problem of every file is reported at once.
 */
export function parseManifestTexts(texts: readonly ManifestText[], options: Omit<ParseManifestsOptions, 'source'> = {}): ParsedManifests {
  const result: ParsedManifests = {
    objects: [],
    clusters: [],
    machines: [],
    machineSets: [],
    machineDeployments: [],
    machineClasses: [],
    issues: [],
    defaults: [],
  };
  const seen = new Map<string, string>();
  for (const { text, source } of texts) {
    const lineCounter = new LineCounter();
    const documents = parseAllDocuments(text, { lineCounter, uniqueKeys: true });
    const documentList = Array.isArray(documents) ? documents : [];
    if (!Array.isArray(documents)) {
      result.issues.push({ source, documentIndex: 1, path: '', message: 'not a YAML stream' });
      continue;
    }
    documentList.forEach((document, position) => {
      const documentIndex = position + 1;
      const parsed = parseDocument(document, { source, documentIndex, lineCounter, providers: options.providers ?? [] });
      result.issues.push(...parsed.issues);
      for (const { object, defaults, itemIndex } of parsed.objects) {
        const item = itemIndex === undefined ? {} : { itemIndex };
        // Objects named only by generateName get their names from the store, so they cannot clash here.
        const key = object.metadata.name === undefined ? undefined : `${object.kind}/${object.metadata.namespace}/${object.metadata.name}`;
        const firstSeen = key === undefined ? undefined : seen.get(key);
        if (firstSeen) {
          result.issues.push({
            source,
            documentIndex,
            ...item,
            kind: object.kind,
            name: object.metadata.name,
            path: 'metadata.name',
            message: `duplicate name: ${firstSeen} already declares ${object.kind} "${object.metadata.name}" in namespace "${object.metadata.namespace}"`,
            ...lineOf(document, lineCounter, [...itemPath(itemIndex), 'metadata', 'name']),
          });
          continue;
        }
        if (key !== undefined) seen.set(key, `${source} doc ${documentIndex}${itemIndex === undefined ? '' : ` items[${itemIndex}]`}`);
        result.defaults.push(...defaults);
        result.objects.push(object);
        addToKindList(result, object);
      }
    });
  }
  return result;
}

function addToKindList(result: ParsedManifests, object: ClusterApiObject): void {
  switch (object.kind) {
    case 'Cluster':
      result.clusters.push(object);
      break;
    case 'Machine':
      result.machines.push(object);
      break;
    case 'MachineSet':
      result.machineSets.push(object);
      break;
    case 'MachineDeployment':
      result.machineDeployments.push(object);
      break;
    case 'MachineClass':
      result.machineClasses.push(object);
      break;
  }
}

interface DocumentContext {
  source: string;
  documentIndex: number;
  lineCounter: LineCounter;
  providers: readonly ProviderSpecSource[];
}

interface ParsedObject {
  object: ClusterApiObject;
  defaults: AppliedDefault[];
  /** Position in the document's `items` when the document is a list. */
  itemIndex?: number;
}

interface ParsedDocument {
  objects: ParsedObject[];
  issues: ManifestIssue[];
}

function itemPath(itemIndex: number | undefined): PropertyKey[] {
  return itemIndex === undefined ? [] : ['items', itemIndex];
}

/**
 * A document that holds objects in `items` rather than being one: `kind: List` (what kubectl
 * writes and reads), a typed list such as `kind: MachineList`, or a mapping with nothing but
 * `items` (the 2018 clusterctl machines.yaml files, which kubectl itself cannot read).
 */
function isListDocument(input: Record<string, unknown>): boolean {
  const kind = input['kind'];
  const apiVersion = input['apiVersion'];
  if (kind === 'List') return apiVersion === undefined || apiVersion === 'v1';
  if (typeof kind === 'string' && kind.endsWith('List')) return apiVersion === clusterApiGroupVersion && isClusterApiKind(kind.slice(0, -'List'.length));
  return kind === undefined && apiVersion === undefined && 'items' in input;
}

function parseDocument(document: Document.Parsed, context: DocumentContext): ParsedDocument {
  const { source, documentIndex, lineCounter } = context;
  const at = (path: string, message: string, extra: Partial<ManifestIssue> = {}): ManifestIssue => ({ source, documentIndex, path, message, ...extra });

  if (document.errors.length > 0) {
    const issues = document.errors.map((error) => {
      const line = error.linePos?.[0]?.line;
      return at('', `invalid YAML: ${firstLine(error.message)}`, line ? { line } : {});
    });
    return { issues, objects: [] };
  }
  let raw: unknown;
  try {
    raw = document.toJS({ maxAliasCount: 100 });
  } catch (error) {
    // An alias without its anchor, or one expanding past the alias limit, only fails here.
    const line = unresolvedAliasLine(document, lineCounter);
    return { issues: [at('', `invalid YAML: ${firstLine(error instanceof Error ? error.message : String(error))}`, line ? { line } : {})], objects: [] };
  }
  if (raw === null || raw === undefined) return { issues: [], objects: [] };
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    return { issues: [at('', `expected a mapping with apiVersion, kind, metadata and spec, got ${describeValue(raw)}`)], objects: [] };
  }
  const input = raw as Record<string, unknown>;
  if (!isListDocument(input)) {
    const parsed = parseObject(input, undefined, document, context);
    return { issues: parsed.issues, objects: parsed.object ? [parsed.object] : [] };
  }
  const items = input['items'];
  if (!Array.isArray(items)) {
    return { issues: [at('items', `expected a list of objects, got ${describeValue(items)}`, lineOf(document, lineCounter, ['items']))], objects: [] };
  }
  const result: ParsedDocument = { issues: [], objects: [] };
  items.forEach((item: unknown, itemIndex) => {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) {
      result.issues.push(
        at('', `expected a mapping with apiVersion, kind, metadata and spec, got ${describeValue(item)}`, { itemIndex, ...lineOf(document, lineCounter, ['items', itemIndex]) }),
      );
      return;
    }
    const parsed = parseObject(item as Record<string, unknown>, itemIndex, document, context);
    result.issues.push(...parsed.issues);
    if (parsed.object) result.objects.push(parsed.object);
  });
  return result;
}

/** One object: a document, or one of a list document's items. */
function parseObject(
  input: Record<string, unknown>,
  itemIndex: number | undefined,
  document: Document.Parsed,
  context: DocumentContext,
): { object?: ParsedObject; issues: ManifestIssue[] } {
  const { source, documentIndex, lineCounter } = context;
  const issues: ManifestIssue[] = [];
  const kind = input['kind'];
  const name = readName(input);
  const identity: Partial<ManifestIssue> = {
    ...(itemIndex === undefined ? {} : { itemIndex }),
    ...(typeof kind === 'string' ? { kind } : {}),
    ...(name ? { name } : {}),
  };
  // `linePath` points deeper than `path` where the field path names a map but one key is at fault.
  const issueAt = (path: PropertyKey[], message: string, linePath: PropertyKey[] = path): ManifestIssue => ({
    source,
    documentIndex,
    path: formatFieldPath(path),
    message,
    ...identity,
    ...lineOf(document, lineCounter, [...itemPath(itemIndex), ...linePath]),
  });

  if (kind === undefined) return { issues: [issueAt(['kind'], `required field is missing (expected one of ${clusterApiKindNames.join(', ')})`)] };
  if (typeof kind !== 'string') {
    return { issues: [issueAt(['kind'], `expected one of ${clusterApiKindNames.join(', ')}, got ${describeValue(kind)}`)] };
  }
  if (!isClusterApiKind(kind)) {
    return { issues: [issueAt(['kind'], `unknown kind ${describeValue(kind)}; expected one of ${clusterApiKindNames.join(', ')}`)] };
  }
  if (input['apiVersion'] !== clusterApiGroupVersion) {
    return { issues: [issueAt(['apiVersion'], `expected "${clusterApiGroupVersion}", got ${describeValue(input['apiVersion'])}`)] };
  }

  const upgraded = upgradeProviderConfig(input, (path, message) => issues.push(issueAt(path, message)));
  const rawMetadata = upgraded['metadata'] ?? {};
  if (typeof rawMetadata !== 'object' || rawMetadata === null || Array.isArray(rawMetadata)) {
    return { issues: [...issues, issueAt(['metadata'], `expected a mapping with at least a name, got ${describeValue(rawMetadata)}`)] };
  }
  const metadata = rawMetadata as Record<string, unknown>;
  // Only an absent name is reported here; a present but malformed one (even "") is the schema's to judge.
  if (metadata['name'] == null && metadata['generateName'] == null) {
    issues.push(issueAt(['metadata', 'name'], 'required field is missing (expected a lowercase DNS subdomain name)'));
  }
  const withNamespace = { ...upgraded, metadata: { namespace: 'default', ...metadata } };

  const schema: z.ZodType = clusterApiKinds[kind].schema;
  const outcome = schema.safeParse(withNamespace, { reportInput: true });
  if (!outcome.success) {
    for (const issue of outcome.error.issues) {
      const path = issue.code === 'unrecognized_keys' && issue.keys.length === 1 ? [...issue.path, issue.keys[0] as string] : issue.path;
      // A label or annotation problem names the map, as Kubernetes does, and points at the key's line.
      const key = issue.code === 'custom' ? (issue.params as { key?: unknown } | undefined)?.key : undefined;
      issues.push(issueAt(path, zodIssueMessage(issue), typeof key === 'string' ? [...path, key] : path));
    }
  }
  issues.push(...checkProviderSpecs(upgraded, kind, context.providers, issueAt));
  issues.push(...checkSelector(upgraded, kind, issueAt));
  if (!outcome.success || issues.length > 0) return { issues };

  const object = outcome.data as ClusterApiObject;
  // Compared with the upgraded input, so a renamed providerConfig is not mistaken for a default.
  const defaults = collectAppliedDefaults(upgraded, object).map(({ path, value }) => ({
    source,
    documentIndex,
    kind,
    name: object.metadata.name ?? '',
    path,
    value,
  }));
  return { object: { object, defaults, ...(itemIndex === undefined ? {} : { itemIndex }) }, issues };
}

function checkProviderSpecs(
  input: Record<string, unknown>,
  kind: string,
  providers: readonly ProviderSpecSource[],
  issueAt: (path: PropertyKey[], message: string) => ManifestIssue,
): ManifestIssue[] {
  if (providers.length === 0) return [];
  const locations: { path: PropertyKey[]; target: ProviderSpecTarget }[] = [];
  if (kind === 'Cluster') locations.push({ path: ['spec', 'providerSpec', 'value'], target: 'cluster' });
  if (kind === 'Machine') locations.push({ path: ['spec', 'providerSpec', 'value'], target: 'machine' });
  if (kind === 'MachineSet' || kind === 'MachineDeployment') {
    locations.push({ path: ['spec', 'template', 'spec', 'providerSpec', 'value'], target: 'machine' });
  }
  if (kind === 'MachineClass') locations.push({ path: ['providerSpec'], target: 'machine' });

  const issues: ManifestIssue[] = [];
  for (const { path, target } of locations) {
    const value = readPath(input, path);
    if (!value || typeof value !== 'object' || Array.isArray(value)) continue;
    const lookup = findProviderSpecSchema(providers, value as Record<string, unknown>, target);
    if ('problem' in lookup) {
      issues.push(issueAt([...path, 'apiVersion'], lookup.problem));
      continue;
    }
    for (const problem of validateProviderSpec(lookup.schema, value)) {
      issues.push(issueAt([...path, ...problem.path], problem.message));
    }
  }
  return issues;
}

const labelsSchema = z.record(z.string(), z.string()).optional();

/**
 * Judged on the input, not the parsed object, so a selector mismatch is reported
 * together with the document's other problems instead of after they are fixed.
 */
function checkSelector(input: Record<string, unknown>, kind: string, issueAt: (path: PropertyKey[], message: string) => ManifestIssue): ManifestIssue[] {
  if (kind !== 'MachineSet' && kind !== 'MachineDeployment') return [];
  const selector = labelSelectorSchema.safeParse(readPath(input, ['spec', 'selector']));
  const labels = labelsSchema.safeParse(readPath(input, ['spec', 'template', 'metadata', 'labels']));
  // A malformed selector or label map is already reported by the kind's schema.
  if (!selector.success || !labels.success) return [];
  if (isEmptyLabelSelector(selector.data)) {
    return [issueAt(['spec', 'selector'], nonEmptySelectorMessage)];
  }
  // Without a template there is nothing to compare; its absence is reported by the schema.
  const template = readPath(input, ['spec', 'template']);
  if (template === null || typeof template !== 'object') return [];
  if (!matchesLabelSelector(selector.data, labels.data)) {
    return [
      issueAt(
        ['spec', 'selector'],
        `does not match spec.template.metadata.labels (${JSON.stringify(labels.data ?? {})}); the ${kind} would never own the Machines it creates`,
      ),
    ];
  }
  return [];
}

function readName(input: Record<string, unknown>): string | undefined {
  const metadata = input['metadata'];
  if (!metadata || typeof metadata !== 'object') return undefined;
  const name = (metadata as Record<string, unknown>)['name'];
  return typeof name === 'string' ? name : undefined;
}

function readPath(value: unknown, path: readonly PropertyKey[]): unknown {
  let current = value;
  for (const segment of path) {
    if (!current || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[segment];
  }
  return current;
}

/**
 * The line of the deepest existing field on `path`, so an error points where to look:
 * the line of a field's key (where a person reads its name), or of a list item.
 */
function lineOf(document: Document.Parsed, lineCounter: LineCounter, path: readonly PropertyKey[]): { line?: number } {
  for (let length = path.length; length >= 0; length -= 1) {
    const segment = path[length - 1];
    if (length > 0 && typeof segment === 'string') {
      const parent = document.getIn(path.slice(0, length - 1) as unknown[], true);
      const pair = isMap(parent) ? parent.items.find((item) => isScalar(item.key) && item.key.value === segment) : undefined;
      const keyRange = isScalar(pair?.key) ? pair.key.range : undefined;
      if (keyRange) return { line: lineCounter.linePos(keyRange[0]).line };
      continue;
    }
    const node = document.getIn(path.slice(0, length) as unknown[], true) as { range?: [number, number, number] } | undefined;
    if (node && typeof node === 'object' && Array.isArray(node.range)) {
      return { line: lineCounter.linePos(node.range[0]).line };
    }
  }
  return {};
}

function unresolvedAliasLine(document: Document.Parsed, lineCounter: LineCounter): number | undefined {
  let line: number | undefined;
  visit(document, {
    Alias(_key, alias) {
      if (alias.resolve(document) !== undefined || !alias.range) return undefined;
      line = lineCounter.linePos(alias.range[0]).line;
      return visit.BREAK;
    },
  });
  return line;
}

function firstLine(message: string): string {
  // The yaml library ends its first line with a colon that introduces a source excerpt we do not show.
  return (message.split('\n')[0] ?? message).replace(/:\s*$/, '');
}
