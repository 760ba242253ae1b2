/**
 * Email hashes for the email_hash identifier. The platform matches hashes
 * byte for byte, so the same address must always give the same hash: the
 * normalisation is part of the contract with whoever hashed the other side.
 */
import { createHash } from 'crypto';

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

/** Lower-case hex digest of the UTF-8 bytes of the normalised address. */
export function hashEmail(email: string, options: EmailHashOptions = DEFAULT_EMAIL_HASH_OPTIONS): string {
	return createHash(options.algorithm).update(normaliseEmail(email, options.normalisation), 'utf8').digest('hex');
}
