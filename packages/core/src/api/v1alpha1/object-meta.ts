import { z } from 'zod';
import { generateNameSchema, namespaceNameSchema, objectNameSchema, timestampSchema } from './field-formats.js';
import { annotationsSchema, labelsSchema } from './metadata-maps.js';

export const ownerReferenceSchema = z.object({
  apiVersion: z.string().describe('API version of the owner, such as cluster.k8s.io/v1alpha1.'),
  kind: z.string().describe('Kind of the owner, such as MachineSet.'),
  name: z.string().describe('Name of the owner, in the same namespace.'),
  uid: z.string().describe('UID of the owner: a reference to an owner that was deleted and created again does not match.'),
  controller: z.boolean().optional().describe('True on the one owner that manages this object.'),
  blockOwnerDeletion: z.boolean().optional().describe('If true, the owner is not deleted (in foreground deletion) before this object is.'),
});
export type OwnerReference = z.output<typeof ownerReferenceSchema>;

/**
 * Kubernetes ObjectMeta: the fields Slipway reads and the store maintains, held to the
 * rules an API server applies. Fields it does not know (managedFields, selfLink, ...) are
 * kept as they are.
 */
export const objectMetaSchema = z.looseObject({
  name: objectNameSchema.optional().describe('Name, unique per kind within the namespace: a lowercase DNS subdomain (a-z, 0-9, "-", "."; at most 253 characters).'),
  generateName: generateNameSchema
    .optional()
    .describe('Prefix from which the API server makes a unique name when no name is given (it appends five random characters).'),
  namespace: namespaceNameSchema.optional().describe('Namespace of the object: a lowercase DNS label; "default" when not given.'),
  uid: z.string().optional().describe('Unique ID the API server assigns on creation.'),
  labels: labelsSchema
    .optional()
    .describe('Labels for selection (selectors match them): keys are qualified names, values at most 63 characters.'),
  annotations: annotationsSchema.optional().describe('Annotations: free-form text for tools, keyed by qualified names; 256 KiB in all.'),
  finalizers: z.array(z.string()).optional().describe('Finalizers that must be removed before the object is deleted.'),
  ownerReferences: z.array(ownerReferenceSchema).optional().describe('Objects this one depends on; it is garbage-collected when they are all gone.'),
  resourceVersion: z.string().optional().describe('Version of the object, for optimistic concurrency: a write with a stale one is refused.'),
  generation: z.number().int().nonnegative().optional().describe('Incremented by the API server on each change of spec.'),
  creationTimestamp: timestampSchema.optional().describe('When the object was created (RFC 3339), set by the API server.'),
  deletionTimestamp: timestampSchema.optional().describe('When deletion was requested; the object stays until its finalizers are removed.'),
});
export type ObjectMeta = z.output<typeof objectMetaSchema>;

/** What `kubectl explain` says of the fields every kind has. */
export const commonFieldDescriptions = {
  apiVersion: 'Version of the schema this object follows: cluster.k8s.io/v1alpha1.',
  kind: 'The kind of object.',
  metadata: 'Standard object metadata: name, namespace, labels, annotations, owner references.',
} as const;
