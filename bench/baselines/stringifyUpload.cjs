// The items scenario's plain Node.js baseline, run by the same Node as n8n:
// the segment commands the node builds from the CRM rows are computed first
// (not timed), then the timed part does only what any uploader must do:
// JSON.stringify each line and POST the NDJSON in parts of at most
// BENCH_PART_BYTES to the simulator. Prints {"ms": <elapsed>, "bytes": ...}.
'use strict';
const { createHash } = require('crypto');
const http = require('http');
const { crmRows } = require('./crmRows.cjs');

const [count, url, token, partBytes] = [Number(process.argv[2]), process.argv[3], process.env.BENCH_TOKEN, Number(process.argv[4])];

function post(body) {
	return new Promise((resolve, reject) => {
		const request = http.request(url, {
			method: 'POST',
			headers: { Authorization: token, 'Content-Type': 'application/x-ndjson', 'Content-Length': body.length },
		});
		request.on('response', (response) => {
			response.resume();
			response.on('end', () => (response.statusCode === 200 ? resolve() : reject(new Error(`upload answered ${response.statusCode}`))));
		});
		request.on('error', reject);
		request.end(body);
	});
}

async function main() {
	const lines = crmRows(count).map((row) => ({
		operation: row.unsubscribed ? 'DELETE' : 'UPDATE',
		email_hash: createHash('sha256').update(row.email.trim().toLowerCase(), 'utf8').digest('hex'),
		segment_technical_name: `newsletter_${row.tier}`,
		expiration_duration: 0,
	}));
	const start = process.hrtime.bigint();
	let part = [];
	let partLength = 0;
	let bytes = 0;
	for (const line of lines) {
		const text = `${JSON.stringify(line)}\n`;
		if (partLength + text.length > partBytes) {
			await post(Buffer.from(part.join(''), 'utf8'));
			part = [];
			partLength = 0;
		}
		part.push(text);
		partLength += text.length;
		bytes += text.length;
	}
	if (part.length > 0) await post(Buffer.from(part.join(''), 'utf8'));
	const ms = Number(process.hrtime.bigint() - start) / 1e6;
	process.stdout.write(JSON.stringify({ ms, bytes }));
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
