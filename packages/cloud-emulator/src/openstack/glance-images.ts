/**
 * Glance v2's image list and get, enough to resolve an image by name (Nova's own
 * image API is gone since microversion 2.36, so clients ask Glance).
 */
import type { EmulatorHttpReply, EmulatorHttpRequest } from '../server/emulator-http-request.js';
import type { OpenStackCloud, OpenStackImage } from './openstack-cloud.js';
import { openStackError } from './openstack-error.js';

function render(image: OpenStackImage): Record<string, unknown> {
  return {
    id: image.id,
    name: image.name,
    status: 'active',
    visibility: 'public',
    disk_format: 'qcow2',
    container_format: 'bare',
    min_disk: 0,
    min_ram: 0,
    tags: [],
    self: `/v2/images/${image.id}`,
    file: `/v2/images/${image.id}/file`,
    schema: '/v2/schemas/image',
  };
}

export function handleGlanceImages(cloud: OpenStackCloud, request: EmulatorHttpRequest, segments: readonly string[]): EmulatorHttpReply {
  const [collection, id] = segments;
  if (collection !== 'images' || request.method !== 'GET') throw openStackError(404, 'NotFound', 'The resource could not be found.');
  if (id !== undefined) {
    const image = cloud.image(id);
    if (!image) throw openStackError(404, 'NotFound', `No image found with ID ${id}`);
    return { status: 200, body: render(image) };
  }
  const name = request.url.searchParams.get('name');
  const images = cloud.images.filter((image) => name === null || image.name === name).map(render);
  return { status: 200, body: { images, first: '/v2/images', schema: '/v2/schemas/images' } };
}
