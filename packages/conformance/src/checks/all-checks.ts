/** Every check of the kit, group by group, in the order they run. */
import type { ConformanceGroup } from '../conformance-options.js';
import { apiBudgetChecks } from './api-budget-checks.js';
import { basicsChecks } from './basics-checks.js';
import { capabilityChecks } from './capability-checks.js';
import type { ConformanceCheck } from './conformance-check.js';
import { deletionChecks } from './deletion-checks.js';
import { errorChecks } from './error-checks.js';
import { eventualConsistencyChecks } from './eventual-consistency-checks.js';
import { idempotencyChecks } from './idempotency-checks.js';
import { ownershipChecks } from './ownership-checks.js';
import { userDataChecks } from './user-data-checks.js';

export const conformanceChecks: Readonly<Record<ConformanceGroup, readonly ConformanceCheck[]>> = {
  basics: basicsChecks,
  idempotency: idempotencyChecks,
  deletion: deletionChecks,
  'eventual-consistency': eventualConsistencyChecks,
  errors: errorChecks,
  ownership: ownershipChecks,
  'user-data': userDataChecks,
  'api-budget': apiBudgetChecks,
  capabilities: capabilityChecks,
};
