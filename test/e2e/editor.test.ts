/**
 * The nodes as a person meets them in the n8n editor: the stack of `npm start`
 * (on free ports, in a throwaway user folder), Debian's Chromium driven by
 * playwright-core. Screenshots go to test/e2e/output/screenshots/.
 */
import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import path from 'path';

import type { BrowserContext } from 'playwright-core';

import { SHOWN_OPERATIONS } from './editorExpectations';
import { Editor, launchChromium } from './editorPage';
import { EXAMPLES, listExamples } from './n8n';
import { OWNER, startStack, type Stack } from './stack';

jest.setTimeout(30 * 60 * 1000);

const PACKAGE_NODE = 'n8n-nodes-mediarithmics.';

let stack: Stack;
let browser: BrowserContext;
let profile: string;
let editor: Editor;
const seededImports: Array<{ id: string; name: string }> = [];

beforeAll(async () => {
	// Chromium first: if it is missing, say so before spending a minute on n8n.
	profile = mkdtempSync(path.join(tmpdir(), 'mediarithmics-chromium-'));
	browser = await launchChromium(profile);
	stack = await startStack();
	// Imports the document import picker must list: what the platform holds for datamart 1509.
	for (const [name, documentType] of [
		['Nightly CRM segments', 'USER_SEGMENT'],
		['Offline purchases', 'USER_ACTIVITY'],
	]) {
		const response = await fetch(`${stack.simulator.url}/v1/datamarts/1509/document_imports`, {
			method: 'POST',
			headers: { Authorization: stack.simulator.token, 'Content-Type': 'application/json' },
			body: JSON.stringify({ name, document_type: documentType, mime_type: 'APPLICATION_X_NDJSON', encoding: 'utf-8' }),
		});
		const created = (await response.json()) as { data: { id: string } };
		seededImports.push({ id: String(created.data.id), name });
	}
	editor = new Editor(browser.pages()[0] ?? (await browser.newPage()), stack.editorUrl);
	await editor.signIn(OWNER.email, OWNER.password);
});

afterAll(async () => {
	await browser?.close();
	if (profile) rmSync(profile, { recursive: true, force: true });
	await stack?.stop();
});

describe('the example workflows', () => {
	const examples = listExamples().map((file) => JSON.parse(readFileSync(path.join(EXAMPLES, file), 'utf8')) as ExampleWorkflow);

	test.each(examples.map((example) => [example.name, example] as const))(
		'%s: every node renders with its own icon, and its nodes open without a parameter issue',
		async (_name, example) => {
			await editor.openWorkflow(example.id);
			for (const node of example.nodes) {
				const onCanvas = editor.canvasNode(node.name);
				await onCanvas.waitFor();
				if (!node.type.startsWith(PACKAGE_NODE)) continue;
				const icon = await editor.iconOf(onCanvas);
				expect({ node: node.name, ...icon }).toEqual({ node: node.name, src: expect.stringContaining('/n8n-nodes-mediarithmics/'), loaded: true });
				if (node.type === `${PACKAGE_NODE}mediarithmics`) {
					// The subtitle says what the node does in words, not "upload: execution".
					const text = await onCanvas.innerText();
					expect(text).toMatch(/document import|execution/i);
					expect(text).not.toMatch(/: ?(documentImport|execution)\b/);
				}
				// n8n marks a node whose parameters or credential are missing or invalid with a warning.
				expect(await onCanvas.locator('[data-test-id="canvas-node-status-warning"]').count()).toBe(0);
				await editor.openNode(node.name);
				expect(await editor.parametersPanel().locator('[data-test-id="parameter-issues"]:visible').count()).toBe(0);
				await editor.closeNode();
			}
			await editor.screenshotCanvas(`workflow-${example.id}`);
		},
	);
});

