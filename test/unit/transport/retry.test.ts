import fc from 'fast-check';

import {
	backoffMs,
	callKindOf,
	classifyFailure,
	DEFAULT_RETRY_POLICY,
	MAX_SETTLE_MS,
	nextAttempt,
	parseRetryAfter,
	settleMs,
	type AttemptFailure,
} from '../../../nodes/Mediarithmics/transport/retry';

describe('which failures are retried', () => {
	test.each(['GET', 'PUT', 'DELETE'])('%s is safe to repeat', (method) => expect(callKindOf(method)).toBe('safe'));
	test('POST creates something (import, execution, cancel request)', () => expect(callKindOf('POST')).toBe('create'));

	test.each([429, 502, 503, 504])('a safe call is retried on HTTP %i', (statusCode) => {
		expect(classifyFailure('safe', { statusCode })).toBe('retry');
	});
	test.each([400, 401, 403, 404, 409, 413, 415])('HTTP %i proves nothing was done and is never retried', (statusCode) => {
		expect(classifyFailure('safe', { statusCode })).toBe('fail');
		expect(classifyFailure('create', { statusCode })).toBe('fail');
	});
	test('a safe call answered 500 is not retried', () => {
		expect(classifyFailure('safe', { statusCode: 500 })).toBe('fail');
	});
	test.each(['ECONNRESET', 'ECONNABORTED', 'ETIMEDOUT', 'EPIPE', 'ECONNREFUSED'])('a safe call is retried on %s', (errorCode) => {
		expect(classifyFailure('safe', { errorCode })).toBe('retry');
	});
	test('a create is retried on 429: the server refused before doing anything', () => {
		expect(classifyFailure('create', { statusCode: 429 })).toBe('retry');
	});
	test('a create is retried when the connection was refused: nothing was sent', () => {
		expect(classifyFailure('create', { errorCode: 'ECONNREFUSED' })).toBe('retry');
	});
	test.each<[string, { statusCode: number } | { errorCode: string }]>([
		['a reset after sending', { errorCode: 'ECONNRESET' }],
		['a timeout', { errorCode: 'ECONNABORTED' }],
		['a gateway timeout', { statusCode: 504 }],
		['a bad gateway', { statusCode: 502 }],
		['a 503', { statusCode: 503 }],
		['a 500 (the platform may have failed after its work)', { statusCode: 500 }],
		['a 408', { statusCode: 408 }],
		["a proxy's 520", { statusCode: 520 }],
		["a proxy's 524 (timeout)", { statusCode: 524 }],
		['a redirect', { statusCode: 307 }],
	])('a create after %s has an unknown outcome: check before sending again', (_name, failure) => {
		expect(classifyFailure('create', failure)).toBe('unknown');
	});
	test('an unknown error code is not retried', () => {
		expect(classifyFailure('safe', { errorCode: 'ERR_CANCELED' })).toBe('fail');
		expect(classifyFailure('safe', { errorCode: 'no answer' })).toBe('fail');
	});
});

describe('Retry-After', () => {
	const now = Date.UTC(2026, 10, 23, 12, 0, 0);
	test('delay-seconds', () => {
		expect(parseRetryAfter('0', now)).toBe(0);
		expect(parseRetryAfter(' 120 ', now)).toBe(120_000);
	});
	test('an HTTP date, relative to now; a past date means now', () => {
		expect(parseRetryAfter('Mon, 23 Nov 2026 12:00:30 GMT', now)).toBe(30_000);
		expect(parseRetryAfter('Mon, 23 Nov 2026 11:00:00 GMT', now)).toBe(0);
	});
	test('absent or unreadable: no Retry-After (the backoff applies)', () => {
		for (const value of [undefined, '', '-1', '1.5', 'soon', '12abc']) expect(parseRetryAfter(value, now)).toBeUndefined();
	});
	test('the first of repeated headers', () => expect(parseRetryAfter(['2', '9'], now)).toBe(2000));
});

