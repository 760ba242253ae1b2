/**
 * Two loopback servers for the redirect tests: `front`, the API URL the credential is given
 * (http://localhost:<port>), passes every request on to an upstream (the simulator) except those
 * `redirect` picks, which it answers with a redirect to the same path on `other`, another origin
 * (http://127.0.0.1:<another port>), with a query string added. `other` records the Authorization
 * header of every request it gets (the token must never be among them) and answers like the API.
 */
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'http';
import type { AddressInfo } from 'net';

export interface RedirectServers {
	frontUrl: string;
	otherOrigin: string;
	/** What `other` received. */
	seen: Array<{ method: string; path: string; authorization?: string }>;
	/** The status to redirect a request with, or undefined to pass it on. */
	redirect: (request: IncomingMessage) => number | undefined;
	stop(): Promise<void>;
}

async function listen(server: Server, host: string): Promise<number> {
	await new Promise<void>((resolve) => server.listen(0, host, resolve));
	return (server.address() as AddressInfo).port;
}

export async function startRedirectServers(upstreamUrl: () => string): Promise<RedirectServers> {
	const seen: RedirectServers['seen'] = [];
	const other = createServer((request, response) => {
		seen.push({ method: request.method ?? '', path: request.url ?? '', authorization: request.headers.authorization });
		request.resume();
		response.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ status: 'ok', data: [], count: 0, total: 0 }));
	});
	const otherOrigin = `http://127.0.0.1:${await listen(other, '127.0.0.1')}`;
	const servers: RedirectServers = {
		frontUrl: '',
		otherOrigin,
		seen,
		redirect: () => undefined,
		stop: async () => {
			for (const server of [front, other]) await new Promise((resolve) => server.close(resolve));
		},
	};
	const front = createServer((request, response) => {
		const status = servers.redirect(request);
		if (status !== undefined) {
			request.resume();
			const query = request.url?.includes('?') ? '&' : '?';
			response.writeHead(status, { Location: `${otherOrigin}${request.url}${query}sig=QUERY-SECRET` }).end();
			return;
		}
		const upstream = new URL(upstreamUrl());
		const proxied = httpRequest({ host: upstream.hostname, port: upstream.port, method: request.method, path: request.url, headers: request.headers }, (answer) => {
			response.writeHead(answer.statusCode ?? 502, answer.headers);
			answer.pipe(response);
		});
		request.pipe(proxied);
	});
	servers.frontUrl = `http://localhost:${await listen(front, 'localhost')}`;
	return servers;
}