describe('a Mediarithmics node added from the nodes panel', () => {
	beforeAll(async () => {
		await editor.openWorkflow('mdxDocImports');
	});
	afterEach(async () => {
		await editor.backToCanvas();
	});

	test('searching "mediarithmics" in the nodes panel shows the node with its icon and every action', async () => {
		const creator = await editor.searchNodes('mediarithmics');
		const item = creator.locator('[data-test-id="node-creator-node-item"], [data-test-id="node-creator-action-item"]').filter({ hasText: 'Mediarithmics' }).first();
		await item.waitFor();
		expect(await editor.iconOf(item)).toEqual({ src: expect.stringContaining('/n8n-nodes-mediarithmics/'), loaded: true });
		await item.click();
		const actions = creator.locator('[data-test-id="item-iterator-item"]');
		await actions.filter({ hasText: 'Upload data as executions' }).waitFor();
		const shown = (await actions.allInnerTexts()).map((text) => text.trim());
		for (const action of [
			'Create a document import',
			'Get many document imports',
			'Upload data as executions',
			'Wait for executions to complete',
			'Get the error file of an execution',
			'Cancel an execution',
		]) {
			expect(shown).toContain(action);
		}
		await creator.locator('[data-test-id="item-iterator-item"]').filter({ hasText: 'Wait for executions to complete' }).waitFor();
		// Down to the trigger's heading, below the actions.
		await editor.screenshotDownTo('nodes-panel', creator, actions, 60);
		await editor.page.keyboard.press('Escape');
		await creator.waitFor({ state: 'hidden' });
	});

	test.each(SHOWN_OPERATIONS.map((operation) => [operation.screenshot, operation] as const))(
		'%s shows the right parameters, in order',
		async (_name, operation) => {
			if (operation.onNewWorkflow) await editor.openNewWorkflow();
			await editor.addNodeWithAction('mediarithmics', operation.node, operation.action);
			for (const [parameter, option] of operation.choose ?? []) await editor.chooseOption(parameter, option);
			expect(await editor.settledParameters(operation.parameters)).toEqual(operation.parameters);
			const notices = await editor.shownNotices();
			expect(notices).toHaveLength(operation.notices?.length ?? 0);
			operation.notices?.forEach((text, index) => expect(notices[index]).toContain(text));
			await editor.screenshotParameters(operation.screenshot);
			await editor.closeNode();
		},
	);

	test('the Datamart picker lists the datamarts of the token, and the Document Import picker the imports of the chosen datamart', async () => {
		await editor.addNodeWithAction('mediarithmics', 'Mediarithmics', 'Get a document import');
		const datamarts = await editor.listedBy('datamart');
		expect(datamarts).toEqual([expect.stringContaining('(1509)'), expect.stringContaining('(1600)')]);
		await editor.screenshot('datamart-picker', editor.parametersPanel());
		await editor.page.locator('[data-test-id="rlc-item"]:visible').first().click();
		const imports = await editor.listedBy('documentImport');
		expect(imports).toEqual(expect.arrayContaining(seededImports.map((seeded) => expect.stringContaining(`${seeded.name} (${seeded.id}`))));
		await editor.screenshot('document-import-picker', editor.parametersPanel());
		await editor.page.keyboard.press('Escape');
		await editor.closeNode();
	});
});

describe('the Mediarithmics API credential', () => {
	const dialog = () => editor.page.locator('[data-test-id="editCredential-modal"]');
	beforeAll(async () => {
		await editor.openWorkflow('mdxDocImports');
	});
	beforeEach(async () => {
		await editor.openNode('Create document import');
	});
	afterEach(async () => {
		await editor.backToCanvas();
	});

	test('opening the credential tests it against the platform: connection tested successfully', async () => {
		const calls = stack.simulator.requests.length;
		await editor.parametersPanel().locator('[data-test-id="credential-edit-button"]').click();
		await dialog().locator('[data-test-id="credentials-config-container-test-success"]').waitFor();
		const tested = stack.simulator.requests.slice(calls).filter((request) => request.path === '/v1/connected_user');
		expect(tested.map((request) => [request.status, request.authorization])).toContainEqual([200, 'valid']);
		await editor.screenshot('credential-test-success', dialog());
	});

	test('a wrong token fails the test with a message saying the token was refused, not just "Unauthorized"', async () => {
		await editor.parametersPanel().locator('[data-test-id="node-credentials-select"]').click();
		await editor.page.locator('[data-test-id="node-credentials-select-item-new"]').click();
		await dialog().locator('[data-test-id="parameter-input-apiToken"] input').fill('not-a-valid-token');
		await dialog().locator('[data-test-id="parameter-input-apiUrl"] input').fill(stack.simulator.url);
		await dialog().locator('[data-test-id="credential-save-button"]').click();
		await dialog().getByText('Couldn’t connect with these settings').waitFor();
		await dialog().getByText('More details').click();
		await expect(dialog().innerText()).resolves.toMatch(/refused the API token \(HTTP 401\): it is missing, invalid or expired/);
		await editor.screenshot('credential-wrong-token', dialog());
	});
});

