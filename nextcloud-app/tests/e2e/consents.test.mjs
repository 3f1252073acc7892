// Consents, the public consent page, data-subject requests and "my membership", in a real
// browser against a real registre-server (standalone, empty storage, demo organisation 1).
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { launchBrowser, newPage, screenshot, seriousViolations, startServer } from './harness.mjs'

const ORG = 1
let server
let browser
let api
// One page per language, kept from test to test (the machine is slow to open pages); each
// test moves them to its route.
const pages = {}
const seeded = {}

const isoDaysAgo = (days) => {
	const d = new Date()
	d.setUTCDate(d.getUTCDate() - days)
	return d.toISOString().slice(0, 10)
}

async function go(lang, path) {
	const page = pages[lang]
	await page.goto(server.baseUrl + path)
	return page
}

before(async () => {
	server = await startServer()
	api = server.api
	browser = await launchBrowser()
	;[pages.en, pages.fr] = await Promise.all([newPage(browser, { locale: 'en-GB' }), newPage(browser, { locale: 'fr-FR' })])
	const org = `api/v1/organizations/${ORG}`

	const newsletter = await api.expect(201, 'POST', `${org}/purposes`, {
		key: 'newsletter',
		title: 'Newsletter',
		description: 'News of the association by e-mail.',
		legalBasis: 'consent',
		dataCategories: ['e-mail address'],
		recipients: ['the board'],
		retention: 'Until withdrawn.',
		textFr: 'J’accepte de recevoir la lettre d’information.',
		textEn: 'I agree to receive the newsletter.',
	})
	const photos = await api.expect(201, 'POST', `${org}/purposes`, { preset: 'image_rights', language: 'en' })
	await api.expect(201, 'POST', `${org}/purposes`, {
		key: 'directory',
		title: 'Members’ directory',
		legalBasis: 'legitimate_interest',
		textFr: 'Votre nom figure dans l’annuaire des membres.',
		textEn: 'Your name is listed in the members’ directory.',
	})
	seeded.newsletter = newsletter.body
	seeded.photos = photos.body

	const helene = await api.expect(201, 'POST', `${org}/members`, { firstName: 'Hélène', lastName: 'Dupont', email: 'helene@example.org', nextcloudUser: 'admin' })
	const marc = await api.expect(201, 'POST', `${org}/members`, { firstName: 'Marc', lastName: 'Lefèvre', email: 'marc@example.org' })
	seeded.helene = helene.body
	seeded.marc = marc.body
	await api.expect(201, 'POST', `${org}/members/${helene.body.id}/consents`, { purposeId: newsletter.body.id, decision: 'given', channel: 'paper', evidence: 'Files/Consents/dupont.pdf' })
	// Marc agreed to the first text about photos; a second text makes his consent "to be renewed".
	await api.expect(201, 'POST', `${org}/members/${marc.body.id}/consents`, { purposeId: photos.body.id, decision: 'given', channel: 'paper' })
	await api.expect(201, 'POST', `${org}/purposes/${photos.body.id}/versions`, { textFr: 'Nouveau texte sur les photos.', textEn: 'New text about photos.' })

	// Requests received at different dates: due dates one month later, the oldest overdue.
	seeded.requests = []
	for (const [kind, days, memberId] of [['access', 10, helene.body.id], ['erasure', 70, marc.body.id], ['portability', 0, null]]) {
		const r = await api.expect(201, 'POST', `${org}/requests`, { kind, receivedOn: isoDaysAgo(days), memberId })
		seeded.requests.push(r.body)
	}
})

after(async () => {
	await browser?.close()
	await server?.stop()
})

