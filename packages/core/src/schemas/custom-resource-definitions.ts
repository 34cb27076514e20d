import { clusterApiGroup, clusterApiVersion } from '../api/v1alpha1/api-group.js';
import { clusterApiKindNames, clusterApiKinds, type ClusterApiKind } from '../api/v1alpha1/kinds.js';
import { kindJsonSchema } from './kind-json-schema.js';

/** A CustomResourceDefinition (apiextensions.k8s.io/v1) for each kind, ready for `kubectl apply`. */
export function buildCustomResourceDefinitions(): Record<string, unknown>[] {
  return clusterApiKindNames.map(buildCustomResourceDefinition);
}

export function buildCustomResourceDefinition(kind: ClusterApiKind): Record<string, unknown> {
  const plural = clusterApiKinds[kind].plural;
  const hasStatus = kind !== 'MachineClass';
  const hasScale = kind === 'MachineSet' || kind === 'MachineDeployment';
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${plural}.${clusterApiGroup}` },
    spec: {
      group: clusterApiGroup,
      scope: 'Namespaced',
      names: { kind, listKind: `${kind}List`, plural, singular: kind.toLowerCase() },
      versions: [
        {
          name: clusterApiVersion,
          served: true,
          storage: true,
          schema: { openAPIV3Schema: kindJsonSchema(kind) },
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
