import {
	allowedMimeTypes,
	contentTypeOf,
	DOCUMENT_TYPES,
	fileFormatOf,
	isDocumentType,
	isTerminal,
	mimeTypeProblem,
	TERMINAL_STATUSES,
} from '../../../nodes/Mediarithmics/bulk';

describe('document types', () => {
	it('lists the six documented types and the three undocumented ones', () => {
		expect(DOCUMENT_TYPES).toEqual([
			'USER_ACTIVITY',
			'USER_SEGMENT',
			'USER_PROFILE',
			'USER_CHOICE',
			'USER_IDENTIFIERS_DELETION',
			'USER_IDENTIFIERS_ASSOCIATION_DECLARATIONS',
			'USER_IDENTIFIERS_DISSOCIATION_DECLARATIONS',
			'USER_DEVICE_POINTS_DELETION',
			'USER_POINTS_DELETION',
		]);
		expect(isDocumentType('USER_CHOICE')).toBe(true);
		expect(isDocumentType('user_choice')).toBe(false);
	});

	it('maps mime types to upload content types and file formats', () => {
		expect(contentTypeOf('APPLICATION_X_NDJSON')).toBe('application/x-ndjson');
		expect(contentTypeOf('TEXT_CSV')).toBe('text/csv');
		expect(fileFormatOf('TEXT_CSV')).toBe('csv');
		expect(fileFormatOf('APPLICATION_X_NDJSON')).toBe('ndjson');
	});

	it('allows CSV for USER_SEGMENT only', () => {
		expect(allowedMimeTypes('USER_SEGMENT')).toEqual(['APPLICATION_X_NDJSON', 'TEXT_CSV']);
		for (const type of DOCUMENT_TYPES.filter((t) => t !== 'USER_SEGMENT')) {
			expect(allowedMimeTypes(type)).toEqual(['APPLICATION_X_NDJSON']);
		}
	});

	it('explains a forbidden mime type and accepts allowed ones', () => {
		expect(mimeTypeProblem('USER_SEGMENT', 'TEXT_CSV')).toBeUndefined();
		expect(mimeTypeProblem('USER_ACTIVITY', 'APPLICATION_X_NDJSON')).toBeUndefined();
		expect(mimeTypeProblem('USER_ACTIVITY', 'TEXT_CSV')).toBe(
			'USER_ACTIVITY imports accept APPLICATION_X_NDJSON only; TEXT_CSV is allowed for USER_SEGMENT imports alone.',
		);
		expect(mimeTypeProblem('USER_PROFILE', 'application/json')).toMatch(/Unknown mime type "application\/json"/);
	});

	it('knows which execution statuses are terminal', () => {
		expect([...TERMINAL_STATUSES].sort()).toEqual(
			['CANCELED', 'EXECUTOR_NOT_RESPONDING', 'FAILED', 'LOST', 'SUCCEEDED', 'SUCCESS'].sort(),
		);
		for (const status of ['PENDING', 'RUNNING', 'SCHEDULED', 'WAITING_DEPENDENT_JOB']) expect(isTerminal(status)).toBe(false);
		for (const status of TERMINAL_STATUSES) expect(isTerminal(status)).toBe(true);
	});
});