describe('backoff', () => {
	test('exponential with full jitter: within [0, min(cap, base * 2^(n-1))]', () => {
		fc.assert(
			fc.property(fc.integer({ min: 1, max: 40 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (retry, random) => {
				const wait = backoffMs(retry, random);
				const ceiling = Math.min(DEFAULT_RETRY_POLICY.maxBackoffMs, DEFAULT_RETRY_POLICY.baseBackoffMs * 2 ** (retry - 1));
				return Number.isInteger(wait) && wait >= 0 && wait <= ceiling;
			}),
		);
	});
	test('the ceiling doubles each retry up to the cap', () => {
		const almostOne = 0.999999;
		expect([1, 2, 3, 4].map((retry) => backoffMs(retry, almostOne))).toEqual([499, 999, 1999, 3999]);
		expect(backoffMs(30, almostOne)).toBe(29_999);
	});
});

describe('when to give up', () => {
	const policy = { ...DEFAULT_RETRY_POLICY, maxAttempts: 3, maxRetryMs: 10_000 };
	test('no attempt past Max Attempts', () => {
		expect(nextAttempt({ attempt: 2, elapsedMs: 0, random: 0.5, policy })).toEqual({ retry: true, waitMs: 500 });
		expect(nextAttempt({ attempt: 3, elapsedMs: 0, random: 0.5, policy })).toEqual({ retry: false, reason: 'gave up after 3 attempts (Max Attempts 3)' });
	});
	test('Retry-After wins over the backoff', () => {
		expect(nextAttempt({ attempt: 1, elapsedMs: 0, retryAfterMs: 7000, random: 0.5, policy })).toEqual({ retry: true, waitMs: 7000 });
	});
	test('a wait that would end past Max Retry Time is not started', () => {
		const decision = nextAttempt({ attempt: 1, elapsedMs: 5000, retryAfterMs: 6000, random: 0.5, policy });
		expect(decision).toEqual({ retry: false, reason: expect.stringMatching(/asked to wait 6 s \(Retry-After\), which would pass Max Retry Time \(10 s\)/) });
	});
	test('whatever happens, the attempts and the total time stay bounded', () => {
		fc.assert(
			fc.property(
				fc.integer({ min: 1, max: 10 }),
				fc.integer({ min: 0, max: 600_000 }),
				fc.array(fc.option(fc.integer({ min: 0, max: 100_000 }), { nil: undefined }), { minLength: 30, maxLength: 30 }),
				(maxAttempts, maxRetryMs, retryAfters) => {
					const bounded = { ...DEFAULT_RETRY_POLICY, maxAttempts, maxRetryMs };
					let elapsed = 0;
					let attempt = 1;
					for (;;) {
						const decision = nextAttempt({ attempt, elapsedMs: elapsed, retryAfterMs: retryAfters[attempt], random: 0.7, policy: bounded });
						if (!decision.retry) break;
						elapsed += decision.waitMs;
						attempt++;
					}
					return attempt <= maxAttempts && elapsed <= maxRetryMs;
				},
			),
		);
	});
});

describe('the wait before checking an unknown outcome', () => {
	test.each<[string, AttemptFailure]>([
		['our timeout (ECONNABORTED)', { errorCode: 'ECONNABORTED' }],
		['our timeout (ETIMEDOUT)', { errorCode: 'ETIMEDOUT' }],
		["a gateway's timeout (504)", { statusCode: 504 }],
		["a proxy's timeout (524)", { statusCode: 524 }],
	])('after %s, as long again as the request timeout: the platform may still be working on it', (_name, failure) => {
		expect(settleMs(failure, 1_000)).toBe(1_000);
	});
	test('at most a minute, whatever the request timeout', () => {
		expect(settleMs({ errorCode: 'ECONNABORTED' }, 300_000)).toBe(MAX_SETTLE_MS);
		expect(MAX_SETTLE_MS).toBe(60_000);
	});
	test.each<[string, AttemptFailure]>([
		['a connection cut', { errorCode: 'ECONNRESET' }],
		['a 503', { statusCode: 503 }],
		['a 502', { statusCode: 502 }],
		['a 500', { statusCode: 500 }],
	])('none after %s: the platform is done with the request when the failure reaches us', (_name, failure) => {
		expect(settleMs(failure, 1_000)).toBe(0);
	});
});
