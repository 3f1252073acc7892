// Plays Nextcloud for a registre-server in Nextcloud mode, from the captured traffic
// (shared/nextcloud32-traffic): it serves the embedded top-menu page (ui-embedded-page.html) with
// the initial state the server really registered, proxies /index.php/apps/app_api/proxy/registre/
// to the server with AppAPI's headers for a logged-in user, and answers the OCS calls the server
// makes (UI registration, webhook registration, a user's groups).
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { appRoot, repoRoot } from './harness.mjs'

export const PROXY = '/index.php/apps/app_api/proxy/registre/'
export const EMBEDDED = '/index.php/apps/app_api/embedded/registre/main'
const SECRET = 'e2e-secret-0123456789abcdefghijklmnopqrstuvwxyz+/ABCDEFGHIJ'
const capturedPage = readFileSync(join(repoRoot, '..', 'shared/nextcloud32-traffic/ui-embedded-page.html'), 'utf8')

const appApiAuth = (user) => Buffer.from(`${user}:${SECRET}`).toString('base64')

// PHP's json_encode escapes '/'; Nextcloud stores json_encode(value) and the page holds
// base64(json_encode(that string)).
function phpInitialState(value) {
	const inner = JSON.stringify(value).replaceAll('/', '\\/')
	return Buffer.from(JSON.stringify(inner).replaceAll('/', '\\/'), 'utf8').toString('base64')
}

function ocs(path, data) {
	const v2 = path.startsWith('/ocs/v2.php')
	return { ocs: { meta: { status: 'ok', statuscode: v2 ? 200 : 100, message: 'OK' }, data } }
}

async function readBody(req) {
	const chunks = []
	for await (const c of req) chunks.push(c)
	return Buffer.concat(chunks)
}

/**
 * The embedded page as Nextcloud serves it: the captured page, with this test's initial state,
 * and only the app's own script and style (Nextcloud's own bundles are not here to load).
 */
