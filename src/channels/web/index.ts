import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync } from 'fastify';
import { projectRoot } from '../../paths.js';

/**
 * tsc does not copy static files, so they are served from the source tree under the project
 * root both under tsx (src/) and after a build (dist/). The Docker image must ship this folder.
 */
export const webPublicDir = path.join(projectRoot, 'src', 'channels', 'web', 'public');

/**
 * The citizens' web chat at `/` and the hotline console at `/console`. Registered without
 * fastify-plugin on purpose: the `sendFile` decorator stays inside this plugin, so another
 * static root elsewhere cannot clash with it. `wildcard: false` serves only the files present at
 * start, leaving unknown paths to the server's own 404.
 */
export const webChatRoutes: FastifyPluginAsync = async (server) => {
  await server.register(fastifyStatic, { root: webPublicDir, prefix: '/', wildcard: false, index: ['index.html'] });
  server.get('/console', (_request, reply) => reply.sendFile('console.html'));
};
