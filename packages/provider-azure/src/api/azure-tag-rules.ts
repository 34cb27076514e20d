/**
 * What Azure Resource Manager accepts as tags, checked in the providerSpec so a
 * refusal comes before the resource group exists: at most 50 tags per resource
 * (the provider's ownership tags included), names of at most 512 characters
 * without < > % & \ ? /, values of at most 256 characters.
 */
import { ownershipTagKeys } from '@slipway/provider-utils';
import { z } from 'zod';

export const azureTagLimits = { tagsPerResource: 50, nameLength: 512, valueLength: 256 } as const;

const reservedTagNameCharacters = /[<>%&\\?/]/;

export const azureTagNameSchema = z
  .string()
  .min(1, 'tag names are not empty')
  .max(azureTagLimits.nameLength, `tag names have at most ${azureTagLimits.nameLength} characters`)
  .refine((name) => !reservedTagNameCharacters.test(name), 'Azure refuses tag names with any of < > % & \\ ? / (use "-" or "." instead, e.g. "team.owner")');

export const azureTagValueSchema = z.string().max(azureTagLimits.valueLength, `tag values have at most ${azureTagLimits.valueLength} characters`);

/**
 * Additional tags that still fit beside `ownershipTagCount` ownership tags.
 * Azure compares tag names without regard to case, so an additional tag that
 * repeats an ownership tag's name takes no extra place (the ownership one wins).
 */
export function azureAdditionalTagsSchema(ownershipTagCount: number) {
  const room = azureTagLimits.tagsPerResource - ownershipTagCount;
  const ownershipNames = new Set(Object.values(ownershipTagKeys).map((key) => key.toLowerCase()));
  return z
    .record(azureTagNameSchema, azureTagValueSchema)
    .refine(
      (tags) => new Set(Object.keys(tags).map((key) => key.toLowerCase()).filter((key) => !ownershipNames.has(key))).size <= room,
      `Azure takes at most ${azureTagLimits.tagsPerResource} tags per resource and Slipway adds ${ownershipTagCount} ownership tags, so give at most ${room} additional tags`,
    );
}
