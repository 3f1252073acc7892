// The members and dues pages in a real browser against a real registre-server (standalone):
// creating a member and recording dues through the UI, the 412 conflict dialog, erasure, the
// virtual-scrolled list with 1 500 members, the server's field errors at their field, and
// screenshots plus an axe scan of every page in English and French.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { launchBrowser, newPage, screenshot, seriousViolations, startServer } from './harness.mjs'

const ORG = 1
const M = `api/v1/organizations/${ORG}/members`

let server
let browser
let typeId

function today() {
	const d = new Date()
	return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`
}

async function createMember(body) {
	const r = await server.api.expect(201, 'POST', M, body)
	return r.body
}

async function open(page, fragment) {
	await page.goto(`${server.baseUrl}#/organizations/${ORG}/${fragment}`)
}

async function checkPage(page, name) {
	await screenshot(page, name)
	assert.deepEqual(await seriousViolations(page), [], `axe on ${name}`)
}

describe('members and dues pages', () => {
	before(async () => {
		server = await startServer()
		browser = await launchBrowser()
		const r = await server.api.expect(201, 'POST', `api/v1/organizations/${ORG}/membership-types`, { name: 'Adulte', period: 'calendar_year', amountCents: 2500 })
		typeId = r.body.id
		await server.api.expect(201, 'POST', `api/v1/organizations/${ORG}/fields`, { key: 'tshirt', label: 'T-shirt', type: 'single_choice', choices: ['S', 'M', 'L'] })
		await server.api.expect(201, 'POST', `api/v1/organizations/${ORG}/fields`, { key: 'benevole', label: 'Volunteer', type: 'boolean' })
	})

	after(async () => {
		await browser?.close()
		await server?.stop()
	})

	it('creates a member through the form, finds them in the list, records their dues', async () => {
		const page = await newPage(browser)
		await open(page, 'members/new')
		await page.getByLabel('First name', { exact: true }).fill('Marie')
		await page.getByLabel('Last name *', { exact: true }).fill('Quenelle')
		await page.getByLabel('E-mail', { exact: true }).fill('marie.quenelle@example.org')
		await page.getByLabel('Admitted on', { exact: true }).fill('2026-01-15')
		await page.getByLabel('T-shirt').selectOption('M')
		await page.getByRole('checkbox', { name: 'Volunteer' }).check({ force: true })
		await checkPage(page, 'member-new-en')
		await page.getByRole('button', { name: 'Create the member' }).click()

		await page.getByRole('heading', { level: 2, name: 'Quenelle Marie' }).waitFor()
		const id = Number(/members\/(\d+)/.exec(page.url())[1])
		const created = await server.api.expect(200, 'GET', `${M}/${id}`)
		assert.equal(created.body.email, 'marie.quenelle@example.org')
		assert.equal(created.body.admittedOn, '2026-01-15')
		assert.deepEqual(created.body.custom, { tshirt: 'M', benevole: true })
		await page.getByRole('definition').filter({ hasText: /^Yes$/ }).waitFor()

		// The list finds them by an instant search, and the row leads to the record.
		await open(page, 'members')
		await page.getByLabel('Search by name, e-mail or number').fill('quenel')
		const row = page.getByRole('link', { name: /Quenelle Marie/ })
		await row.waitFor()
		await assert.doesNotReject(page.getByText('1 member', { exact: true }).waitFor())
		await checkPage(page, 'members-list-en')
		await row.click()
		await page.getByRole('heading', { level: 2, name: 'Quenelle Marie' }).waitFor()
		// Back to the list: the search is still there.
		await page.getByRole('link', { name: 'Back to the members' }).click()
		await row.waitFor()
		assert.equal(await page.getByLabel('Search by name, e-mail or number').inputValue(), 'quenel')
		await row.click()
		await page.getByRole('heading', { level: 2, name: 'Quenelle Marie' }).waitFor()

		// Record the dues from the record.
		await page.getByRole('button', { name: 'Record a payment' }).click()
		const amount = page.getByLabel('Amount (EUR)')
		assert.equal(await amount.inputValue(), '25.00')
		await amount.fill('30.50')
		await page.getByLabel('Payment method').selectOption('cheque')
		await page.getByLabel('Reference (cheque number, transfer label)').fill('CHQ-0042')
		await page.getByRole('button', { name: 'Record the membership' }).click()
		await page.getByText('Membership recorded with its payment of €30.50.').waitFor()
		const table = page.getByRole('table', { name: 'Memberships and dues' })
		await table.getByRole('cell', { name: '€30.50' }).waitFor()
		await checkPage(page, 'member-detail-en')

		const ms = await server.api.expect(200, 'GET', `${M}/${id}/memberships`)
		assert.equal(ms.body.items.length, 1)
		const [membership] = ms.body.items
		assert.equal(membership.typeId, typeId)
		assert.equal(membership.amountCents, 3050)
		assert.equal(membership.paidOn, today())
		assert.equal(membership.paymentMethod, 'cheque')
		assert.equal(membership.reference, 'CHQ-0042')
		const after = await server.api.expect(200, 'GET', `${M}/${id}`)
		assert.equal(after.body.status, 'active')
		assert.deepEqual(page.registreErrors, [])
		await page.context().close()
	})

	it('records a payment from the dues page (French) and shows the season totals', async () => {
		const member = await createMember({ firstName: 'Élodie', lastName: 'Rivière', admittedOn: '2026-02-01' })
		const page = await newPage(browser, { locale: 'fr-FR' })
		await open(page, 'dues')
		await page.getByRole('heading', { level: 2, name: 'Cotisations' }).waitFor()
		await page.getByLabel('Trouver le membre (nom, courriel ou numéro)').fill('riviere')
		await page.getByRole('button', { name: /Rivière Élodie/ }).click()
		const amount = page.getByLabel('Montant (EUR)')
		assert.equal(await amount.inputValue(), '25,00')
		await amount.fill('12,50')
		await page.getByLabel('Moyen de paiement').selectOption('cash')
		await page.getByRole('button', { name: 'Enregistrer l’adhésion' }).click()
		await page.getByText(/adhésion enregistrée avec son paiement de 12,50/).waitFor()
		const totals = page.getByRole('table', { name: 'Totaux par saison' })
		await totals.getByRole('cell', { name: 'Adulte' }).first().waitFor()
		await checkPage(page, 'dues-fr')

		const ms = await server.api.expect(200, 'GET', `${M}/${member.id}/memberships`)
		assert.equal(ms.body.items.length, 1)
		assert.equal(ms.body.items[0].amountCents, 1250)
		assert.equal(ms.body.items[0].paymentMethod, 'cash')

		// The French pages of the list, the record and the form.
		await open(page, 'members')
		await page.getByRole('heading', { level: 2, name: 'Membres' }).waitFor()
		await page.getByRole('link', { name: /Rivière Élodie/ }).waitFor()
		await checkPage(page, 'members-list-fr')
		await open(page, `members/${member.id}`)
		await page.getByRole('table', { name: 'Adhésions et cotisations' }).getByRole('cell', { name: /12,50/ }).waitFor()
		await checkPage(page, 'member-detail-fr')
		await open(page, `members/${member.id}/edit`)
		await page.getByLabel('Nom *', { exact: true }).waitFor()
		assert.equal(await page.getByLabel('Nom *', { exact: true }).inputValue(), 'Rivière')
		await checkPage(page, 'member-edit-fr')
		await open(page, 'dues/renewals')
		await page.getByRole('heading', { level: 3, name: 'Membres non à jour' }).waitFor()
		await checkPage(page, 'dues-renewals-fr')
		assert.deepEqual(page.registreErrors, [])
		await page.context().close()
	})

	it('shows the dues pages in English', async () => {
		const page = await newPage(browser)
		await open(page, 'dues')
		await page.getByRole('table', { name: 'Totals per season' }).waitFor()
		await checkPage(page, 'dues-en')
		await open(page, 'dues/renewals')
		await page.getByRole('heading', { level: 3, name: 'Not renewed yet' }).waitFor()
		await checkPage(page, 'dues-renewals-en')
		await page.context().close()
	})

	it('on a 412 offers to save over the other change, or to load it', async () => {
		const member = await createMember({ firstName: 'Paul', lastName: 'Conflit', city: 'Nantes' })
		const page = await newPage(browser)

		// Save over: the other person's change to another field is kept, ours wins on ours.
		await open(page, `members/${member.id}/edit`)
		const first = page.getByLabel('First name', { exact: true })
		await first.waitFor()
		assert.equal(await first.inputValue(), 'Paul')
		await checkPage(page, 'member-edit-en')
		await first.fill('Pierre')
		const v1 = await server.api.expect(200, 'GET', `${M}/${member.id}`)
		await server.api.expect(200, 'PUT', `${M}/${member.id}`, { city: 'Lyon' }, { 'If-Match': v1.etag })
		await page.getByRole('button', { name: 'Save', exact: true }).click()
		const dialog = page.getByRole('dialog', { name: 'This member was changed meanwhile' })
		await dialog.waitFor()
		await screenshot(page, 'member-conflict-en')
		assert.deepEqual(await seriousViolations(page), [])
		await dialog.getByRole('button', { name: 'Save my edits over it' }).click()
		await page.getByRole('heading', { level: 2, name: 'Conflit Pierre' }).waitFor()
		let now = await server.api.expect(200, 'GET', `${M}/${member.id}`)
		assert.equal(now.body.firstName, 'Pierre')
		assert.equal(now.body.city, 'Lyon')

		// Load the latest: our edit is discarded, the form shows theirs, nothing of ours is saved.
		await open(page, `members/${member.id}/edit`)
		await first.waitFor()
		assert.equal(await first.inputValue(), 'Pierre')
		await first.fill('Perdu')
		await server.api.expect(200, 'PUT', `${M}/${member.id}`, { firstName: 'Jacques' }, { 'If-Match': now.etag })
		await page.getByRole('button', { name: 'Save', exact: true }).click()
		await dialog.waitFor()
		await dialog.getByRole('button', { name: 'Load the latest version' }).click()
		await dialog.waitFor({ state: 'hidden' })
		await page.waitForFunction(() => [...document.querySelectorAll('input')].some((i) => i.value === 'Jacques'))
		assert.equal(await first.inputValue(), 'Jacques')
		now = await server.api.expect(200, 'GET', `${M}/${member.id}`)
		assert.equal(now.body.firstName, 'Jacques')
		assert.equal(now.body.city, 'Lyon')
		await page.context().close()
	})

	it('erases a member after a confirmation naming the consequences', async () => {
		const member = await createMember({ firstName: 'Oscar', lastName: 'Effaçable', email: 'oscar@example.org', admittedOn: '2026-01-01' })
		await server.api.expect(201, 'POST', `${M}/${member.id}/memberships`, { typeId, startsOn: '2026-01-01', paidOn: '2026-01-02', paymentMethod: 'cash' })
		const page = await newPage(browser)
		await open(page, `members/${member.id}`)
		await page.getByRole('heading', { level: 2, name: 'Effaçable Oscar' }).waitFor()
		await page.getByRole('button', { name: 'Erase…' }).click()
		const dialog = page.getByRole('dialog', { name: 'Erase this member for good?' })
		await dialog.waitFor()
		await dialog.getByText(/their dues stay in the accounts as anonymous lines/).waitFor()
		await screenshot(page, 'member-erase-en')
		assert.deepEqual(await seriousViolations(page), [])
		await dialog.getByRole('button', { name: 'Erase for good' }).click()
		await page.getByText(`Member no. ${member.number} has been erased.`, { exact: false }).waitFor()
		await page.waitForURL(/#\/organizations\/1\/members\?erased=/)
		await server.api.expect(404, 'GET', `${M}/${member.id}`)
		const found = await server.api.expect(200, 'GET', `${M}?q=oscar&count=true`)
		assert.equal(found.body.total, 0)
		await page.context().close()
	})

	it('shows the server field errors at the field, keeps the input, creates nothing', async () => {
		const page = await newPage(browser)
		await open(page, 'members/new')
		// The client checks the required last name first.
		await page.getByRole('button', { name: 'Create the member' }).click()
		await page.getByText('The last name is required.').waitFor()
		await page.getByLabel('Last name *', { exact: true }).fill('Invalide')
		const email = page.getByLabel('E-mail', { exact: true })
		await email.fill('pas-une-adresse')
		await page.getByRole('button', { name: 'Create the member' }).click()
		await page.getByText('not a valid e-mail address').waitFor()
		assert.equal(await email.getAttribute('aria-invalid'), 'true')
		await page.waitForFunction(() => document.activeElement?.getAttribute('aria-invalid') === 'true')
		assert.equal(await email.evaluate((el) => el === document.activeElement), true)
		assert.equal(await email.inputValue(), 'pas-une-adresse')
		assert.equal(await page.getByLabel('Last name *', { exact: true }).inputValue(), 'Invalide')
		assert.match(page.url(), /members\/new$/)
		await screenshot(page, 'member-field-error-en')
		assert.deepEqual(await seriousViolations(page), [])
		const found = await server.api.expect(200, 'GET', `${M}?q=invalide&count=true`)
		assert.equal(found.body.total, 0)
		await page.context().close()
	})

	it('draws only the rows in view of 1 500 members and reaches the last one', async () => {
		const lines = ['Nom;Prénom;Email']
		for (let i = 0; i < 1500; i++) lines.push(`Zvirt${String(i).padStart(4, '0')};Ligne;virt${i}@example.org`)
		const started = Date.now()
		const imported = await server.api.request('POST', `api/v1/organizations/${ORG}/imports?mode=apply`, lines.join('\n') + '\n', { 'Content-Type': 'text/csv' })
		assert.equal(imported.status, 201, JSON.stringify(imported.body).slice(0, 400))
		assert.ok(Date.now() - started < 15000)
		const total = (await server.api.expect(200, 'GET', `${M}?count=true&limit=1`)).body.total
		assert.ok(total >= 1500)

		const page = await newPage(browser)
		await open(page, 'members')
		try {
			await page.getByText(`${total.toLocaleString('en-GB')} members`, { exact: true }).waitFor()
		} finally {
			await screenshot(page, 'members-virtual-en')
		}
		const rows = page.locator('.members-list > li')
		await rows.first().waitFor()
		assert.ok(await rows.count() < 120, `rows drawn: ${await rows.count()}`)

		// Scroll to the bottom: the list fetches the pages on the way and shows the last member.
		const last = page.getByRole('link', { name: /Zvirt1499 Ligne/ })
		const deadline = Date.now() + 20000
		while (!(await last.isVisible())) {
			assert.ok(Date.now() < deadline, 'the last member never showed')
			await page.locator('.members-scroller').evaluate((el) => { el.scrollTop = el.scrollHeight })
			await page.waitForTimeout(100)
		}
		assert.ok(await rows.count() < 120, `rows drawn at the bottom: ${await rows.count()}`)
		assert.equal(await page.locator('.members-placeholder').count(), 0)

		// Keyboard: Tab goes from row link to row link.
		const firstRow = page.locator('.members-link').last()
		await firstRow.focus()
		await page.keyboard.press('Shift+Tab')
		assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('members-link')), true)
		assert.deepEqual(page.registreErrors, [])
		await page.context().close()
	})
})
