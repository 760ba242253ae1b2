// n8n loads the package through the `n8n` section of package.json; this entry
// point only lets the built classes be required by tests and tools.
export { MediarithmicsApi } from './credentials/MediarithmicsApi.credentials';
export { Mediarithmics } from './nodes/Mediarithmics/Mediarithmics.node';
export { MediarithmicsTrigger } from './nodes/Mediarithmics/MediarithmicsTrigger.node';
