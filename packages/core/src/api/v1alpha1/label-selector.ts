import { z } from 'zod';
import { labelKeySchema, labelValueSchema, maximumSelectorTerms, selectorLabelsSchema } from './metadata-maps.js';

export const labelSelectorRequirementSchema = z.strictObject({
  key: labelKeySchema.describe('The label key the requirement is about.'),
  operator: z
    .enum(['In', 'NotIn', 'Exists', 'DoesNotExist'])
    .describe('In: the label has one of values. NotIn: it is absent or has none of them. Exists / DoesNotExist: the label is present / absent.'),
  values: z.array(labelValueSchema).max(maximumSelectorTerms).optional().describe('The values In and NotIn compare with.'),
});

export const nonEmptySelectorMessage = 'expected a non-empty selector (matchLabels or matchExpressions); an empty one would select every Machine';

export const labelSelectorSchema = z
  .strictObject({
    matchLabels: selectorLabelsSchema.optional().describe('Labels an object must carry, with exactly these values.'),
    matchExpressions: z
      .array(labelSelectorRequirementSchema)
      .max(maximumSelectorTerms)
      .optional()
      .describe('Further requirements; all must hold.'),
  })
  .describe('Selects Machines by label: an object matches when it satisfies matchLabels and every matchExpressions requirement.');
export type LabelSelector = z.output<typeof labelSelectorSchema>;

/**
 * The selector of a MachineSet or MachineDeployment: it must select something. parseManifests
 * checks this itself (to report it once, before the template comparison); the CEL rule says the
 * same to an API server.
 */
export const ownerSelectorSchema = labelSelectorSchema.meta({
  'x-kubernetes-validations': [
    {
      rule: '(has(self.matchLabels) && size(self.matchLabels) > 0) || (has(self.matchExpressions) && size(self.matchExpressions) > 0)',
      message: nonEmptySelectorMessage,
    },
  ],
});

// CEL's has() rather than optional fields (`?.`): the API server's cost estimator keeps the
// size bounds of a field read through has(), and loses them through an optional.
const hasTemplateLabels = 'has(self.template.metadata) && has(self.template.metadata.labels)';
const templateLabels = 'self.template.metadata.labels';

/**
 * For the spec of a MachineSet or MachineDeployment: the selector matches the labels of the
 * template it stamps Machines from, with Kubernetes' label-selector semantics.
 */
export function selectorMatchesTemplateRule(kind: 'MachineSet' | 'MachineDeployment'): Record<string, string> {
  const present = (key: string) => `(${hasTemplateLabels} && ${key} in ${templateLabels})`;
  const valueIn = `(${present('requirement.key')} && has(requirement.values) && ${templateLabels}[requirement.key] in requirement.values)`;
  return {
    rule:
      `(!has(self.selector.matchLabels) || self.selector.matchLabels.all(key, ${present('key')} && ${templateLabels}[key] == self.selector.matchLabels[key])) && ` +
      `(!has(self.selector.matchExpressions) || self.selector.matchExpressions.all(requirement, ` +
      `requirement.operator == 'In' ? ${valueIn} : ` +
      `requirement.operator == 'NotIn' ? !${valueIn} : ` +
      `requirement.operator == 'Exists' ? ${present('requirement.key')} : !${present('requirement.key')}))`,
    fieldPath: '.selector',
    message: `does not match spec.template.metadata.labels; the ${kind} would never own the Machines it creates`,
  };
}
/** Kubernetes label-selector semantics; an empty selector matches everything. */
export function matchesLabelSelector(selector: LabelSelector, labels: Record<string, string> | undefined): boolean {
  const actual = labels ?? {};
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    if (actual[key] !== value) return false;
  }
  for (const requirement of selector.matchExpressions ?? []) {
    const present = Object.hasOwn(actual, requirement.key);
    const value = actual[requirement.key];
    const values = requirement.values ?? [];
    switch (requirement.operator) {
      case 'In':
        if (!present || !values.includes(value as string)) return false;
        break;
      case 'NotIn':
        if (present && values.includes(value as string)) return false;
        break;
      case 'Exists':
        if (!present) return false;
        break;
      case 'DoesNotExist':
        if (present) return false;
        break;
    }
  }
  return true;
}

/** True when the selector has no requirement at all (it would select every object). */
export function isEmptyLabelSelector(selector: LabelSelector): boolean {
  return Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0;
}
