import { errorCodeOf } from '../../../nodes/Mediarithmics/transport/errors';

// How n8n hands a node the HTTP client's error for a request that got no answer (ECONNRESET here):
// what decides whether the request is retried (see retry.test.ts).
describe("the network error code under each n8n's wrapping", () => {
	test('the HTTP client error itself', () => expect(errorCodeOf({ code: 'ECONNRESET' })).toBe('ECONNRESET'));
	test('n8n 2: the client error as the cause', () => expect(errorCodeOf({ cause: { code: 'ECONNRESET' } })).toBe('ECONNRESET'));
	test('n8n 2: the client error as the cause of the cause', () => expect(errorCodeOf({ cause: { cause: { code: 'ETIMEDOUT' } } })).toBe('ETIMEDOUT'));
	// Measured in n8n 1.123.81: new NodeApiError(node, axiosError) has no cause and httpCode "ECONNRESET".
	test('n8n 1: no cause, the code where the HTTP status would be (httpCode)', () =>
		expect(errorCodeOf({ message: 'socket hang up', httpCode: 'ECONNRESET' })).toBe('ECONNRESET'));
	test('an HTTP status in httpCode is not a network error code', () => expect(errorCodeOf({ httpCode: '503' })).toBeUndefined());
	test('nothing to go by', () => expect(errorCodeOf(new Error('boom'))).toBeUndefined());
});
