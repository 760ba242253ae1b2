// JSON that keeps what item values can hold beyond JSON (undefined, NaN, -0,
// Infinity, a Date), to pass generated items and n8n's results between the
// test (Node 20) and the provisioned n8n's Node 24.
'use strict';

function encode(value) {
	if (value === undefined) return { $t: 'undefined' };
	if (typeof value === 'number' && (!Number.isFinite(value) || Object.is(value, -0))) return { $t: 'number', v: Object.is(value, -0) ? '-0' : String(value) };
	if (value instanceof Date) return { $t: 'date', v: value.getTime() };
	if (Array.isArray(value)) return { $t: 'array', v: value.map(encode) };
	if (value !== null && typeof value === 'object') return { $t: 'object', v: Object.entries(value).map(([key, entry]) => [key, encode(entry)]) };
	return value;
}

function decode(value) {
	if (value === null || typeof value !== 'object') return value;
	switch (value.$t) {
		case 'undefined':
			return undefined;
		case 'number':
			return value.v === '-0' ? -0 : Number(value.v);
		case 'date':
			return new Date(value.v);
		case 'array':
			return value.v.map(decode);
		default:
			return Object.fromEntries(value.v.map(([key, entry]) => [key, decode(entry)]));
	}
}

module.exports = { encode, decode };
