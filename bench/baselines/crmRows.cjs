// The CRM-like rows of the items scenario. The same source text is the body
// of the workflow's Code node and is used by the plain Node.js baseline, so
// both handle exactly the same data.
'use strict';
const CRM_ROWS_SOURCE = `
const tiers = ['gold', 'silver', 'bronze'];
const rows = new Array(COUNT);
for (let i = 0; i < COUNT; i++) {
	rows[i] = { json: { customer_id: 'C' + i, email: ' Customer.' + i + '@Example.com', tier: tiers[i % 3], unsubscribed: i % 7 === 0 } };
}
return rows;
`;

/** The Code node's JavaScript for `count` rows. */
function crmRowsCode(count) {
	return CRM_ROWS_SOURCE.replace(/COUNT/g, String(count));
}

/** The rows themselves (what the Code node outputs, without the json wrapper). */
function crmRows(count) {
	return new Function(crmRowsCode(count))().map((item) => item.json);
}

module.exports = { crmRowsCode, crmRows };
