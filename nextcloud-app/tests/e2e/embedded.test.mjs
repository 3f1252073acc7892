// The bundle inside a page shaped like Nextcloud's embedded top-menu page: #content only, the
// double-encoded initial state, scripts through the AppAPI proxy path; every API call goes
// through that path too.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { EMBEDDED, PROXY, startFakeNextcloud } from './fake-nextcloud.mjs'
import { launchBrowser, newPage, screenshot, seriousViolations } from './harness.mjs'

describe('inside Nextcloud’s embedded page', () => {
	let nextcloud
	let browser

	before(async () => {
		nextcloud = await startFakeNextcloud()
		browser = await launchBrowser()
		const created = await nextcloud.proxied('POST', 'admin/v1/organizations', { slug: 'jardins', name: 'Les Jardins partagés' })
		assert.equal(created.status, 201)
	})

	after(async () => {
		await browser?.close()
		await nextcloud?.stop()
	})

	it('registers the script, the style and the initial state the page uses', () => {
		const paths = nextcloud.ocsCalls.map((c) => `${c.method} ${c.path}`)
		assert.ok(paths.includes('POST /ocs/v1.php/apps/app_api/api/v1/ui/script'))
		assert.ok(paths.includes('POST /ocs/v1.php/apps/app_api/api/v1/ui/style'))
		const script = nextcloud.ocsCalls.find((c) => c.path.endsWith('/ui/script')).json
		assert.equal(script.path, 'js/registre-main')
		assert.equal(nextcloud.initialState.baseUrl, PROXY)
	})

	it('loads through the proxy, reads the state and reaches the API through the proxy path', async () => {
		const page = await newPage(browser, { locale: 'fr-FR' })
		const requests = []
		page.on('request', (r) => requests.push(new URL(r.url()).pathname))
		await page.goto(nextcloud.baseUrl + EMBEDDED)
		// The page says lang="en" (the Nextcloud user's language wins over the browser's).
		await page.getByRole('link', { name: 'Members' }).waitFor()
		await page.getByText('Les Jardins partagés').first().waitFor()

		const api = requests.filter((p) => p.includes('/api/v1/'))
		assert.ok(api.length >= 2, 'the app called its API')
		assert.deepEqual(api.filter((p) => !p.startsWith(PROXY)), [], 'every API call goes through the proxy')
		assert.ok(requests.some((p) => p.startsWith(`${PROXY}js/main.`)), 'the hashed bundle came through the proxy')
		assert.deepEqual(page.registreErrors, [])
		// Mounted in the app's own #content, inside Nextcloud's: the page's h1 is still there.
		assert.equal(await page.locator('#page-heading-level-1').count(), 1)
		assert.equal(await page.locator('#content-vue').count(), 1)
		assert.deepEqual(await seriousViolations(page), [])
		await screenshot(page, 'embedded-nextcloud-page')
		await page.context().close()
	})
})
