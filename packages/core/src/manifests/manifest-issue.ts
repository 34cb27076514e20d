/**
 * One problem found in a manifest, located well enough for a person to fix it
 * without hunting: the file, the document, the object and the field.
 */
export interface ManifestIssue {
  /** The file or other origin the text came from. */
  source: string;
  /** 1-based position of the YAML document in its file. */
  documentIndex: number;
  /** 0-based position in the document's `items` when the document is a list (`kind: List`). */
  itemIndex?: number;
  kind?: string;
  name?: string;
  /** Dotted field path such as `spec.providerSpec.value.instanceType`; empty for the document as a whole. */
  path: string;
  /** What was expected and what was found. */
  message: string;
  /** 1-based line in the source, when known. */
  line?: number;
}

export function formatManifestIssue(issue: ManifestIssue): string {
  const object = issue.kind ? ` ${issue.kind}${issue.name ? ` "${issue.name}"` : ''}` : '';
  const field = issue.path ? `${issue.path}: ` : '';
  const line = issue.line ? ` (line ${issue.line})` : '';
  const item = issue.itemIndex === undefined ? '' : ` items[${issue.itemIndex}]`;
  return `${issue.source} doc ${issue.documentIndex}${item}${object}: ${field}${issue.message}${line}`;
}

/** Renders a path array as Kubernetes does: `spec.template.spec.taints[0].effect`. */
export function formatFieldPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else text += text ? `.${String(segment)}` : String(segment);
  }
  return text;
}
