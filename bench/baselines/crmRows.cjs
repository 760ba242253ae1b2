// The data of the items scenario. The same source texts are the bodies of
// the workflow's Code nodes and are used by the plain Node.js baseline, so
// both handle exactly the same values.
'use strict';

/** CRM-like rows, for Build Lines From Fields (few fields: n8n prints every item of the run). */
const CRM_ROWS_SOURCE = `
const tiers = ['gold', 'silver', 'bronze'];
const rows = new Array(COUNT);
for (let i = 0; i < COUNT; i++) {
	rows[i] = { json: { email: ' Customer.' + i + '@Example.com', tier: tiers[i % 3], unsubscribed: i % 7 === 0 } };
}
return rows;
`;

/** Ready segment commands, for Items as Lines (no per-item expression). */
const SEGMENT_LINES_SOURCE = `
const tiers = ['gold', 'silver', 'bronze'];
const lines = new Array(COUNT);
for (let i = 0; i < COUNT; i++) {
	lines[i] = { json: { operation: i % 7 === 0 ? 'DELETE' : 'UPDATE', user_account_id: 'C' + i, segment_technical_name: 'newsletter_' + tiers[i % 3], expiration_duration: 0 } };
}
return lines;
`;

/**
 * The peer path's Code node: the rows to the same segment commands as Build
 * Lines From Fields builds with the crm-rows example (same keys, same order),
 * for Items as Lines. Needs NODE_FUNCTION_ALLOW_BUILTIN=crypto.
 */
const PEER_LINES_CODE = `
const crypto = require('crypto');
return $input.all().map(({ json: row }) => ({
	json: {
		operation: row.unsubscribed ? 'DELETE' : 'UPDATE',
		email_hash: crypto.createHash('sha256').update(String(row.email).trim().toLowerCase(), 'utf8').digest('hex'),
		segment_technical_name: 'newsletter_' + row.tier,
		expiration_duration: 0,
	},
}));
`;

const SOURCES = { fields: CRM_ROWS_SOURCE, lines: SEGMENT_LINES_SOURCE };

/** The Code node's JavaScript for `count` values of `kind` ('fields' rows or ready 'lines'). */
function itemsCode(kind, count) {
	return SOURCES[kind].replace(/COUNT/g, String(count));
}

/** The values themselves (what the Code node outputs, without the json wrapper). */
function itemValues(kind, count) {
	return new Function(itemsCode(kind, count))().map((item) => item.json);
}

module.exports = { itemsCode, itemValues, PEER_LINES_CODE };
