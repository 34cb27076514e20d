import { z } from 'zod';
import { isDnsSubdomain } from './field-formats.js';

/**
 * Labels and annotations as Kubernetes validates them (apimachinery's ValidateLabels and
 * ValidateAnnotations), so `slipway validate` refuses what an API server refuses. Problems are
 * reported at the map's own path (`metadata.labels`), the key named in the message, as the API
 * server reports them; the key goes along in the issue's params so a caller can point at its line.
 */

const qualifiedNamePart = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const labelValuePattern = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const maximumNameLength = 63;
const maximumPrefixLength = 253;
/** apimachinery's TotalAnnotationSizeLimitB: keys and values of one object together. */
export const maximumAnnotationsSize = 256 * 1024;

const qualifiedNameRule =
  'a name of at most 63 characters of a-z, A-Z, 0-9, "-", "_" and ".", starting and ending with a letter or digit, optionally after a lowercase DNS subdomain prefix and "/" (such as example.com/tier)';
const labelValueRule = 'at most 63 characters of a-z, A-Z, 0-9, "-", "_" and ".", starting and ending with a letter or digit, or empty';

/** Why `key` is not a Kubernetes qualified name (a label key), or undefined when it is one. */
export function qualifiedNameProblem(key: string): string | undefined {
  const slash = key.indexOf('/');
  const prefix = slash < 0 ? undefined : key.slice(0, slash);
  const name = slash < 0 ? key : key.slice(slash + 1);
  if (prefix !== undefined && (prefix.length === 0 || prefix.length > maximumPrefixLength || !isDnsSubdomain(prefix))) {
    return 'its prefix is not a lowercase DNS subdomain';
  }
  if (name.length === 0) return 'its name part is empty';
  if (name.length > maximumNameLength) return `its name part is ${name.length} characters long`;
  if (!qualifiedNamePart.test(name)) return 'its name part has a character not allowed, or does not start and end with a letter or digit';
  return undefined;
}

/** Why `value` is not a Kubernetes label value, or undefined when it is one. */
export function labelValueProblem(value: string): string | undefined {
  if (value.length > maximumNameLength) return `it is ${value.length} characters long`;
  if (!labelValuePattern.test(value)) return 'it has a character not allowed, or does not start and end with a letter or digit';
  return undefined;
}

function quoted(text: string): string {
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 57)}...` : text);
}

// The API server's cost estimator refuses a rule over keys of unbounded length and number unless
// the pattern is short, so the CRD checks keys loosely: the characters, not the DNS labels of the
// prefix nor the 63-character bound of the name; `slipway validate` checks them exactly. Values
// are checked by the value schema itself.
const labelKeyCelRule = {
  rule: "self.all(key, key.matches('^([a-z0-9]([-a-z0-9.]*[a-z0-9])?/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$'))",
  message: `a label key is ${qualifiedNameRule}`,
};
const annotationKeyCelRule = {
  rule: "self.all(key, key.matches('(?i)^([a-z0-9]([-a-z0-9.]*[a-z0-9])?/)?[a-z0-9]([-a-z0-9_.]*[a-z0-9])?$'))",
  message: `an annotation key is ${qualifiedNameRule} (any case)`,
};

const labelValueMeta = { maxLength: maximumNameLength, pattern: labelValuePattern.source };

function checkLabels(labels: Record<string, string>, context: z.RefinementCtx): void {
  for (const [key, value] of Object.entries(labels)) {
    const keyProblem = qualifiedNameProblem(key);
    if (keyProblem) {
      context.addIssue({ code: 'custom', message: `label key ${quoted(key)} is refused: ${keyProblem}; a label key is ${qualifiedNameRule}`, params: { key } });
      continue;
    }
    const valueProblem = labelValueProblem(value);
    if (valueProblem) {
      context.addIssue({
        code: 'custom',
        message: `label ${quoted(key)}: value ${quoted(value)} is refused: ${valueProblem}; a label value is ${labelValueRule}`,
        params: { key },
      });
    }
  }
}

/** Kubernetes labels: qualified-name keys, values of at most 63 characters. */
export const labelsSchema = z
  .record(z.string(), z.string().meta(labelValueMeta))
  .superRefine(checkLabels)
  .meta({ 'x-kubernetes-validations': [labelKeyCelRule] });

/**
 * How many labels or requirements a selector may hold. Kubernetes sets no such bound; the
 * API server's CEL cost estimate for "the selector matches the template" needs one, and no
 * real selector comes near it.
 */
export const maximumSelectorTerms = 256;

/** A selector's matchLabels: labels, at most maximumSelectorTerms of them. */
export const selectorLabelsSchema = z
  .record(z.string(), z.string().meta(labelValueMeta))
  .superRefine((labels, context) => {
    const count = Object.keys(labels).length;
    if (count > maximumSelectorTerms) context.addIssue({ code: 'custom', message: `expected at most ${maximumSelectorTerms} labels, got ${count}` });
    checkLabels(labels, context);
  })
  .meta({ maxProperties: maximumSelectorTerms });

/** A label key standing alone (a selector requirement's key). */
export const labelKeySchema = z
  .string()
  .superRefine((key, context) => {
    const problem = qualifiedNameProblem(key);
    if (problem) context.addIssue({ code: 'custom', message: `label key ${quoted(key)} is refused: ${problem}; a label key is ${qualifiedNameRule}` });
  })
  .meta({ maxLength: maximumPrefixLength + 1 + maximumNameLength });

/** A label value standing alone (a selector requirement's values). */
export const labelValueSchema = z
  .string()
  .superRefine((value, context) => {
    const problem = labelValueProblem(value);
    if (problem) context.addIssue({ code: 'custom', message: `label value ${quoted(value)} is refused: ${problem}; a label value is ${labelValueRule}` });
  })
  .meta(labelValueMeta);

/** Kubernetes annotations: qualified-name keys (any case), values of any text, 256 KiB in all. */
export const annotationsSchema = z
  .record(z.string(), z.string())
  .superRefine((annotations, context) => {
    // Kubernetes counts bytes, not characters.
    const encoder = new TextEncoder();
    let size = 0;
    for (const [key, value] of Object.entries(annotations)) {
      size += encoder.encode(key).length + encoder.encode(value).length;
      const keyProblem = qualifiedNameProblem(key.toLowerCase());
      if (keyProblem) {
        context.addIssue({
          code: 'custom',
          message: `annotation key ${quoted(key)} is refused: ${keyProblem}; an annotation key is ${qualifiedNameRule} (any case)`,
          params: { key },
        });
      }
    }
    if (size > maximumAnnotationsSize) {
      context.addIssue({
        code: 'custom',
        message: `annotations are ${size} bytes in all; at most ${maximumAnnotationsSize} (256 KiB) are allowed, keys and values together`,
      });
    }
  })
  .meta({ 'x-kubernetes-validations': [annotationKeyCelRule] });
