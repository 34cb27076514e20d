/** The finalizers the controllers put on objects (the names Cluster API v1alpha1 used). */
export const machineFinalizer = 'machine.cluster.k8s.io';
export const clusterFinalizer = 'cluster.cluster.k8s.io';
/** Annotation that marks a Machine to go first when its MachineSet scales down. */
export const deleteMachineAnnotation = 'cluster.k8s.io/delete-machine';