describe('consents page', () => {
	it('lists the purposes and the members to ask again (English and French, accessible)', async () => {
		for (const lang of ['en', 'fr']) {
			const page = await go(lang, `#/organizations/${ORG}/consents`)
			const en = lang === 'en'
			await page.getByRole('heading', { level: 2, name: en ? 'Consents' : 'Consentements' }).waitFor()
			const purposes = page.getByRole('table').first()
			await purposes.getByRole('rowheader', { name: /Newsletter/ }).waitFor()
			assert.equal(await purposes.getByRole('row').count(), 4)
			// Marc's consent to the first photo text is listed to be renewed.
			const renewals = page.locator('section', { has: page.getByRole('heading', { name: en ? 'To be renewed' : 'À renouveler' }) })
			await renewals.getByRole('rowheader', { name: /Marc Lefèvre/ }).waitFor()
			await screenshot(page, `consents-${en ? 'en' : 'fr'}`)
			assert.deepEqual(await seriousViolations(page), [])
			assert.deepEqual(page.registreErrors, [])
		}
	})

	it('publishes a new text of a purpose', async () => {
		const page = pages.en
		// Someone else renames a purpose meanwhile: retiring it from the stale page is a conflict.
		const list = await api.expect(200, 'GET', `api/v1/organizations/${ORG}/purposes`)
		const directory = list.body.items.find((p) => p.key === 'directory')
		await api.expect(200, 'PUT', `api/v1/organizations/${ORG}/purposes/${directory.id}`, { title: 'Directory of members' }, { 'If-Match': `"${directory.version}"` })
		await page.getByRole('button', { name: 'Retire: directory' }).click()
		const dialog = page.getByRole('dialog', { name: 'Changed by someone else' })
		await dialog.waitFor()
		await dialog.getByRole('button', { name: 'Load the latest version' }).click()
		await page.getByRole('rowheader', { name: /Directory of members/ }).waitFor()
		const still = await api.expect(200, 'GET', `api/v1/organizations/${ORG}/purposes`)
		assert.equal(still.body.items.find((p) => p.key === 'directory').active, true)
		page.registreErrors.length = 0 // the browser's own line about the expected 412

		await page.getByRole('button', { name: 'Publish a new text: newsletter' }).click()
		await page.getByLabel('Text in English').fill('I agree to receive the newsletter, about once a month.')
		await page.getByRole('button', { name: 'Publish the text' }).click()
		await page.getByText('Version 2 published.').waitFor()
		const versions = await api.expect(200, 'GET', `api/v1/organizations/${ORG}/purposes/${seeded.newsletter.id}/versions`)
		assert.equal(versions.body.items.length, 2)
		assert.equal(versions.body.items[1].textEn, 'I agree to receive the newsletter, about once a month.')
		assert.equal(versions.body.items[1].textFr, 'J’accepte de recevoir la lettre d’information.')
		// Hélène gives her consent to the new text again (paper form), through the page.
		await page.getByLabel('Find a member').fill('helene')
		await page.getByRole('button', { name: 'Search' }).click()
		await page.getByRole('button', { name: 'Hélène Dupont (no. 1)' }).click()
		await page.getByLabel('Purpose', { exact: true }).selectOption({ label: 'Newsletter' })
		await page.getByRole('button', { name: 'Record the decision' }).click()
		await page.getByText('Decision recorded.').waitFor()
		const current = await api.expect(200, 'GET', `api/v1/organizations/${ORG}/members/${seeded.helene.id}/consents`)
		assert.equal(current.body.items.find((c) => c.purposeId === seeded.newsletter.id).state, 'given')
	})
})

