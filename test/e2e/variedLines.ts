/**
 * Valid lines of every documented document type with the variety of real
 * files, from a seeded generator: the benchmarks' varied files (bench/) and
 * the differential tests of the fast checks (test/unit/bulk) share it. Every
 * line is valid under the docs (string ids, SHA-256 email hashes, data bags
 * holding a JSON object), so that the files stay valid whichever way the line
 * rules settle the docs' grey areas.
 *
 * The mix (bench/README.md repeats it):
 * - identifiers: user account + compartment 45 %, email hash (SHA-256, hex) 35 %,
 *   user agent 20 %;
 * - USER_SEGMENT segments: segment_id 40 %, segment_technical_name 30 %,
 *   segment_ids (1-4) 15 %, segment_technical_names (1-4) 15 %; DELETE 15 %;
 *   expiration_ts on 10 % of lines;
 * - data bags (USER_SEGMENT) on 20 % of lines: names and comments with escaped quotes
 *   and non-ASCII text (accents, CJK, emoji);
 * - 10 % of lines written as Python's json.dumps does (", " and ": ", non-ASCII as \u escapes);
 * - 1 line in 500 long: a data bag or profile of 4-40 KB.
 */
import { createHash } from 'crypto';
import { createWriteStream } from 'fs';

/** mulberry32: small, fast and seeded, so that a file is the same on every run. */
export function seededRandom(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

type Random = () => number;

const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)];
const int = (random: Random, max: number) => Math.floor(random() * max);

const NAMES = ['Jane', 'José', 'Zoë', 'Łukasz', 'Ærøskøbing', '山田 太郎', 'Дмитрий', 'O\'Brien', 'Ana "Nana" Silva', 'Émile 🎉', 'Ωmega', 'François'];
const WORDS = ['gold', 'silver', 'newsletter', 'churn_risk', 'vip', 'store_paris', 'app_users', 'promo_2026', 'lookalike', 'été'];

function emailHash(random: Random): string {
	return createHash('sha256').update(`user${int(random, 1e9)}@example.com`).digest('hex');
}

/** One of the three plain identifiers, as the mix says. */
function identifier(random: Random, out: Record<string, unknown>): void {
	const roll = random();
	if (roll < 0.45) {
		out.user_account_id = `crm-${int(random, 1e8)}`;
		out.compartment_id = String(1000 + int(random, 20));
	} else if (roll < 0.8) {
		out.email_hash = emailHash(random);
	} else {
		out.user_agent_id = random() < 0.5 ? `vec:${int(random, 1e12)}` : `mum:${int(random, 1e9).toString(16)}`;
	}
}

function technicalName(random: Random): string {
	return `${pick(random, WORDS)}_${int(random, 100)}`;
}

function list<T>(random: Random, make: () => T): T[] {
	return Array.from({ length: 1 + int(random, 4) }, make);
}

/** A small JSON object with text a CRM export holds: quotes, accents, CJK, emoji; long now and then. */
function bagObject(random: Random, long: boolean): Record<string, unknown> {
	const bag: Record<string, unknown> = { name: pick(random, NAMES), score: int(random, 1000) / 10, tags: list(random, () => pick(random, WORDS)) };
	if (random() < 0.3) bag.note = `said "${pick(random, WORDS)}" at the ${pick(random, ['café', 'shop', 'kiosk'])}`;
	if (long) bag.history = Array.from({ length: 100 + int(random, 900) }, () => ({ at: 1.7e12 + int(random, 1e9), what: pick(random, WORDS) }));
	return bag;
}

function segmentLine(random: Random, long: boolean): Record<string, unknown> {
	const line: Record<string, unknown> = { operation: random() < 0.85 ? 'UPDATE' : 'DELETE' };
	identifier(random, line);
	const roll = random();
	if (roll < 0.4) line.segment_id = String(1000 + int(random, 500));
	else if (roll < 0.7) line.segment_technical_name = technicalName(random);
	else if (roll < 0.85) line.segment_ids = list(random, () => String(1000 + int(random, 500)));
	else line.segment_technical_names = list(random, () => technicalName(random));
	line.expiration_duration = pick(random, [0, 0, 43200, 10080, 525600]);
	if (random() < 0.1) line.expiration_ts = 1.7e12 + int(random, 1e10);
	if (long || random() < 0.2) line.data_bag = JSON.stringify(bagObject(random, long));
	return line;
}

function profileLine(random: Random, long: boolean): Record<string, unknown> {
	const upsert = random() < 0.9;
	const line: Record<string, unknown> = { operation: upsert ? 'UPSERT' : 'DELETE' };
	identifier(random, line);
	if (upsert) {
		line.user_profile = { ...bagObject(random, long), city: pick(random, ['Paris', 'Zürich', '東京', 'São Paulo']), optin: random() < 0.5 };
		line.update_strategy = pick(random, ['PARTIAL_UPDATE', 'PARTIAL_UPDATE', 'FORCE_REPLACE', 'PARTIAL_DELETE']);
	}
	return line;
}

