import type { ClusterApiKind } from '../api/v1alpha1/kinds.js';
import { clusterNameLabel } from '../api/v1alpha1/api-group.js';

/** One column of `kubectl get` (a CRD's additionalPrinterColumns entry). */
export interface PrinterColumn {
  name: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  jsonPath: string;
  description: string;
  /** 0: shown by `kubectl get`; 1: only with `-o wide`. */
  priority?: number;
}

// JSONPath needs the dots of a label key escaped.
const clusterColumn: PrinterColumn = {
  name: 'Cluster',
  type: 'string',
  jsonPath: `.metadata.labels.${clusterNameLabel.replaceAll('.', '\\.')}`,
  description: 'The Cluster the object belongs to (the cluster.k8s.io/cluster-name label).',
};

// Declaring columns replaces kubectl's default ones, so Age is declared again.
const ageColumn: PrinterColumn = {
  name: 'Age',
  type: 'date',
  jsonPath: '.metadata.creationTimestamp',
  description: 'Time since the object was created.',
};

const replicaColumns = (kind: 'MachineSet' | 'MachineDeployment'): PrinterColumn[] => [
  { name: 'Desired', type: 'integer', jsonPath: '.spec.replicas', description: `Machines the ${kind} wants.` },
  { name: 'Current', type: 'integer', jsonPath: '.status.replicas', description: `Machines the ${kind} has.` },
  ...(kind === 'MachineDeployment'
    ? [{ name: 'Updated', type: 'integer' as const, jsonPath: '.status.updatedReplicas', description: 'Machines made from the current template.' }]
    : []),
  { name: 'Ready', type: 'integer', jsonPath: '.status.readyReplicas', description: 'Machines whose Node is ready.' },
  { name: 'Available', type: 'integer', jsonPath: '.status.availableReplicas', description: 'Machines ready for at least minReadySeconds.' },
];

/** What `kubectl get` shows for each kind. */
export const printerColumns: Record<ClusterApiKind, PrinterColumn[]> = {
  Cluster: [
    { name: 'Endpoint', type: 'string', jsonPath: '.status.apiEndpoints[0].host', description: 'Host of the workload cluster\'s API server.' },
    { name: 'Infrastructure', type: 'boolean', jsonPath: '.status.infrastructureReady', description: 'True once the cluster infrastructure is reconciled.' },
    { name: 'ControlPlane', type: 'boolean', jsonPath: '.status.controlPlaneReady', description: 'True once the first control-plane Node registered.' },
    { name: 'Error', type: 'string', jsonPath: '.status.errorReason', description: 'Reason of a terminal problem.', priority: 1 },
    ageColumn,
  ],
  Machine: [
    { name: 'Phase', type: 'string', jsonPath: '.status.phase', description: 'Where the Machine is in its life (Pending ... Running, Deleting, Failed).' },
    { name: 'ProviderID', type: 'string', jsonPath: '.spec.providerID', description: 'The cloud\'s ID of the instance.' },
    { name: 'Node', type: 'string', jsonPath: '.status.nodeRef.name', description: 'The Node the Machine became.' },
    { ...clusterColumn, priority: 1 },
    { name: 'Kubelet', type: 'string', jsonPath: '.spec.versions.kubelet', description: 'Kubernetes version of the kubelet.', priority: 1 },
    { name: 'Error', type: 'string', jsonPath: '.status.errorReason', description: 'Reason of a terminal problem.', priority: 1 },
    ageColumn,
  ],
  MachineSet: [...replicaColumns('MachineSet'), { ...clusterColumn, priority: 1 }, ageColumn],
  MachineDeployment: [...replicaColumns('MachineDeployment'), { ...clusterColumn, priority: 1 }, ageColumn],
  MachineClass: [
    { name: 'ProviderKind', type: 'string', jsonPath: '.providerSpec.kind', description: 'Kind of the provider settings, naming the provider.' },
    ageColumn,
  ],
};
