import { clusterApiGroup, clusterApiVersion } from '../api/v1alpha1/api-group.js';
import { clusterApiKindNames, clusterApiKinds, type ClusterApiKind } from '../api/v1alpha1/kinds.js';
import { kindJsonSchema } from './kind-json-schema.js';
import { withLegacyProviderConfig } from './legacy-provider-config.js';
import { printerColumns } from './printer-columns.js';

/**
 * cluster.k8s.io is a protected *.k8s.io group: an API server refuses a CRD in it without this
 * annotation. Its value is either the URL of an approved Kubernetes API review or, as here,
 * "unapproved, <why>": Cluster API v1alpha1 is kept under its 2018 group so that the manifests
 * written for it apply unchanged, not because Kubernetes reviewed Slipway's API.
 */
export const apiApprovalAnnotation = 'api-approved.kubernetes.io';
export const apiApprovalValue = 'unapproved, Cluster API v1alpha1 as published in 2018, kept so that its manifests apply unchanged';

/** A CustomResourceDefinition (apiextensions.k8s.io/v1) for each kind, ready for `kubectl apply`. */
export function buildCustomResourceDefinitions(): Record<string, unknown>[] {
  return clusterApiKindNames.map(buildCustomResourceDefinition);
}

/** The schema the API server validates each kind with: the kind's own schema and the 2018 providerConfig field. */
export function customResourceSchema(kind: ClusterApiKind): Record<string, unknown> {
  return withLegacyProviderConfig(kind, kindJsonSchema(kind));
}

export function buildCustomResourceDefinition(kind: ClusterApiKind): Record<string, unknown> {
  const plural = clusterApiKinds[kind].plural;
  const hasStatus = kind !== 'MachineClass';
  const hasScale = kind === 'MachineSet' || kind === 'MachineDeployment';
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${plural}.${clusterApiGroup}`, annotations: { [apiApprovalAnnotation]: apiApprovalValue } },
    spec: {
      group: clusterApiGroup,
      scope: 'Namespaced',
      names: { kind, listKind: `${kind}List`, plural, singular: kind.toLowerCase(), categories: ['cluster-api'] },
      versions: [
        {
          name: clusterApiVersion,
          served: true,
          storage: true,
          schema: { openAPIV3Schema: customResourceSchema(kind) },
          additionalPrinterColumns: printerColumns[kind].map((column) => ({ ...column })),
          ...(hasStatus || hasScale
            ? {
                subresources: {
                  ...(hasStatus ? { status: {} } : {}),
                  ...(hasScale
                    ? { scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas', labelSelectorPath: '.status.selector' } }
                    : {}),
                },
              }
            : {}),
        },
      ],
    },
  };
}
