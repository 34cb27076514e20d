/** The crash test's plan: what the MachineDeployment should look like in each run. */

export const finalReplicas = 200;

/** What the deployment should look like during run `run` (the final run uses the last entry). */
export function planFor(run: number): { replicas: number; instanceType: string } {
  if (run < 5) return { replicas: 40 * (run + 1), instanceType: 'small' };
  if (run < 15) return { replicas: finalReplicas, instanceType: 'small' };
  if (run < 22) return { replicas: finalReplicas, instanceType: 'medium' };
  if (run < 30) return { replicas: 120, instanceType: 'medium' };
  return { replicas: finalReplicas, instanceType: 'large' };
}
