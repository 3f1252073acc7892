// What every browser test needs: a registre-server in standalone mode on a free loopback port
// with its own empty storage (the demo organisation is number 1), a JSON client to seed data
// through the real API, Debian's Chromium driven by playwright-core, screenshots kept under
// test-results/, and an axe-core scan.
import { spawn } from 'node:child_process'
import { mkdtempSync, mkdirSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'

const here = dirname(fileURLToPath(import.meta.url))
export const appRoot = resolve(here, '../..')
export const repoRoot = resolve(appRoot, '..')
export const resultsDir = join(appRoot, 'test-results')

const serverBinary = process.env.REGISTRE_SERVER_BIN ?? join(repoRoot, 'build-ci/server/registre-server')
const chromiumPath = process.env.REGISTRE_CHROMIUM ?? '/usr/bin/chromium'

async function freePort() {
	return await new Promise((ok, fail) => {
		const s = createServer()
		s.once('error', fail)
		s.listen(0, '127.0.0.1', () => {
			const { port } = s.address()
			s.close(() => ok(port))
		})
	})
}

/** Starts registre-server --standalone serving dist/; resolves once /heartbeat answers. */
export async function startServer({ env = {} } = {}) {
	const port = await freePort()
	const storage = mkdtempSync(join(tmpdir(), 'registre-e2e-'))
	const child = spawn(serverBinary, ['--standalone', '--port', String(port), '--storage', storage, '--static-dir', join(appRoot, 'dist')], {
		env: { ...process.env, ...env },
		stdio: ['ignore', 'ignore', 'pipe'],
	})
	let stderr = ''
	child.stderr.on('data', (d) => {
		stderr = (stderr + d).slice(-4000)
	})
	const baseUrl = `http://127.0.0.1:${port}/`
	const deadline = Date.now() + 20000
	for (;;) {
		if (child.exitCode !== null) throw new Error(`registre-server exited (${child.exitCode}): ${stderr}`)
		try {
			const r = await fetch(baseUrl + 'heartbeat')
			if (r.ok) break
		} catch {
			// not listening yet
		}
		if (Date.now() > deadline) throw new Error(`registre-server did not start: ${stderr}`)
		await new Promise((r) => setTimeout(r, 100))
	}
	return {
		baseUrl,
		storage,
		api: apiClient(baseUrl),
		async stop() {
			child.kill('SIGTERM')
			await new Promise((r) => (child.exitCode !== null ? r() : child.once('exit', r)))
			rmSync(storage, { recursive: true, force: true })
		},
	}
}

/** A JSON client for seeding: request() resolves to { status, body, etag }. */
export function apiClient(baseUrl) {
	async function request(method, path, body, headers = {}) {
		const init = { method, headers: { Accept: 'application/json', ...headers } }
		if (body !== undefined) {
			if (typeof body === 'string') init.body = body
			else {
				init.body = JSON.stringify(body)
				init.headers['Content-Type'] = 'application/json'
			}
		}
		const r = await fetch(baseUrl + path.replace(/^\//, ''), init)
		const text = await r.text()
		let parsed = text
		try {
			parsed = text ? JSON.parse(text) : null
		} catch {
			// not JSON
		}
		return { status: r.status, body: parsed, etag: r.headers.get('ETag') }
	}
	/** Like request, but throws unless the status is the expected one. */
	async function expect(status, method, path, body, headers) {
		const r = await request(method, path, body, headers)
		if (r.status !== status) throw new Error(`${method} ${path}: expected ${status}, got ${r.status} ${JSON.stringify(r.body)}`)
		return r
	}
	return { request, expect }
}

export async function launchBrowser() {
	return await chromium.launch({
		executablePath: chromiumPath,
		headless: true,
		args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
	})
}

/**
 * A page in a fresh context speaking `locale` (it sets Accept-Language and navigator.language).
 * Errors thrown in the page and failed requests are collected in page.registreErrors.
 */
export async function newPage(browser, { locale = 'en-GB', viewport = { width: 1280, height: 900 }, colorScheme = 'light' } = {}) {
	const context = await browser.newContext({ locale, viewport, colorScheme })
	const page = await context.newPage()
	page.registreErrors = []
	page.on('pageerror', (e) => page.registreErrors.push(String(e)))
	page.on('console', (m) => {
		if (m.type() === 'error') page.registreErrors.push(m.text())
	})
	return page
}

export async function screenshot(page, name) {
	const dir = join(resultsDir, 'screenshots')
	mkdirSync(dir, { recursive: true })
	await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true })
}

const axeSource = readFileSync(join(appRoot, 'node_modules/axe-core/axe.min.js'), 'utf8')

/** Runs axe-core on the page; returns the serious and critical violations (empty is good). */
export async function seriousViolations(page) {
	// Evaluated through the DevTools protocol, so the public page's strict CSP does not block it.
	await page.evaluate(axeSource)
	const result = await page.evaluate(async () => await globalThis.axe.run(document, { resultTypes: ['violations'] }))
	return result.violations
		.filter((v) => v.impact === 'serious' || v.impact === 'critical')
		.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`)
}
