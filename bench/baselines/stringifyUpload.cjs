// The items scenario's plain Node.js baseline, run by the same Node as n8n:
// the segment commands the node builds from the CRM rows are computed first
// (not timed; for Items as Lines they are the values themselves), then the
// timed part does only what any uploader must do:
// JSON.stringify each line and POST the NDJSON in parts of at most
// the given part size to the simulator. Prints {"ms": <elapsed>, "bytes": ...}.
'use strict';
const { createHash } = require('crypto');
const http = require('http');
const { itemValues } = require('./crmRows.cjs');

const [kind, count, url, token, partBytes] = [process.argv[2], Number(process.argv[3]), process.argv[4], process.env.BENCH_TOKEN, Number(process.argv[5])];

/** The lines the node uploads: built from the rows as Build Lines From Fields does, or the ready lines. */
function linesOf(values) {
	if (kind === 'lines') return values;
	return values.map((row) => ({
		operation: row.unsubscribed ? 'DELETE' : 'UPDATE',
		email_hash: createHash('sha256').update(row.email.trim().toLowerCase(), 'utf8').digest('hex'),
		segment_technical_name: `newsletter_${row.tier}`,
		expiration_duration: 0,
	}));
}

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
	const lines = linesOf(itemValues(kind, count));
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
