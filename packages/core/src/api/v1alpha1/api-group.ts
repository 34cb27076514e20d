/** Names fixed by Cluster API v1alpha1: the API group, its version and its well-known labels. */
export const clusterApiGroup = 'cluster.k8s.io';
export const clusterApiVersion = 'v1alpha1';
export const clusterApiGroupVersion = `${clusterApiGroup}/${clusterApiVersion}`;

/** The label that ties a Machine, MachineSet or MachineDeployment to its Cluster. */
export const clusterNameLabel = 'cluster.k8s.io/cluster-name';
/** The label a MachineDeployment puts on its MachineSets and Machines to tell revisions apart. */
export const machineTemplateHashLabel = 'machine-template-hash';
/** The annotation recording a MachineSet's MachineDeployment revision. */
export const revisionAnnotation = 'machinedeployment.clusters.k8s.io/revision';
