/**
 * The name under which the provider counts an Azure request: the HTTP method and
 * the resource type it acts on, so `statistics().callsByOperation` reads like the
 * azure-burst benchmark's table (calls per machine, polls per long-running operation).
 */
/** `PUT virtualMachines`, `GET operations`, `GET operationResults`, `GET virtualMachines (list)`. */
export function azureOperationLabel(method: string, url: string): string {
  const path = new URL(url).pathname.split('/').filter((segment) => segment.length > 0);
  const lower = path.map((segment) => segment.toLowerCase());
  const operationIndex = lower.findIndex((segment) => segment === 'operations' || segment === 'operationresults');
  if (operationIndex > 0 && lower[operationIndex - 2] === 'locations') return `${method} ${path[operationIndex]}`;
  const providerIndex = lower.lastIndexOf('providers');
  const tail = providerIndex >= 0 ? path.slice(providerIndex + 2) : path.slice(2);
  if (tail.length === 0) return `${method} resourceGroups`;
  // An odd tail ends in a collection: a list.
  const type = tail.length % 2 === 1 ? tail[tail.length - 1] : tail[tail.length - 2];
  return `${method} ${type}${tail.length % 2 === 1 ? ' (list)' : ''}`;
}
