// GET /v1/data_file/data?uri=<mics:// uri>: the bytes of an execution's error
// file or of its stored input file.

import { stat } from 'fs/promises';
import { badRequest, notFound } from '../apiError';
import type { RouteContext } from '../context';
import { route } from '../router';

async function downloadDataFile(context: RouteContext): Promise<void> {
  const uri = context.query.get('uri');
  if (!uri) throw badRequest("Query parameter 'uri' is required: the mics:// uri of the file (URL-encoded)");
  if (!uri.startsWith('mics://')) throw badRequest(`Invalid uri '${uri}': a mics:// uri is expected`);
  const file = context.core.state.dataFile(uri);
  const size = file ? await stat(file.path).then((stats) => stats.size, () => undefined) : undefined;
  if (!file || size === undefined) throw notFound(`Data file ${uri} not found`);
  await context.reply.file(file.path, file.contentType, size);
}

export const dataFileRoutes = [route('GET', '/v1/data_file/data', downloadDataFile)];