describe('public consent page', () => {
	it('withdraws a consent through a public link made on the consents page', async () => {
		const page = pages.en
		await page.getByLabel('Find a member').fill('Dupont')
		await page.getByRole('button', { name: 'Search' }).click()
		await page.getByRole('button', { name: 'Hélène Dupont (no. 1)' }).click()
		await page.getByRole('heading', { name: 'Public links' }).waitFor()
		await page.getByRole('button', { name: 'Create a public link' }).click()
		const field = page.getByLabel('Public link address')
		await field.waitFor()
		const url = (seeded.linkUrl = await field.inputValue())
		assert.match(url, new RegExp(`^${server.baseUrl.replace(/[.]/g, '\\.')}public/consent#[0-9a-f]{64}$`))
		const links = await api.expect(200, 'GET', `api/v1/organizations/${ORG}/members/${seeded.helene.id}/links`)
		assert.equal(links.body.items.length, 1)
		assert.equal(links.body.items[0].state, 'active')
		await page.getByRole('cell', { name: 'Valid', exact: true }).waitFor()
		await screenshot(page, 'consents-member-en')
		assert.deepEqual(await seriousViolations(page), [])

		const visitor = (pages.visitor = await newPage(browser, { locale: 'en-GB' }))
		await visitor.goto(url)
		await visitor.getByRole('heading', { level: 1, name: 'Your consents' }).waitFor()
		await visitor.getByText('Association démo').waitFor()
		const agree = visitor.getByRole('switch', { name: 'I agree Newsletter' })
		assert.equal(await agree.isChecked(), true)
		await screenshot(visitor, 'public-consent-en')
		assert.deepEqual(await seriousViolations(visitor), [])
		await agree.click()
		await visitor.getByRole('status').filter({ hasText: 'Saved: your consent is withdrawn.' }).waitFor()
		assert.equal(await agree.isChecked(), false)

		const history = await api.expect(200, 'GET', `api/v1/organizations/${ORG}/members/${seeded.helene.id}/consents/history`)
		const last = history.body.items.at(-1)
		assert.equal(last.purposeId, seeded.newsletter.id)
		assert.equal(last.decision, 'withdrawn')
		assert.equal(last.channel, 'public_link')
		assert.match(last.recordedBy, /^public_link:\d+$/)
		const current = await api.expect(200, 'GET', `api/v1/organizations/${ORG}/members/${seeded.helene.id}/consents`)
		assert.equal(current.body.items.find((c) => c.purposeId === seeded.newsletter.id).state, 'withdrawn')

		// The language switch: the same page in French.
		await visitor.getByRole('button', { name: 'Français' }).click()
		await visitor.getByRole('heading', { level: 1, name: 'Vos consentements' }).waitFor()
		assert.equal(await visitor.evaluate(() => document.documentElement.lang), 'fr')
		await visitor.getByText('J’accepte de recevoir la lettre d’information.').waitFor()
		assert.deepEqual(visitor.registreErrors, [])
		await screenshot(visitor, 'public-consent-fr')
		assert.deepEqual(await seriousViolations(visitor), [])

		// On a phone, in French.
		await visitor.setViewportSize({ width: 390, height: 844 })
		await visitor.getByRole('switch', { name: 'J’accepte Newsletter' }).waitFor()
		const overflow = await visitor.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
		assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow}px`)
		await screenshot(visitor, 'public-consent-phone-fr')
		assert.deepEqual(await seriousViolations(visitor), [])
		// The phone in dark mode.
		await visitor.emulateMedia({ colorScheme: 'dark' })
		await screenshot(visitor, 'public-consent-phone-dark-fr')
		assert.deepEqual(await seriousViolations(visitor), [])
		await visitor.emulateMedia({ colorScheme: 'light' })
	})

	it('says clearly that an invalid link is invalid or expired', async () => {
		// The visitor's page (now in French, on a phone) follows the fragment: another token, then
		// one that is not a token at all (refused without asking the server).
		// A manager revokes the link: it stops working at once.
		const manager = pages.en
		await manager.getByRole('button', { name: /^Revoke the link created on / }).click()
		await manager.getByRole('cell', { name: /^Revoked/ }).waitFor()
		const links = await api.expect(200, 'GET', `api/v1/organizations/${ORG}/members/${seeded.helene.id}/links`)
		assert.equal(links.body.items[0].state, 'revoked')

		const page = pages.visitor ?? (await newPage(browser, { locale: 'fr-FR' }))
		await page.setViewportSize({ width: 1280, height: 900 })
		if (seeded.linkUrl) {
			await page.goto(seeded.linkUrl)
			await page.reload()
			await page.getByRole('alert').filter({ hasText: 'This link is invalid or has expired' }).waitFor()
			await page.getByRole('button', { name: 'Français' }).click()
		}
		for (const [hash, name] of [['0'.repeat(64), 'unknown'], ['not-a-token', 'malformed']]) {
			await page.goto(`${server.baseUrl}public/consent#${hash}`)
			await page.getByRole('alert').filter({ hasText: 'Ce lien n’est pas valide ou a expiré' }).waitFor()
			assert.equal(await page.getByRole('switch').count(), 0)
			await screenshot(page, `public-consent-invalid-${name}-fr`)
			assert.deepEqual(await seriousViolations(page), [])
		}
		await page.getByRole('button', { name: 'English' }).click()
		await page.getByRole('alert').filter({ hasText: 'This link is invalid or has expired' }).waitFor()
		await screenshot(page, 'public-consent-invalid-en')

		// Too many bad tokens from one address: the server answers 429 (simulated here).
		await page.route('**/public/v1/consents/**', (route) => route.fulfill({
			status: 429,
			contentType: 'application/problem+json',
			headers: { 'Retry-After': '600' },
			body: JSON.stringify({ type: 'urn:registre:problem:rate-limited', title: 'Too many requests', status: 429 }),
		}))
		await page.goto(`${server.baseUrl}public/consent#${'1'.repeat(64)}`)
		await page.getByRole('alert').filter({ hasText: 'Too many links were tried from your connection' }).waitFor()
		assert.deepEqual(await seriousViolations(page), [])
		await page.context().close()
	})
})

