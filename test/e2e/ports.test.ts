/**
 * The e2e tests' processes bind ports chosen when they start, and one whose
 * port was taken between the choice and its bind is started once more on
 * another (n8nProcess.ts). Each case hands the process a port another server
 * holds as its first choice.
 */
import { createServer, type Server } from 'net';
import type { AddressInfo } from 'net';

import { freePort, freePorts, N8n } from './n8n';
import { startN8nProcess, stopN8nProcess } from './n8nProcess';
import { startPostgres, startRedis } from './queue/services';

jest.setTimeout(10 * 60 * 1000);

let holder: Server;
let heldPort: number;

beforeAll(async () => {
	holder = createServer();
	await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
	heldPort = (holder.address() as AddressInfo).port;
});

afterAll(async () => {
	await new Promise((resolve) => holder.close(resolve));
});

/** A port chooser whose first answer is the held port, then free ones; counts its calls. */
function takenFirst() {
	const chooser = async () => (++chooser.calls === 1 ? heldPort : await freePort());
	chooser.calls = 0;
	return chooser;
}

test('Redis whose port was taken before it bound it is started once more on another', async () => {
	const choose = takenFirst();
	const redis = await startRedis(choose);
	try {
		expect(choose.calls).toBe(2);
		expect(redis.port).not.toBe(heldPort);
	} finally {
		await redis.stop();
	}
});

test('Postgres whose port was taken before it bound it is started once more on another', async () => {
	const choose = takenFirst();
	const postgres = await startPostgres(choose);
	try {
		expect(choose.calls).toBe(2);
		expect(postgres.port).not.toBe(heldPort);
	} finally {
		await postgres.stop();
	}
});

test('n8n whose task broker port was taken before it bound it exits, and is started once more on new ports', async () => {
	const n8n = await N8n.create();
	let calls = 0;
	try {
		const started = await startN8nProcess(n8n, ['start'], {
			name: 'start',
			env: { N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '5' },
			ports: ['N8N_PORT'],
			// The broker's port comes first (see N8n.spawn).
			choosePorts: async (count) => {
				const ports = await freePorts(count);
				if (++calls === 1) ports[0] = heldPort;
				return ports;
			},
			ready: async (process) => (await fetch(`http://127.0.0.1:${process.ports.N8N_PORT}/healthz`)).ok,
		});
		try {
			expect(calls).toBe(2);
			expect(started.log()).toContain(`n8n Task Broker's port ${heldPort} is already in use`);
			expect(started.ports.N8N_RUNNERS_BROKER_PORT).not.toBe(heldPort);
		} finally {
			await stopN8nProcess(started);
		}
	} finally {
		n8n.remove();
	}
});