function embeddedPage(initialState) {
	let page = capturedPage
		.replace(/<script nonce="[^"]*" defer src="(?!\/index\.php\/apps\/app_api\/proxy\/registre\/)[^"]*"( type="module")?><\/script>\n?/g, '')
		.replace(/<link rel="[^"]*" (media="[^"]*" )?(sizes="[^"]*" )?href="(?!\/index\.php\/apps\/app_api\/proxy\/registre\/)[^"]*"[^>]*>/g, '')
	page = page.replace(/(id="initial-state-app_api-registre-config" value=")[^"]*(")/, `$1${phpInitialState(initialState)}$2`)
	return page
}

export async function startFakeNextcloud({ user = 'admin', groups = ['admin'] } = {}) {
	const ocsCalls = []
	let initialState = null
	let appPort = 0

	const server = createServer(async (req, res) => {
		const body = await readBody(req)
		const url = new URL(req.url, 'http://nextcloud.invalid')
		if (url.pathname === EMBEDDED) {
			res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' })
			res.end(embeddedPage(initialState))
			return
		}
		if (url.pathname.startsWith(PROXY)) {
			const headers = {
				'EX-APP-ID': 'registre', 'EX-APP-VERSION': '0.1.0', 'AA-VERSION': '32.0.0',
				'AUTHORIZATION-APP-API': appApiAuth(user), 'AA-REQUEST-ID': Math.random().toString(36).slice(2),
				'Accept-Language': req.headers['accept-language'] ?? 'en', Accept: req.headers.accept ?? '*/*',
			}
			for (const h of ['content-type', 'if-match', 'if-none-match', 'requesttoken', 'x-requested-with']) {
				if (req.headers[h]) headers[h] = req.headers[h]
			}
			const target = `http://127.0.0.1:${appPort}/${url.pathname.slice(PROXY.length)}${url.search}`
			const answer = await fetch(target, { method: req.method, headers, body: body.length ? body : undefined })
			const out = {}
			for (const h of ['content-type', 'cache-control', 'etag', 'location', 'retry-after']) {
				const v = answer.headers.get(h)
				if (v) out[h] = v
			}
			res.writeHead(answer.status, out)
			res.end(Buffer.from(await answer.arrayBuffer()))
			return
		}
		if (url.pathname.startsWith('/ocs/')) {
			const json = body.length ? JSON.parse(body.toString('utf8')) : null
			ocsCalls.push({ method: req.method, path: url.pathname, json })
			let data = []
			if (url.pathname.endsWith('/ui/initial-state') && req.method === 'POST') initialState = json.value
			if (url.pathname.includes('/webhook_listeners/') && req.method === 'POST') data = { id: ocsCalls.length, ...json }
			if (/\/cloud\/users\/[^/]+\/groups$/.test(url.pathname)) data = { groups }
			res.writeHead(200, { 'Content-Type': 'application/json' })
			res.end(JSON.stringify(ocs(url.pathname, data)))
			return
		}
		if (url.pathname === '/favicon.ico') {
			res.writeHead(204)
			res.end()
			return
		}
		res.writeHead(404, { 'Content-Type': 'text/html' })
		res.end('<html><body>Page not found</body></html>')
	})
	await new Promise((ok) => server.listen(0, '127.0.0.1', ok))
	const port = server.address().port
	const baseUrl = `http://127.0.0.1:${port}`

	// registre-server in Nextcloud mode, pointed at this fake.
	const storage = mkdtempSync(join(tmpdir(), 'registre-e2e-nc-'))
	appPort = await new Promise((ok) => {
		const probe = createServer()
		probe.listen(0, '127.0.0.1', () => {
			const p = probe.address().port
			probe.close(() => ok(p))
		})
	})
	const binary = process.env.REGISTRE_SERVER_BIN ?? join(repoRoot, 'build-ci/server/registre-server')
	const child = spawn(binary, [], {
		env: {
			...process.env, APP_ID: 'registre', APP_VERSION: '0.1.0', APP_SECRET: SECRET, APP_HOST: '127.0.0.1',
			APP_PORT: String(appPort), NEXTCLOUD_URL: baseUrl, APP_PERSISTENT_STORAGE: storage, REGISTRE_STATIC_DIR: join(appRoot, 'dist'),
		},
		stdio: ['ignore', 'ignore', 'pipe'],
	})
	let stderr = ''
	child.stderr.on('data', (d) => {
		stderr = (stderr + d).slice(-4000)
	})
	const appUrl = `http://127.0.0.1:${appPort}/`
	for (let i = 0; ; i++) {
		if (child.exitCode !== null) throw new Error(`registre-server exited: ${stderr}`)
		try {
			if ((await fetch(appUrl + 'heartbeat')).ok) break
		} catch {
			// not yet listening
		}
		if (i > 200) throw new Error(`registre-server did not start: ${stderr}`)
		await new Promise((r) => setTimeout(r, 100))
	}

	// Nextcloud enables the app: the server registers its menu entry, script, style and state.
	const enabled = await fetch(appUrl + 'enabled?enabled=1', {
		method: 'PUT',
		headers: { 'EX-APP-ID': 'registre', 'EX-APP-VERSION': '0.1.0', 'AA-VERSION': '32.0.0', 'AUTHORIZATION-APP-API': appApiAuth('') },
	})
	const enabledAnswer = await enabled.json()
	if (enabledAnswer.error) throw new Error(`enable failed: ${enabledAnswer.error}`)

	/** A request through the proxy, as the logged-in user (for seeding). */
	async function proxied(method, path, json) {
		const r = await fetch(baseUrl + PROXY + path.replace(/^\//, ''), {
			method,
			headers: json ? { 'Content-Type': 'application/json' } : {},
			body: json ? JSON.stringify(json) : undefined,
		})
		return { status: r.status, body: await r.json().catch(() => null) }
	}

	return {
		baseUrl,
		ocsCalls,
		get initialState() {
			return initialState
		},
		proxied,
		async stop() {
			child.kill('SIGTERM')
			await new Promise((r) => (child.exitCode !== null ? r() : child.once('exit', r)))
			await new Promise((r) => server.close(r))
			rmSync(storage, { recursive: true, force: true })
		},
	}
}