describe('requests page', () => {
	it('lists the open requests by due date, the overdue one marked', async () => {
		for (const lang of ['en', 'fr']) {
			const en = lang === 'en'
			const page = await go(lang, `#/organizations/${ORG}/requests`)
			await page.getByRole('heading', { level: 2, name: en ? 'Requests' : 'Demandes' }).waitFor()
			const rows = page.getByRole('table').getByRole('row')
			await rows.nth(3).waitFor()
			assert.equal(await rows.count(), 4)
			const kinds = await page.getByRole('table').getByRole('rowheader').allInnerTexts()
			assert.deepEqual(kinds.map((k) => k.replace(/\s*#\d+$/, '')), en
				? ['Erasure (Art. 17)', 'Access (Art. 15)', 'Portability (Art. 20)']
				: ['Effacement (art. 17)', 'Accès (art. 15)', 'Portabilité (art. 20)'])
			assert.match(await rows.nth(1).innerText(), en ? /Overdue/ : /En retard/)
			await rows.nth(1).getByRole('link', { name: en ? 'Marc Lefèvre (no. 2)' : 'Marc Lefèvre (n° 2)' }).waitFor()
			assert.doesNotMatch(await rows.nth(2).innerText(), en ? /Overdue/ : /En retard/)
			await screenshot(page, `requests-${en ? 'en' : 'fr'}`)
			assert.deepEqual(await seriousViolations(page), [])
			assert.deepEqual(page.registreErrors, [])
		}
	})

	it('records a request, then closes one with its proof', async () => {
		const page = pages.en
		await page.getByRole('button', { name: 'Record a request' }).click()
		await page.getByLabel('Kind of request').selectOption('rectification')
		await page.getByLabel('Find the member').fill('Lefèvre')
		await page.getByRole('button', { name: 'Search' }).click()
		await page.getByRole('button', { name: 'Marc Lefèvre (no. 2)' }).click()
		await page.getByRole('button', { name: 'Record the request' }).click()
		await page.getByRole('heading', { level: 3, name: /Rectification \(Art\. 16\)/ }).waitFor()
		const all = await api.expect(200, 'GET', `api/v1/organizations/${ORG}/requests?status=all`)
		const made = all.body.items.find((r) => r.kind === 'rectification')
		assert.equal(made.memberId, seeded.marc.id)
		assert.equal(made.status, 'open')
		await screenshot(page, 'request-detail-en')
		assert.deepEqual(await seriousViolations(page), [])

		await page.getByLabel('What was done, or why not, and where the answer is kept').fill('Address corrected; answer sent by e-mail on the same day.')
		await page.getByRole('button', { name: 'Close the request' }).click()
		await page.getByText('Request closed.').waitFor()
		const closed = await api.expect(200, 'GET', `api/v1/organizations/${ORG}/requests/${made.id}`)
		assert.equal(closed.body.status, 'closed')
		assert.equal(closed.body.closureProof, 'Address corrected; answer sent by e-mail on the same day.')
	})
})

describe('my membership', () => {
	it('shows my consents and lets me change one (French and English)', async () => {
		const stateNow = async () => (await api.expect(200, 'GET', `api/v1/organizations/${ORG}/me/consents`)).body.items.find((c) => c.purposeId === seeded.newsletter.id).state
		const before = await stateNow()
		const page = await go('fr', '#/me')
		await page.getByRole('heading', { level: 2, name: 'Mon adhésion' }).waitFor()
		await page.getByRole('heading', { level: 3, name: /Association démo/ }).waitFor()
		const agree = page.getByRole('switch', { name: 'J’accepte Newsletter' })
		await agree.waitFor()
		assert.equal(await agree.isChecked(), before === 'given')
		await screenshot(page, 'my-membership-fr')
		assert.deepEqual(await seriousViolations(page), [])
		await agree.click()
		const expected = before === 'given' ? 'withdrawn' : 'given'
		await page.getByText(expected === 'given' ? 'Enregistré : votre consentement est donné.' : 'Enregistré : votre consentement est retiré.').waitFor()
		assert.equal(await stateNow(), expected)
		const history = await api.expect(200, 'GET', `api/v1/organizations/${ORG}/members/${seeded.helene.id}/consents/history`)
		const last = history.body.items.at(-1)
		assert.equal(last.decision, expected)
		assert.equal(last.channel, 'web')

		const en = await go('en', '#/me')
		const agreeEn = en.getByRole('switch', { name: 'I agree Newsletter' })
		await agreeEn.waitFor()
		assert.equal(await agreeEn.isChecked(), expected === 'given')
		await en.getByRole('switch', { name: 'I object to this processing Directory of members' }).waitFor()
		await screenshot(en, 'my-membership-en')
		assert.deepEqual(await seriousViolations(en), [])
		assert.deepEqual(en.registreErrors, [])
	})
})
