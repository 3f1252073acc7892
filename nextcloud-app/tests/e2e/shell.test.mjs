// The frame every page shares: language, navigation, deep links (the notification links of
// docs/notifications.md), keyboard use, dark mode, and how the built files are cached.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { launchBrowser, newPage, screenshot, seriousViolations, startServer } from './harness.mjs'

describe('the app’s frame', () => {
	let server
	let browser

	before(async () => {
		server = await startServer()
		browser = await launchBrowser()
	})

	after(async () => {
		await browser?.close()
		await server?.stop()
	})

	for (const [locale, members, dues, audit] of [['en-GB', 'Members', 'Dues', 'Audit log'], ['fr-FR', 'Membres', 'Cotisations', 'Journal d’audit']]) {
		it(`speaks the browser’s language (${locale})`, async () => {
			const page = await newPage(browser, { locale })
			await page.goto(server.baseUrl)
			// "#/" leads to the first organisation's members once the session and that page's
			// code have loaded; the navigation can show before the address changes.
			await page.waitForURL(/#\/organizations\/1\/members$/)
			await page.getByRole('link', { name: members, exact: true }).waitFor()
			await page.getByRole('link', { name: dues, exact: true }).waitFor()
			await page.getByRole('link', { name: audit, exact: true }).waitFor()
			assert.equal(await page.getAttribute('html', 'lang'), locale.slice(0, 2))
			assert.deepEqual(page.registreErrors, [])
			assert.deepEqual(await seriousViolations(page), [])
			await screenshot(page, `frame-${locale}`)
			await page.context().close()
		})
	}

	it('opens the page a notification links to, and sends unknown paths home', async () => {
		const page = await newPage(browser)
		await page.goto(`${server.baseUrl}#/organizations/1/dues/renewals`)
		await page.getByRole('link', { name: 'Dues', exact: true }).waitFor()
		assert.match(page.url(), /#\/organizations\/1\/dues\/renewals$/)
		// The entry stays highlighted on a page under it.
		assert.equal(await page.getByRole('link', { name: 'Dues', exact: true }).getAttribute('aria-current'), 'page')
		assert.equal(await page.getByRole('link', { name: 'Members', exact: true }).getAttribute('aria-current'), null)
		await page.goto(`${server.baseUrl}#/organizations/1/no-such-page`)
		await page.waitForURL(/#\/organizations\/1\/members$/)
		await page.goto(`${server.baseUrl}#/nowhere/at/all`)
		await page.waitForURL(/#\/organizations\/1\/members$/)
		await page.context().close()
	})

	it('can be used with the keyboard, with a visible focus', async () => {
		const page = await newPage(browser)
		await page.goto(server.baseUrl)
		const dues = page.getByRole('link', { name: 'Dues', exact: true })
		await dues.waitFor()
		let focused = ''
		for (let i = 0; i < 40 && focused !== 'Dues'; i++) {
			await page.keyboard.press('Tab')
			focused = await page.evaluate(() => document.activeElement?.textContent?.trim() ?? '')
		}
		assert.equal(focused, 'Dues', 'Tab reaches the navigation')
		const outline = await page.evaluate(() => {
			const style = getComputedStyle(document.activeElement)
			return { outline: style.outlineStyle, shadow: style.boxShadow }
		})
		assert.ok(outline.outline !== 'none' || outline.shadow !== 'none', `focus is visible: ${JSON.stringify(outline)}`)
		await page.keyboard.press('Enter')
		await page.waitForURL(/#\/organizations\/1\/dues$/)
		await page.context().close()
	})

	it('follows the system’s dark mode', async () => {
		const page = await newPage(browser, { colorScheme: 'dark' })
		await page.goto(server.baseUrl)
		await page.getByRole('link', { name: 'Members', exact: true }).waitFor()
		const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor)
		const [r, g, b] = background.match(/\d+/g).map(Number)
		assert.ok(r + g + b < 150, `dark background, got ${background}`)
		assert.deepEqual(await seriousViolations(page), [])
		await screenshot(page, 'frame-dark')
		await page.context().close()
	})

	it('lets browsers keep hashed files a year and revalidate the stable entry files', async () => {
		const loader = await fetch(`${server.baseUrl}js/registre-main.js?v=3ea31305-0`)
		assert.equal(loader.headers.get('cache-control'), 'no-cache')
		const source = await loader.text()
		const module = /'\.\.\/(js\/main\.[A-Za-z0-9_-]{8,}\.js)'/.exec(source)?.[1]
		assert.ok(module, 'the loader names the hashed module')
		const hashed = await fetch(server.baseUrl + module)
		assert.equal(hashed.status, 200)
		assert.equal(hashed.headers.get('cache-control'), 'public, max-age=31536000, immutable')
		assert.equal(hashed.headers.get('content-type'), 'text/javascript; charset=utf-8')
	})
})
