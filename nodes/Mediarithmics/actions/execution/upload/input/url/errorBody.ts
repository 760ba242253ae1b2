/**
 * What of a file server's error answer may be quoted in an error: an S3
 * SignatureDoesNotMatch body carries the access key id, the string to sign,
 * the signature and the canonical request (the signed link's query), none of
 * which belongs in a node's output or log.
 */

/** The summary quoted: an XML error's Code and Message, otherwise the body's start with secret-looking values masked. */
export function safeSummaryOf(text: string, maxChars: number): string {
	const code = xmlElement(text, 'Code');
	const message = xmlElement(text, 'Message');
	const summary = code !== undefined || message !== undefined ? [code, message].filter(Boolean).join(': ') : text;
	const line = masked(summary.replace(/\s+/g, ' ').trim());
	return line.length > maxChars ? `${line.slice(0, maxChars)}…` : line;
}

function xmlElement(text: string, name: string): string | undefined {
	const found = new RegExp(`<${name}>([^<]*)</${name}>`).exec(text);
	return found?.[1];
}

/** Signed-URL query values, then any long base64- or hex-looking token with a digit (keys, signatures, digests; not a word such as SignatureDoesNotMatch). */
function masked(text: string): string {
	return text
		.replace(/\b(Signature|X-Amz-[A-Za-z-]+|AWSAccessKeyId|sig|se|sv|token|access_token|key)=([^&\s"'<>]+)/gi, '$1=…')
		.replace(/(?=[A-Za-z0-9+/_-]*\d)[A-Za-z0-9+/_-]{20,}={0,2}/g, '…');
}
