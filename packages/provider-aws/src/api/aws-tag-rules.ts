/**
 * What EC2 and ELBv2 accept as tags, checked in the providerSpec so a refusal
 * comes before anything is created: at most 50 tags per resource, keys of 1 to
 * 128 characters not starting with "aws:" (AWS reserves the prefix, in any
 * case), values of at most 256 characters. Slipway puts up to 6 tags of its own
 * on a resource (Name, role, availability zone and the ownership tags), so 40
 * are left for the providerSpec. A Cluster's name goes into tag values too
 * (`<cluster>-<role>` as the Name tag), so it is bounded by the value length.
 */
import { z } from 'zod';

export const awsTagLimits = { tagsPerResource: 50, keyLength: 128, valueLength: 256 } as const;

/** The longest role suffix of a cluster resource's Name tag (`-control-plane-security-group`). */
const longestNameTagSuffix = '-control-plane-security-group'.length;

/** The longest Cluster name whose derived Name tags still fit in a tag value. */
export const awsMaximumClusterNameLength = awsTagLimits.valueLength - longestNameTagSuffix;

export const tagMapSchema = z
  .record(
    z.string().min(1).max(128, { message: 'expected a tag key of at most 128 characters' }).refine((key) => !key.toLowerCase().startsWith('aws:'), {
      message: 'tag keys starting with "aws:" are reserved by AWS',
    }),
    z.string().max(256, { message: 'expected a tag value of at most 256 characters' }),
  )
  .refine((tags) => Object.keys(tags).length <= 40, { message: 'expected at most 40 additional tags (EC2 allows 50, Slipway uses the rest)' });