describe("the Mediarithmics node as an AI agent's tool (N8N_COMMUNITY_PACKAGES_ALLOW_TOOL_USAGE=true)", () => {
	beforeAll(async () => {
		await editor.backToCanvas();
		await editor.openNewWorkflow();
		await editor.addNode('AI Agent', 'AI Agent');
	});
	afterEach(async () => {
		await editor.backToCanvas();
	});

	test('an AI Agent offers "Mediarithmics Tool" among its tools, with its icon and what it does (the trigger is no tool)', async () => {
		const creator = await editor.openToolsOf('AI Agent');
		await creator.locator(testId('node-creator-search-bar')).fill('mediarithmics');
		const offered = creator.locator(testId('node-creator-node-item')).filter({ hasText: /mediarithmics/i });
		await offered.first().waitFor();
		expect((await offered.allInnerTexts()).map((text) => text.replace(/\s+/g, ' ').trim())).toEqual([
			'Mediarithmics Tool Bulk-import data into mediarithmics: document imports and their executions',
		]);
		expect(await editor.iconOf(offered.first())).toEqual({ src: expect.stringContaining('/n8n-nodes-mediarithmics/'), loaded: true });
		await editor.screenshotDownTo('agent-tools-panel', creator, offered, 24);
		await editor.page.keyboard.press('Escape');
		await creator.waitFor({ state: 'hidden' });
	});

	test('added as a tool, it describes itself to the agent by the operation chosen ("<action> in Mediarithmics")', async () => {
		const creator = await editor.openToolsOf('AI Agent');
		await creator.locator(testId('node-creator-search-bar')).fill('mediarithmics');
		await creator.locator(testId('node-creator-node-item')).filter({ hasText: 'Mediarithmics Tool' }).first().click();
		await editor.ndv().waitFor();
		const shown = ['descriptionType', 'resource', 'operation', 'datamart', 'name', 'documentType', 'mimeType'];
		expect(await editor.settledParameters(shown)).toEqual(shown);
		await expect(editor.valueOf('descriptionType')).resolves.toBe('Set Automatically');
		// "Set Manually" shows the description n8n generates (and keeps up to date while it is not edited).
		await editor.chooseOption('descriptionType', 'Set Manually');
		const described: Array<[string, string, string]> = [];
		for (const [resource, operation] of [
			['Document Import', 'Create'],
			['Document Import', 'Get Many'],
			['Execution', 'Upload'],
			['Execution', 'Wait for Completion'],
			['Execution', 'Get Error File'],
			['Execution', 'Cancel'],
		]) {
			await editor.chooseOption('resource', resource);
			await editor.chooseOption('operation', operation);
			described.push([resource, operation, await editor.valueOf('toolDescription')]);
		}
		expect(described).toEqual([
			['Document Import', 'Create', 'Create a document import in Mediarithmics'],
			['Document Import', 'Get Many', 'Get many document imports in Mediarithmics'],
			['Execution', 'Upload', 'Upload data as executions in Mediarithmics'],
			['Execution', 'Wait for Completion', 'Wait for executions to complete in Mediarithmics'],
			['Execution', 'Get Error File', 'Get the error file of an execution in Mediarithmics'],
			['Execution', 'Cancel', 'Cancel an execution in Mediarithmics'],
		]);
		await editor.screenshotParameters('agent-tool-parameters');
		await editor.closeNode();
	});
});

const testId = (id: string) => `[data-test-id="${id}"]`;

interface ExampleWorkflow {
	id: string;
	name: string;
	nodes: Array<{ name: string; type: string }>;
}
