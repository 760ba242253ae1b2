// GET /v1/connected_user: the cheap call that proves a token works, and the
// workspaces' datamarts that a datamart picker lists.

import { route } from '../router';

export const connectedUserRoutes = [
  route('GET', '/v1/connected_user', ({ core, reply }) => reply.ok(core.state.connectedUser)),
];
