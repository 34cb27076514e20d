/**
 * What a Machine's `spec.providerSpec.value` holds for a Metal device: where it
 * runs (a metro, or a facility as 2018 manifests said), its plan and operating
 * system, billing cycle, extra tags, the spot and hardware-reservation options,
 * and optionally another project than the provider's.
 */
import { z } from 'zod';

export const packetApiGroups = ['packetprovider', 'packet.slipway.dev'] as const;

/** Metal slugs: `c3.small.x86`, `ubuntu_24_04`, `da`, `ewr1`. */
export const metalSlugSchema = z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, { message: 'expected a Metal slug of lowercase letters, digits, ".", "_" and "-" (such as c3.small.x86 or ubuntu_24_04)' });

export const metalProjectIdSchema = z.uuid({ message: 'expected a project UUID' });

export const billingCycleSchema = z.enum(['hourly', 'daily', 'monthly', 'yearly']);

export const packetMachineProviderSpecSchema = z
  .strictObject({
    apiVersion: z.string().optional(),
    kind: z.literal('PacketMachineProviderSpec').optional(),
    /** The metro the device runs in (`da`, `ny`, `am`...). */
    metro: metalSlugSchema.optional(),
    /** Facilities in order of preference (`[ewr1, ny5]`); Metal picks the first with capacity. Prefer `metro`. */
    facility: z.union([metalSlugSchema, z.array(metalSlugSchema).min(1)]).optional(),
    /** The server plan (`c3.small.x86`). */
    plan: metalSlugSchema,
    /** The operating system slug (`ubuntu_24_04`). */
    operatingSystem: metalSlugSchema,
    billingCycle: billingCycleSchema.default('hourly'),
    /** Extra device tags, on top of Slipway's ownership tags. */
    tags: z
      .array(z.string().min(1).max(255))
      .default([])
      .refine((tags) => !tags.some((tag) => tag.startsWith('slipway-')), { message: 'expected no tags starting with "slipway-": they mark ownership' }),
    /** Bid on spare capacity; needs `spotPriceMax`. */
    spotInstance: z.boolean().default(false),
    /** The highest hourly price paid for a spot device, in US dollars. */
    spotPriceMax: z.number().positive().optional(),
    /** A hardware reservation to deploy on: its UUID, or `next-available`. */
    hardwareReservationID: z.union([z.uuid(), z.literal('next-available')], { message: 'expected a hardware reservation UUID or next-available' }).optional(),
    /** Another project than the provider's (settings.projectId or METAL_PROJECT_ID). */
    projectID: metalProjectIdSchema.optional(),
  })
  .refine((spec) => (spec.metro === undefined) !== (spec.facility === undefined), { message: 'expected exactly one of metro or facility', path: ['metro'] })
  .refine((spec) => !spec.spotInstance || spec.spotPriceMax !== undefined, { message: 'a spot instance needs spotPriceMax (US dollars per hour)', path: ['spotPriceMax'] });

export type PacketMachineProviderSpec = z.output<typeof packetMachineProviderSpecSchema>;
