/**
 * The n8n 2.41 editor as a person drives it, through Debian's Chromium and
 * playwright-core: sign in, open a workflow, add a node from the nodes panel,
 * read the parameters shown, pick options. Selectors are n8n's own
 * data-test-id attributes, and every step waits for the UI rather than sleeping.
 */
import { existsSync, mkdirSync } from 'fs';
import path from 'path';

import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOTS = path.join(__dirname, 'output', 'screenshots');

/** Chromium with a fresh profile folder (the caller removes it): nothing from a previous run leaks in. */
export async function launchChromium(userDataDir: string): Promise<BrowserContext> {
	if (!existsSync(CHROMIUM)) {
		throw new Error(
			`Chromium is missing at ${CHROMIUM}: the editor test drives Debian's Chromium. ` +
				'Install it with `bash scripts/install-chromium.sh` (as root), or set CHROMIUM_PATH.',
		);
	}
	return await chromium.launchPersistentContext(userDataDir, {
		executablePath: CHROMIUM,
		headless: true,
		viewport: { width: 1400, height: 1300 },
		args: [
			'--headless',
			'--no-sandbox',
			'--disable-gpu',
			'--disable-quic',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
		],
	});
}

function escapeRegExp(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

interface BrowserImage {
	complete: boolean;
	naturalWidth: number;
	getAttribute(name: string): string | null;
	addEventListener(type: string, listener: () => void, options: { once: boolean }): void;
}

const testId = (id: string) => `[data-test-id="${id}"]`;

export class Editor {
	constructor(
		readonly page: Page,
		private readonly baseUrl: string,
	) {
		page.setDefaultTimeout(30_000);
		// Leaving a workflow with unsaved nodes asks "leave the page?": yes, the test never saves.
		page.on('dialog', (dialog) => void dialog.accept());
		// Kept for the error of a page that does not render (see signIn).
		page.on('console', (message) => {
			if (message.type() === 'error') this.browserErrors.push(message.text().slice(0, 300));
		});
		page.on('requestfailed', (request) => this.browserErrors.push(`${request.url()}: ${request.failure()?.errorText ?? 'failed'}`));
	}

	private readonly browserErrors: string[] = [];

	async signIn(email: string, password: string): Promise<void> {
		// The first page n8n serves right after start-up may never render the form (seen once in CI,
		// every test then failed): load it again, a bounded number of times, before giving up.
		for (let load = 1; ; load++) {
			await this.page.goto(`${this.baseUrl}/signin`);
			const shown = await this.page
				.locator('#emailOrLdapLoginId')
				.waitFor({ timeout: 20_000 })
				.then(() => true, () => false);
			if (shown) break;
			if (load === 3) {
				// Say what the browser shows instead, so that a failure can be understood from CI's output.
				const text = (await this.page.locator('body').innerText().catch(() => '(no body)')).slice(0, 500);
				const screenshot = path.join(SCREENSHOTS, 'signin-failed.png');
				await this.page.screenshot({ path: screenshot }).catch(() => undefined);
				throw new Error(`The sign-in form of ${this.page.url()} did not render after 3 loads. Page title "${await this.page.title()}", text: ${JSON.stringify(text)}. Browser errors: ${JSON.stringify(this.browserErrors.slice(-10))}. Screenshot: ${screenshot}`);
			}
		}
		await this.page.locator('#emailOrLdapLoginId').fill(email);
		await this.page.locator('#password').fill(password);
		await this.page.locator(testId('form-submit-button')).click();
		await this.page.waitForURL((url) => !url.pathname.includes('signin'));
	}

	async openWorkflow(id: string): Promise<void> {
		await this.page.goto(`${this.baseUrl}/workflow/${id}`);
		await this.canvasNodes().first().waitFor();
	}

	async openNewWorkflow(): Promise<void> {
		await this.page.goto(`${this.baseUrl}/workflow/new`);
		await this.page.locator(testId('canvas-wrapper')).waitFor();
	}

	canvasNodes(): Locator {
		return this.page.locator(testId('canvas-node'));
	}

	canvasNode(name: string): Locator {
		return this.page.locator(`${testId('canvas-node')}[data-node-name="${name}"]`);
	}

	/** Whether the node's own icon (not n8n's placeholder for unknown nodes) was loaded by the browser. */
	async iconOf(node: Locator): Promise<{ src: string; loaded: boolean }> {
		const image = node.locator('img').first();
		await image.waitFor();
		// Runs in the browser; typed structurally (this project compiles without the DOM library).
		return await image.evaluate(async (element) => {
			const img = element as unknown as BrowserImage;
			if (!img.complete) await new Promise<void>((resolve) => img.addEventListener('load', () => resolve(), { once: true }));
			return { src: img.getAttribute('src') ?? '', loaded: img.naturalWidth > 0 };
		});
	}

	async openNode(name: string): Promise<void> {
		await this.canvasNode(name).dblclick();
		await this.ndv().waitFor();
	}

	ndv(): Locator {
		return this.page.locator(testId('ndv'));
	}

	parametersPanel(): Locator {
		return this.ndv().locator(testId('node-parameters'));
	}

	/** Closes whatever a failed step left open (dialog, node panel), so the next step starts on the canvas. */
	async backToCanvas(): Promise<void> {
		const open = this.page.locator(`${testId('ndv')}:visible, .el-overlay:visible`);
		for (let attempt = 0; attempt < 3 && (await open.count()) > 0; attempt++) {
			await this.page.keyboard.press('Escape');
			await open.first().waitFor({ state: 'hidden', timeout: 2000 }).catch(() => undefined);
		}
	}

	async closeNode(): Promise<void> {
		await this.ndv().locator(testId('ndv-close-button')).click();
		await this.ndv().waitFor({ state: 'hidden' });
	}

	/** Opens the nodes panel and searches; returns the panel. */
	async searchNodes(text: string): Promise<Locator> {
		await this.page.locator(testId('node-creator-plus-button')).click();
		const creator = this.page.locator(testId('node-creator'));
		await creator.locator(testId('node-creator-search-bar')).fill(text);
		return creator;
	}

	/** From the nodes panel: the node named `nodeName`, then one of its actions; the new node opens. */
	async addNodeWithAction(search: string, nodeName: string, action: string): Promise<void> {
		const creator = await this.searchNodes(search);
		await creator.locator(`${testId('node-creator-node-item')}, ${testId('node-creator-action-item')}`).filter({ hasText: nodeName }).first().click();
		await creator.locator(testId('item-iterator-item')).filter({ hasText: action }).first().click();
		await this.ndv().waitFor();
		await this.parametersPanel().waitFor();
	}

	/** Adds a node with no actions to choose from (e.g. the AI Agent) from the nodes panel, then closes it. */
	async addNode(search: string, nodeName: string): Promise<void> {
		const creator = await this.searchNodes(search);
		await creator.locator(testId('node-creator-node-item')).filter({ hasText: nodeName }).first().click();
		await this.ndv().waitFor();
		await this.closeNode();
	}

	/** Opens the nodes panel on the tools an AI Agent node can use (the "+" under its Tool input). */
	async openToolsOf(agentName: string): Promise<Locator> {
		await this.canvasNode(agentName).waitFor();
		await this.page.locator(`.vue-flow__handle[data-handleid="inputs/ai_tool/0"] ${testId('canvas-handle-plus')}`).click();
		const creator = this.page.locator(testId('node-creator'));
		await creator.waitFor();
		return creator;
	}

	/** The current text of a text parameter. */
	async valueOf(parameter: string): Promise<string> {
		return await this.parametersPanel().locator(`${testId(`parameter-input-${parameter}`)} textarea, ${testId(`parameter-input-${parameter}`)} input`).first().inputValue();
	}

	/** The names of the parameters the panel shows now, in order (collections show their added children). */
	async shownParameters(): Promise<string[]> {
		await this.parametersPanel().waitFor();
		return await this.parametersPanel()
			.locator('[data-test-id^="parameter-input-"]')
			.evaluateAll((elements) =>
				elements
					.filter((element) => (element as unknown as { offsetParent: unknown }).offsetParent !== null)
					.map((element) => element.getAttribute('data-test-id')!.slice('parameter-input-'.length))
					.filter((name) => !['field', 'hint', 'item'].includes(name)),
			);
	}

	/**
	 * The parameters shown once the panel has settled on `expected` (n8n renders
	 * them in several passes), or what it shows after `timeoutMs` if it never does.
	 */
	async settledParameters(expected: string[], timeoutMs = 10_000): Promise<string[]> {
		const deadline = Date.now() + timeoutMs;
		let shown = await this.shownParameters();
		while (JSON.stringify(shown) !== JSON.stringify(expected) && Date.now() < deadline) {
			await this.page.waitForTimeout(250);
			shown = await this.shownParameters();
		}
		return shown;
	}

	/** Text of the notices (type: notice) the panel shows. */
	async shownNotices(): Promise<string[]> {
		return (await this.parametersPanel().locator('.notice:visible, [role="alert"]:visible').allInnerTexts()).map((text) => text.trim());
	}

	async chooseOption(parameter: string, option: string): Promise<void> {
		await this.parametersPanel().locator(testId(`parameter-input-${parameter}`)).click();
		// An option's accessible name is its name followed by its description.
		const choice = this.page.getByRole('option', { name: new RegExp(`^${escapeRegExp(option)}`) });
		await choice.click();
		await choice.waitFor({ state: 'hidden' });
	}

	/** Opens a resource locator in "From list" mode and returns the names it lists. */
	async listedBy(locatorName: string): Promise<string[]> {
		const locator = this.parametersPanel().locator(testId(`resource-locator-${locatorName}`));
		const mode = locator.locator(testId('rlc-mode-selector'));
		if (!(await mode.innerText()).includes('From list') && !(await mode.locator('input').inputValue().catch(() => '')).includes('From list')) {
			await mode.click();
			await this.page.getByRole('option', { name: 'From list' }).click();
		}
		await locator.locator(testId('rlc-input')).click();
		const items = this.page.locator(`${testId('rlc-item')}:visible`);
		await items
			.first()
			.waitFor({ timeout: 15_000 })
			.catch(async () => {
				const shown = await this.page.locator(`${testId('rlc-error-container')}:visible`).allInnerTexts();
				throw new Error(`The ${locatorName} picker listed nothing${shown.length ? `: ${shown.join(' ')}` : ''}`);
			});
		return (await items.allInnerTexts()).map((text) => text.trim());
	}

	/** The workflow's nodes and their labels, cropped from the canvas. */
	async screenshotCanvas(name: string): Promise<string> {
		const boxes = (await Promise.all((await this.canvasNodes().all()).map((node) => node.boundingBox()))).filter((box) => box !== null);
		const left = Math.max(0, Math.min(...boxes.map((box) => box.x)) - 60);
		const top = Math.max(0, Math.min(...boxes.map((box) => box.y)) - 30);
		const right = Math.max(...boxes.map((box) => box.x + box.width)) + 60;
		// Labels and subtitles hang below the node boxes.
		const bottom = Math.max(...boxes.map((box) => box.y + box.height)) + 70;
		return await this.shoot(name, { x: left, y: top, width: right - left, height: bottom - top });
	}

	/** The node's parameters panel, cropped below its last parameter. */
	async screenshotParameters(name: string): Promise<string> {
		return await this.screenshotDownTo(name, this.parametersPanel(), this.parametersPanel().locator('[data-test-id="parameter-item"]:visible'));
	}

	/** `container` from its top down to the last of `items` (plus `margin`), leaving out empty space below. */
	async screenshotDownTo(name: string, container: Locator, items: Locator, margin = 12): Promise<string> {
		const box = (await container.boundingBox())!;
		const all = await items.all();
		const last = all.length > 0 ? await all[all.length - 1].boundingBox() : null;
		const bottom = Math.min(box.y + box.height, last ? last.y + last.height + margin : box.y + box.height);
		return await this.shoot(name, { x: box.x, y: box.y, width: box.width, height: bottom - box.y });
	}

	private async shoot(name: string, clip: { x: number; y: number; width: number; height: number }): Promise<string> {
		mkdirSync(SCREENSHOTS, { recursive: true });
		const file = path.join(SCREENSHOTS, `${name}.png`);
		await this.page.screenshot({ path: file, clip, animations: 'disabled' });
		return file;
	}

	async screenshot(name: string, target: Locator = this.page.locator('body')): Promise<string> {
		mkdirSync(SCREENSHOTS, { recursive: true });
		const file = path.join(SCREENSHOTS, `${name}.png`);
		await target.screenshot({ path: file, animations: 'disabled' });
		return file;
	}
}
