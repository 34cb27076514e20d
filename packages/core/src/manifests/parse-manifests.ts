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
import { isEmptyLabelSelector, labelSelectorSchema, matchesLabelSelector } from '../api/v1alpha1/label-selector.js';
import type { Machine } from '../api/v1alpha1/machine.js';
import type { MachineClass } from '../api/v1alpha1/machine-class.js';
import type { MachineDeployment } from '../api/v1alpha1/machine-deployment.js';
import type { MachineSet } from '../api/v1alpha1/machine-set.js';
import { collectAppliedDefaults, type AppliedDefault } from './applied-default.js';
import { describeValue } from './describe-value.js';
import { formatFieldPath, type ManifestIssue } from './manifest-issue.js';
import { findProviderSpecSchema, type ProviderSpecSource, type ProviderSpecTarget } from './provider-spec-validator.js';
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
      if (!parsed.object) return;
      const object = parsed.object;
      // Objects named only by generateName get their names from the store, so they cannot clash here.
      const key = object.metadata.name === undefined ? undefined : `${object.kind}/${object.metadata.namespace}/${object.metadata.name}`;
      const firstSeen = key === undefined ? undefined : seen.get(key);
      if (firstSeen) {
        result.issues.push({
          source,
          documentIndex,
          kind: object.kind,
          name: object.metadata.name,
          path: 'metadata.name',
          message: `duplicate name: ${firstSeen} already declares ${object.kind} "${object.metadata.name}" in namespace "${object.metadata.namespace}"`,
          ...lineOf(document, lineCounter, ['metadata', 'name']),
        });
        return;
      }
      if (key !== undefined) seen.set(key, `${source} doc ${documentIndex}`);
      result.defaults.push(...parsed.defaults);
      result.objects.push(object);
      addToKindList(result, object);
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

interface ParsedDocument {
  object?: ClusterApiObject;
  issues: ManifestIssue[];
  defaults: AppliedDefault[];
}

function parseDocument(document: Document.Parsed, context: DocumentContext): ParsedDocument {
  const { source, documentIndex, lineCounter } = context;
  const issues: ManifestIssue[] = [];
  const at = (path: string, message: string, extra: Partial<ManifestIssue> = {}): ManifestIssue => ({ source, documentIndex, path, message, ...extra });

  if (document.errors.length > 0) {
    for (const error of document.errors) {
      const line = error.linePos?.[0]?.line;
      issues.push(at('', `invalid YAML: ${firstLine(error.message)}`, line ? { line } : {}));
    }
    return { issues, defaults: [] };
  }
  let raw: unknown;
  try {
    raw = document.toJS({ maxAliasCount: 100 });
  } catch (error) {
    // An alias without its anchor, or one expanding past the alias limit, only fails here.
    const line = unresolvedAliasLine(document, lineCounter);
    return { issues: [at('', `invalid YAML: ${firstLine(error instanceof Error ? error.message : String(error))}`, line ? { line } : {})], defaults: [] };
  }
  if (raw === null || raw === undefined) return { issues, defaults: [] };
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    return { issues: [at('', `expected a mapping with apiVersion, kind, metadata and spec, got ${describeValue(raw)}`)], defaults: [] };
  }
  const input = raw as Record<string, unknown>;
  const kind = input['kind'];
  const name = readName(input);
  const identity: Partial<ManifestIssue> = { ...(typeof kind === 'string' ? { kind } : {}), ...(name ? { name } : {}) };
  const issueAt = (path: PropertyKey[], message: string): ManifestIssue =>
    at(formatFieldPath(path), message, { ...identity, ...lineOf(document, lineCounter, path) });

  if (kind === undefined) return { issues: [issueAt(['kind'], `required field is missing (expected one of ${clusterApiKindNames.join(', ')})`)], defaults: [] };
  if (typeof kind !== 'string') {
    return { issues: [issueAt(['kind'], `expected one of ${clusterApiKindNames.join(', ')}, got ${describeValue(kind)}`)], defaults: [] };
  }
  if (!isClusterApiKind(kind)) {
    return { issues: [issueAt(['kind'], `unknown kind ${describeValue(kind)}; expected one of ${clusterApiKindNames.join(', ')}`)], defaults: [] };
  }
  if (input['apiVersion'] !== clusterApiGroupVersion) {
    return { issues: [issueAt(['apiVersion'], `expected "${clusterApiGroupVersion}", got ${describeValue(input['apiVersion'])}`)], defaults: [] };
  }

  const upgraded = upgradeProviderConfig(input, (path, message) => issues.push(issueAt(path, message)));
  const rawMetadata = upgraded['metadata'] ?? {};
  if (typeof rawMetadata !== 'object' || rawMetadata === null || Array.isArray(rawMetadata)) {
    return { issues: [...issues, issueAt(['metadata'], `expected a mapping with at least a name, got ${describeValue(rawMetadata)}`)], defaults: [] };
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
      issues.push(issueAt(path, zodIssueMessage(issue)));
    }
  }
  issues.push(...checkProviderSpecs(upgraded, kind, context.providers, issueAt));
  issues.push(...checkSelector(upgraded, kind, issueAt));
  if (!outcome.success || issues.length > 0) return { issues, defaults: [] };

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
  return { object, issues, defaults };
}

/**
 * Manifests written before Cluster API renamed `providerConfig` to `providerSpec`
 * load unchanged: the old name is moved to the new one.
 */
function upgradeProviderConfig(input: Record<string, unknown>, report: (path: PropertyKey[], message: string) => void): Record<string, unknown> {
  const rename = (holder: unknown, path: PropertyKey[]): unknown => {
    if (!holder || typeof holder !== 'object' || Array.isArray(holder)) return holder;
    const record = holder as Record<string, unknown>;
    if (!('providerConfig' in record)) return holder;
    const { providerConfig, ...rest } = record;
    if ('providerSpec' in record) {
      // Reported once here; dropping it keeps the schema from adding "unknown field" for the same mistake.
      report([...path, 'providerConfig'], 'providerConfig is the older name of providerSpec; give only one of them');
      return rest;
    }
    return { ...rest, providerSpec: providerConfig };
  };
  const copy: Record<string, unknown> = { ...input };
  if (input['kind'] === 'MachineClass') return rename(copy, []) as Record<string, unknown>;
  const spec = rename(copy['spec'], ['spec']);
  if (input['kind'] === 'MachineSet' || input['kind'] === 'MachineDeployment') {
    const specRecord = spec && typeof spec === 'object' ? { ...(spec as Record<string, unknown>) } : spec;
    if (specRecord && typeof specRecord === 'object') {
      const template = (specRecord as Record<string, unknown>)['template'];
      if (template && typeof template === 'object') {
        const templateRecord = template as Record<string, unknown>;
        (specRecord as Record<string, unknown>)['template'] = {
          ...templateRecord,
          spec: rename(templateRecord['spec'], ['spec', 'template', 'spec']),
        };
      }
    }
    copy['spec'] = specRecord;
  } else {
    copy['spec'] = spec;
  }
  return copy;
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
    return [issueAt(['spec', 'selector'], 'expected a non-empty selector (matchLabels or matchExpressions); an empty one would select every Machine')];
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
