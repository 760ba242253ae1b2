/**
 * Email hashes for the email_hash identifier. The platform matches hashes
 * byte for byte, so the same address must always give the same hash: the
 * normalisation is part of the contract with whoever hashed the other side.
 */
import * as crypto from 'crypto';

export type EmailNormalisation = 'trim-lowercase' | 'none';
export type EmailHashAlgorithm = 'sha256' | 'md5' | 'sha1';

export interface EmailHashOptions {
	/**
	 * 'trim-lowercase': remove leading and trailing white space
	 * (String#trim: spaces, tabs, line breaks, no-break spaces and the other
	 * Unicode spaces), then lower-case with String#toLowerCase (locale
	 * independent). Nothing else: dots and "+tags" are kept, since providers
	 * differ on whether they matter.
	 * 'none': hash the text exactly as given.
	 */
	normalisation: EmailNormalisation;
	algorithm: EmailHashAlgorithm;
}

export const DEFAULT_EMAIL_HASH_OPTIONS: EmailHashOptions = { normalisation: 'trim-lowercase', algorithm: 'sha256' };

export function normaliseEmail(email: string, normalisation: EmailNormalisation): string {
	return normalisation === 'trim-lowercase' ? email.trim().toLowerCase() : email;
}

// One-shot hashing (Node 20.12 and later): cheaper than a Hash object per address, which counts
// when a million CRM rows are hashed (bench/README.md). The same digest of the same UTF-8 bytes.
const oneShotHash = (crypto as { hash?: (algorithm: string, data: string, outputEncoding: 'hex') => string }).hash;

/** Lower-case hex digest of the UTF-8 bytes of the normalised address. */
export function hashEmail(email: string, options: EmailHashOptions = DEFAULT_EMAIL_HASH_OPTIONS): string {
	const normalised = normaliseEmail(email, options.normalisation);
	if (oneShotHash) return oneShotHash(options.algorithm, normalised, 'hex');
	return crypto.createHash(options.algorithm).update(normalised, 'utf8').digest('hex');
}
