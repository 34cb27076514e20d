import { z } from 'zod';
import { objectNameSchema, timestampSchema } from './field-formats.js';

export const ownerReferenceSchema = z.object({
  apiVersion: z.string(),
  kind: z.string(),
  name: z.string(),
  uid: z.string(),
  controller: z.boolean().optional(),
  blockOwnerDeletion: z.boolean().optional(),
});
export type OwnerReference = z.output<typeof ownerReferenceSchema>;

/**
 * Kubernetes ObjectMeta: the fields Slipway reads and the store maintains.
 * Fields it does not know (managedFields, selfLink, ...) are kept as they are.
 */
export const objectMetaSchema = z.looseObject({
  name: objectNameSchema.optional(),
  generateName: z.string().optional(),
  namespace: objectNameSchema.optional(),
  uid: z.string().optional(),
  labels: z.record(z.string(), z.string()).optional(),
  annotations: z.record(z.string(), z.string()).optional(),
  finalizers: z.array(z.string()).optional(),
  ownerReferences: z.array(ownerReferenceSchema).optional(),
  resourceVersion: z.string().optional(),
  generation: z.number().int().nonnegative().optional(),
  creationTimestamp: timestampSchema.optional(),
  deletionTimestamp: timestampSchema.optional(),
});
export type ObjectMeta = z.output<typeof objectMetaSchema>;