function choiceLine(random: Random): Record<string, unknown> {
	const upsert = random() < 0.85;
	const line: Record<string, unknown> = { operation: upsert ? 'UPSERT' : 'DELETE' };
	identifier(random, line);
	line.user_choice = upsert ? { $processing_id: String(100 + int(random, 5)), $choice_ts: 1.7e12 + int(random, 1e10) } : { $processing_id: String(100 + int(random, 5)) };
	return line;
}

function activityLine(random: Random, long: boolean): Record<string, unknown> {
	const line: Record<string, unknown> = {};
	const roll = random();
	if (roll < 0.45) {
		line.$user_account_id = `crm-${int(random, 1e8)}`;
		line.$compartment_id = String(1000 + int(random, 20));
	} else if (roll < 0.8) {
		line.$email_hash = random() < 0.8 ? { $hash: emailHash(random) } : { $hash: emailHash(random), $email: `user${int(random, 1e6)}@example.com` };
	} else {
		line.$user_agent_id = `vec:${int(random, 1e12)}`;
	}
	line.$type = pick(random, ['TOUCH', 'SITE_VISIT', 'APP_VISIT', 'EMAIL']);
	line.$session_status = pick(random, ['NO_SESSION', 'CLOSED_SESSION']);
	line.$ts = 1.7e12 + int(random, 1e10);
	const events = long ? 200 + int(random, 400) : int(random, 4);
	line.$events = Array.from({ length: events }, () => ({
		$event_name: pick(random, ['$transaction_confirmed', 'page_view', 'add_to_cart', 'achat_confirmé']),
		$ts: 1.7e12 + int(random, 1e10),
		$properties: random() < 0.7 ? { product: pick(random, NAMES), price: int(random, 10000) / 100 } : {},
	}));
	if (random() < 0.2) line.$location = { $latitude: 48.85, $longitude: 2.35 };
	return line;
}

function declaration(random: Random, type: 'USER_ACCOUNT' | 'USER_EMAIL' | 'USER_AGENT'): Record<string, unknown> {
	if (type === 'USER_ACCOUNT') return { type, user_account_id: `crm-${int(random, 1e8)}`, compartment_id: String(1000 + int(random, 20)) };
	if (type === 'USER_EMAIL') return random() < 0.7 ? { type, hash: emailHash(random) } : { type, hash: emailHash(random), email: `user${int(random, 1e6)}@example.com` };
	return { type, user_agent_id: `vec:${int(random, 1e12)}` };
}

const DECLARATION_TYPES = ['USER_ACCOUNT', 'USER_ACCOUNT', 'USER_EMAIL', 'USER_EMAIL', 'USER_AGENT'] as const;

export const VARIED_DOCUMENT_TYPES = ['USER_SEGMENT', 'USER_PROFILE', 'USER_CHOICE', 'USER_ACTIVITY', 'USER_IDENTIFIERS_DELETION', 'USER_IDENTIFIERS_ASSOCIATION_DECLARATIONS'] as const;

/** One valid line's value of `documentType`. */
export function variedValue(documentType: string, random: Random): Record<string, unknown> {
	const long = random() < 1 / 500;
	switch (documentType) {
		case 'USER_SEGMENT':
			return segmentLine(random, long);
		case 'USER_PROFILE':
			return profileLine(random, long);
		case 'USER_CHOICE':
			return choiceLine(random);
		case 'USER_ACTIVITY':
			return activityLine(random, long);
		case 'USER_IDENTIFIERS_DELETION':
			return declaration(random, pick(random, DECLARATION_TYPES));
		case 'USER_IDENTIFIERS_ASSOCIATION_DECLARATIONS':
			return { identifiers: Array.from({ length: 2 + int(random, 3) }, () => declaration(random, pick(random, DECLARATION_TYPES))) };
		default:
			throw new Error(`no varied lines for ${documentType}`);
	}
}

/** JSON text as Python's json.dumps writes it by default: ", " and ": ", non-ASCII escaped. */
function pythonStyle(value: unknown): string {
	let text: string;
	if (Array.isArray(value)) text = `[${value.map(pythonStyle).join(', ')}]`;
	else if (typeof value === 'object' && value !== null) text = `{${Object.entries(value).map(([key, item]) => `${JSON.stringify(key)}: ${pythonStyle(item)}`).join(', ')}}`;
	else text = JSON.stringify(value);
	return text.replace(/[\u0080-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** One valid line of `documentType` as text (no line feed). */
export function variedLine(documentType: string, random: Random): string {
	const value = variedValue(documentType, random);
	return random() < 0.1 ? pythonStyle(value) : JSON.stringify(value);
}

/** Valid varied lines up to about `size` bytes (whole lines); returns the exact size and line count written. */
export async function writeVariedFile(file: string, documentType: string, size: number, seed = 27): Promise<{ bytes: number; lines: number }> {
	const random = seededRandom(seed);
	const out = createWriteStream(file);
	let written = 0;
	let count = 0;
	while (written < size) {
		const lines: string[] = [];
		for (let k = 0; k < 10_000; k++, count++) lines.push(variedLine(documentType, random));
		const chunk = `${lines.join('\n')}\n`;
		written += Buffer.byteLength(chunk);
		if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
	}
	await new Promise((resolve, reject) => out.end((error?: Error) => (error ? reject(error) : resolve(undefined))));
	return { bytes: written, lines: count };
}
