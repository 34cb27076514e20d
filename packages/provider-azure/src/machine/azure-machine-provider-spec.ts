import { z } from 'zod';
import { azureAdditionalTagsSchema } from '../api/azure-tag-rules.js';
import { azureSshPublicKeyProblem } from './azure-ssh-public-key.js';

/**
 * What a Machine's `spec.providerSpec.value` holds for Azure: where the VM
 * runs, its size, image and OS disk, its network placement, and extra tags.
 * Errors name the field and what was expected.
 */
const marketplaceImageSchema = z.strictObject({
  publisher: z.string().min(1, 'give the image publisher, e.g. "Canonical"'),
  offer: z.string().min(1, 'give the image offer, e.g. "ubuntu-24_04-lts"'),
  sku: z.string().min(1, 'give the image SKU, e.g. "server"'),
  /** A version such as 1.2.3, or "latest". */
  version: z
    .string()
    .regex(/^(latest|\d+\.\d+\.\d+)$/, 'expected "latest" or a version such as 24.04.202410010')
    .default('latest'),
});

const imageIdSchema = z.strictObject({
  /** A managed image or gallery image version: /subscriptions/…/providers/Microsoft.Compute/(images|galleries)/… */
  id: z
    .string()
    .regex(/^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Compute\/(images|galleries)\/.+$/i, 'expected an image resource id: /subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.Compute/images/<name> or …/galleries/<gallery>/images/<image>/versions/<version>'),
});

/**
 * The admin user names a VM's osProfile.adminUsername may not take, as the
 * Compute API's VirtualMachine specification lists them (compared in lower case;
 * the providerSpec's pattern allows lower case only).
 */
export const azureReservedAdminUsernames: ReadonlySet<string> = new Set([
  'administrator', 'admin', 'user', 'user1', 'test', 'user2', 'test1', 'user3', 'admin1', '1', '123', 'a', 'actuser', 'adm', 'admin2', 'aspnet',
  'backup', 'console', 'david', 'guest', 'john', 'owner', 'root', 'server', 'sql', 'support', 'support_388945a0', 'sys', 'test2', 'test3', 'user4', 'user5',
]);
const azureReservedAdminUsernamesText = [...azureReservedAdminUsernames].map((name) => `"${name}"`).join(', ');

export const azureStorageAccountTypes = ['Standard_LRS', 'StandardSSD_LRS', 'Premium_LRS', 'StandardSSD_ZRS', 'Premium_ZRS'] as const;

export const azureMachineProviderSpecSchema = z.strictObject({
  apiVersion: z.string().optional(),
  kind: z.literal('AzureMachineProviderSpec').optional(),
  /** The Azure region (e.g. "westeurope"); defaults to the cluster's location. */
  location: z
    .string()
    .regex(/^[a-z0-9]+$/, 'expected a region name in lower case without spaces, e.g. "westeurope"')
    .optional(),
  /** The VM size, e.g. "Standard_D2s_v5". */
  vmSize: z.string().regex(/^(Standard|Basic)_[A-Za-z0-9_]+$/, 'expected an Azure VM size such as "Standard_D2s_v5"'),
  /** A marketplace image (publisher/offer/sku/version) or an image id. */
  image: z.union([imageIdSchema, marketplaceImageSchema], {
    error: 'expected { publisher, offer, sku, version? } for a marketplace image or { id } for a managed or gallery image',
  }),
  osDisk: z
    .strictObject({
      sizeGB: z.number().int().min(30, 'the OS disk needs at least 30 GiB').max(4095, 'the OS disk holds at most 4095 GiB').default(30),
      storageAccountType: z.enum(azureStorageAccountTypes).default('Premium_LRS'),
    })
    .default({ sizeGB: 30, storageAccountType: 'Premium_LRS' }),
  /**
   * The subnet: a name among the cluster's subnets, or a full subnet id.
   * Default: the cluster's control-plane subnet for control-plane machines, its node subnet otherwise.
   */
  subnet: z.string().min(1).optional(),
  /** Give the VM its own public IP address (deleted with it). */
  publicIP: z.boolean().default(false),
  /** An availability zone of the region: "1", "2" or "3". */
  availabilityZone: z.enum(['1', '2', '3']).optional(),
  /** Extra tags for every resource of this machine, on top of the ownership tags. */
  additionalTags: azureAdditionalTagsSchema(3).default({}),
  /** An OpenSSH public key for the admin user; without one no key works (ssh is not needed). */
  sshPublicKey: z
    .string()
    .regex(/^(ssh-rsa|ssh-ed25519|ecdsa-sha2-nistp(256|384|521)) [A-Za-z0-9+/]+=*( .*)?$/, 'expected an OpenSSH public key such as "ssh-ed25519 AAAA… user@host"')
    .superRefine((key, context) => {
      const problem = azureSshPublicKeyProblem(key);
      if (problem !== undefined) context.addIssue({ code: 'custom', message: problem });
    })
    .optional(),
  /** The admin user name on the VM. */
  adminUsername: z
    .string()
    .regex(/^[a-z_][a-z0-9_-]{0,31}$/, 'expected a Linux user name: lower case, up to 32 characters')
    .refine((name) => !azureReservedAdminUsernames.has(name), {
      error: (issue) => `"${String(issue.input)}" is an admin user name Azure refuses (it reserves ${azureReservedAdminUsernamesText}); choose another, e.g. "slipway"`,
    })
    .default('slipway'),
});

export type AzureMachineProviderSpec = z.output<typeof azureMachineProviderSpecSchema>;
