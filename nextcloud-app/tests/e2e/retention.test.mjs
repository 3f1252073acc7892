// Retention, audit log and applications pages, in a real browser against a real server.
// (a) the preview lists the member who is due, and "why" shows for each member what the API
//     explains; (b) approving (after a 409 "the preview changed") and running on demand lead to
//     a report with its counts; (c) the audit log lists what those actions recorded.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { launchBrowser, newPage, screenshot, seriousViolations, startServer } from './harness.mjs'

const ORG = 'api/v1/organizations/1'
let server
let browser
let api
const seeded = {}

/** formatDate of src/format.js, for the English pages. */
function enDate(iso) {
	const [y, m, d] = iso.split('-').map(Number)
	return new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, d)))
}

// One page per language for the whole file: a browser context costs seconds on a busy machine.
const pages = {}
async function open(locale, hash) {
	pages[locale] ??= await newPage(browser, { locale })
	const page = pages[locale]
	page.registreErrors.length = 0
	// A fresh document each time, so each page starts from what the server has now (a goto
	// that changes only the fragment would not load the page again).
	await page.goto('about:blank')
	await page.goto(`${server.baseUrl}#${hash}`)
	return page
}

/** Errors in the page, but for the 409 the test provokes on purpose (the browser logs it). */
function unexpectedErrors(page) {
	return page.registreErrors.filter((e) => !/status of 409/.test(e))
}

async function member(lastName, admittedOn, leftOn) {
	const { body } = await api.expect(201, 'POST', `${ORG}/members`, { firstName: 'Test', lastName, admittedOn, leftOn })
	return body
}

before(async () => {
	server = await startServer()
	api = server.api
	browser = await launchBrowser()
	// The daily job would otherwise run (and erase) on its own as soon as something is approved.
	await api.expect(200, 'PUT', `${ORG}/retention/settings`, { runAt: '23:59', requireApproval: true, noticeDays: 14, batchSize: 100 })
	seeded.old = await member('Ancien', '2012-01-10', '2019-06-30')
	seeded.recent = await member('Récent', '2020-01-10', '2026-01-15')
	seeded.active = await member('D\'Actif', '2021-03-01', null)
	const { body: rule } = await api.expect(201, 'POST', `${ORG}/retention/rules`, {
		subject: 'former_members', trigger: 'date_left', delayAmount: 3, delayUnit: 'years', action: 'erase',
		description: 'Former members are erased three years after they left.',
	})
	seeded.rule = rule
})

after(async () => {
	await browser?.close()
	await server?.stop()
})

describe('retention page', () => {
	it('(a) shows who is due, and why each member is or is not due, as the API explains', async () => {
		const { body: preview } = await api.expect(200, 'GET', `${ORG}/retention/preview`)
		const items = preview.rules[0].items
		assert.deepEqual(items.map((i) => i.memberId), [seeded.old.id])
		const dueRef = items[0].reference

		const page = await open('en-GB', '/organizations/1/retention')
		await page.getByRole('heading', { level: 2, name: 'Retention of personal data' }).waitFor()
		const ruleTable = page.getByRole('table', { name: 'Erase: Former members, 3 years after the date of leaving' })
		await ruleTable.waitFor()
		const rows = ruleTable.getByRole('row')
		assert.equal(await rows.count(), 2) // header + the one due member
		const row = ruleTable.getByRole('row', { name: new RegExp(dueRef) })
		assert.match(await row.innerText(), /30 Jun 2019/)
		assert.match(await row.innerText(), /30 Jun 2022/)
		assert.match(await row.innerText(), /Awaiting approval/)

		// Why is the due member due?
		await row.getByRole('button', { name: /^Why\?/ }).click()
		const explainOld = page.getByRole('table', { name: new RegExp(`Explanation on .* — ${dueRef}`) })
		await explainOld.waitFor()
		const { body: whyOld } = await api.expect(200, 'GET', `${ORG}/members/${seeded.old.id}/retention`)
		assert.equal(whyOld.items.length, 1)
		assert.equal(whyOld.items[0].reason, 'due')
		const oldRow = explainOld.getByRole('row').nth(1)
		assert.match(await oldRow.innerText(), /Due/)
		assert.ok((await oldRow.innerText()).includes(`The date of leaving is ${enDate(whyOld.items[0].triggerDate)}: the rule applies since ${enDate(whyOld.items[0].dueOn)}.`))

		// …and why the recent one is not (found by name).
		await page.getByRole('textbox', { name: 'Find a member by name or number' }).fill('Récent')
		await page.getByRole('button', { name: 'Search', exact: true }).click()
		await page.getByRole('button', { name: /No\. \d+ — Test Récent/ }).click()
		const explainRecent = page.getByRole('table', { name: /Explanation on .* — No\. \d+ — Test Récent/ })
		await explainRecent.waitFor()
		const { body: whyRecent } = await api.expect(200, 'GET', `${ORG}/members/${seeded.recent.id}/retention`)
		assert.equal(whyRecent.items[0].reason, 'not-yet-due')
		const recentRow = explainRecent.getByRole('row').nth(1)
		assert.match(await recentRow.innerText(), /Not yet due/)
		assert.ok((await recentRow.innerText()).includes(`The date of leaving is ${enDate(whyRecent.items[0].triggerDate)}: the rule will apply on ${enDate(whyRecent.items[0].dueOn)}.`))

		// …and the active member, who is not concerned.
		await page.getByRole('textbox', { name: 'Find a member by name or number' }).fill('D\'Actif')
		await page.getByRole('button', { name: 'Search', exact: true }).click()
		await page.getByRole('button', { name: /^No\. \d+ — Test D'Actif$/ }).click()
		const explainActive = page.getByRole('table', { name: /Explanation on .* — No\. \d+ — Test D'Actif/ })
		await explainActive.waitFor()
		const { body: whyActive } = await api.expect(200, 'GET', `${ORG}/members/${seeded.active.id}/retention`)
		assert.equal(whyActive.items[0].reason, 'not-in-subject')
		assert.match(await explainActive.getByRole('row').nth(1).innerText(), /Not concerned[\s\S]*The rule is about former members; this member is not one of them\./)

		await screenshot(page, 'retention-why-en')
		await page.getByRole('heading', { level: 2 }).scrollIntoViewIfNeeded()
		await page.locator('.app-content').evaluate((el) => el.scrollTo(0, 0))
		await screenshot(page, 'retention-en')
		assert.deepEqual(await seriousViolations(page), [])
		assert.deepEqual(unexpectedErrors(page), [])
	})

	it('(a) in French', async () => {
		const page = await open('fr-FR', '/organizations/1/retention')
		await page.getByRole('heading', { level: 2, name: 'Conservation des données personnelles' }).waitFor()
		await page.getByRole('button', { name: /^Pourquoi/ }).first().click()
		await page.getByRole('table', { name: /Explication au/ }).getByText('À traiter', { exact: true }).waitFor()
		await screenshot(page, 'retention-fr')
		assert.deepEqual(await seriousViolations(page), [])
		assert.deepEqual(unexpectedErrors(page), [])
	})

	it('(b) approves the preview (after a change is explained), runs, and shows the report', async () => {
		const page = await open('en-GB', '/organizations/1/retention')
		await page.getByRole('button', { name: 'Approve 1 record' }).waitFor()
		// Someone else's change after the preview was shown: another member falls due.
		seeded.older = await member('Plusancien', '2010-01-10', '2018-03-31')
		await page.getByRole('button', { name: 'Approve 1 record' }).click()
		await page.getByText('The preview changed').waitFor()
		const { body: approvalsAfter409 } = await api.expect(200, 'GET', `${ORG}/retention/preview`)
		assert.deepEqual(approvalsAfter409.rules[0].items.map((i) => i.state), ['awaiting-approval', 'awaiting-approval'])
		// The preview was read again: now two records to approve.
		await page.getByRole('button', { name: 'Approve 2 records' }).click()
		await page.getByText('Preview approved').waitFor()
		const { body: approved } = await api.expect(200, 'GET', `${ORG}/retention/preview`)
		assert.deepEqual(approved.rules[0].items.map((i) => i.state), ['approved', 'approved'])

		await page.getByRole('button', { name: 'Run the rules now' }).click()
		await page.getByRole('dialog', { name: 'Run the rules now?' }).getByRole('button', { name: 'Run now' }).click()
		await page.waitForURL(/#\/organizations\/1\/retention\/runs\/\d+$/)
		const runId = page.url().match(/runs\/(\d+)$/)[1]
		seeded.runId = runId
		const counts = page.getByRole('table', { name: 'Outcomes' })
		await counts.waitFor()
		assert.match(await counts.getByRole('row', { name: /Erased/ }).innerText(), /Erased\s+2/)
		const { body: run } = await api.expect(200, 'GET', `${ORG}/retention/runs/${runId}`)
		assert.equal(run.status, 'completed')
		assert.deepEqual(run.items.map((i) => i.outcome), ['erased', 'erased'])
		for (const item of run.items) await page.getByRole('rowheader', { name: item.reference }).waitFor()
		await page.getByText(run.reportHash).waitFor()
		// The erased members are gone; the others stay.
		await api.expect(404, 'GET', `${ORG}/members/${seeded.old.id}`)
		await api.expect(200, 'GET', `${ORG}/members/${seeded.recent.id}`)

		await screenshot(page, 'retention-run-en')
		assert.deepEqual(await seriousViolations(page), [])
		assert.deepEqual(unexpectedErrors(page), [])

		const fr = await open('fr-FR', `/organizations/1/retention/runs/${runId}`)
		await fr.getByRole('table', { name: 'Résultats' }).getByRole('row', { name: /Effacé/ }).waitFor()
		await screenshot(fr, 'retention-run-fr')
		assert.deepEqual(await seriousViolations(fr), [])
	})
})

describe('retention rules and holds', () => {
	it('adds a rule (a contradiction is shown at the action), and reloads a rule changed meanwhile', async () => {
		const page = await open('en-GB', '/organizations/1/retention')
		await page.getByRole('button', { name: 'Add a rule' }).click()
		const dialog = page.getByRole('dialog', { name: 'Add a rule' })
		await dialog.getByLabel('Records concerned').selectOption('former_members')
		await dialog.getByLabel('Counted from').selectOption('date_left')
		await dialog.getByRole('spinbutton', { name: 'Delay' }).fill('2')
		await dialog.getByLabel('Unit').selectOption('years')
		await dialog.getByLabel('Action', { exact: true }).selectOption('anonymise')
		await dialog.getByRole('textbox', { name: /Description/ }).fill('Former members are reviewed two years after they left.')
		await dialog.getByRole('button', { name: 'Save' }).click()
		// Anonymise then erase the same members: refused, said next to the action.
		await dialog.getByText(/^Contradicts rule \d+/).waitFor()
		assert.equal(await dialog.getByLabel('Action', { exact: true }).getAttribute('aria-invalid'), 'true')
		await screenshot(page, 'retention-rule-editor-en')
		assert.deepEqual(await seriousViolations(page), [])
		assert.equal(await dialog.getByRole('textbox', { name: /Description/ }).inputValue(), 'Former members are reviewed two years after they left.')
		const { body: before } = await api.expect(200, 'GET', `${ORG}/retention/rules`)
		assert.equal(before.items.length, 1)

		await dialog.getByLabel('Action', { exact: true }).selectOption('review')
		await dialog.getByRole('button', { name: 'Save' }).click()
		await dialog.waitFor({ state: 'detached' })
		const { body: after } = await api.expect(200, 'GET', `${ORG}/retention/rules`)
		const added = after.items.find((r) => r.action === 'review')
		assert.deepEqual([added.subject, added.trigger, added.delayAmount, added.delayUnit, added.enabled], ['former_members', 'date_left', 2, 'years', true])
		const rulesTable = page.getByRole('table', { name: 'Rules' })
		await rulesTable.getByRole('rowheader', { name: 'Ask for a review: Former members, 2 years after the date of leaving' }).waitFor()

		// Someone else changes it while it is open here: 412, then the latest version is loaded.
		await rulesTable.getByRole('button', { name: 'Change: Ask for a review: Former members, 2 years after the date of leaving' }).click()
		const edit = page.getByRole('dialog', { name: 'Change the rule' })
		await edit.getByRole('textbox', { name: /Description/ }).fill('Mine')
		await api.expect(200, 'PUT', `${ORG}/retention/rules/${added.id}`, { description: 'Theirs' }, { 'If-Match': `"${added.version}"` })
		await edit.getByRole('button', { name: 'Save' }).click()
		const conflict = page.getByRole('dialog', { name: 'This rule was changed meanwhile' })
		await conflict.getByRole('button', { name: 'Load the latest version' }).click()
		await page.waitForFunction(() => [...document.querySelectorAll('textarea')].some((t) => t.value === 'Theirs'))
		await edit.getByRole('checkbox', { name: 'Enabled' }).uncheck({ force: true })
		await edit.getByRole('button', { name: 'Save' }).click()
		await edit.waitFor({ state: 'detached' })
		const { body: changed } = await api.expect(200, 'GET', `${ORG}/retention/rules`)
		const now = changed.items.find((r) => r.id === added.id)
		assert.equal(now.description, 'Theirs')
		assert.equal(now.enabled, false)
		assert.deepEqual(unexpectedErrors(page).filter((e) => !/status of (409|412)/.test(e)), [])
	})

	it('places a legal hold (field errors shown first), lists it, and releases it', async () => {
		// Looking ahead, to a day when the recent member is due too.
		const { body: ahead } = await api.expect(200, 'GET', `${ORG}/retention/preview?on=2030-01-01`)
		const recentRef = ahead.rules.flatMap((r) => r.items).find((i) => i.memberId === seeded.recent.id).reference
		const page = await open('en-GB', '/organizations/1/retention')
		await page.getByLabel('Date to look at').fill('2030-01-01')
		await page.getByRole('button', { name: 'Show the preview' }).click()
		const row = page.getByRole('row', { name: new RegExp(recentRef) })
		await row.getByRole('button', { name: /^Why\?/ }).click()
		const explanation = page.getByRole('table', { name: new RegExp(`Explanation on 1 Jan 2030 — ${recentRef}`) })
		await explanation.getByText('The date of leaving is 15 Jan 2026: the rule applies since 15 Jan 2029.').waitFor()

		await page.getByRole('button', { name: 'Place a legal hold on this member' }).click()
		const dialog = page.getByRole('dialog', { name: 'Place a legal hold' })
		await dialog.getByRole('button', { name: 'Place the hold' }).click()
		await dialog.getByText('1 to 500 characters.').waitFor()
		assert.deepEqual(await seriousViolations(page), [])
		const { body: none } = await api.expect(200, 'GET', `${ORG}/retention/holds`)
		assert.deepEqual(none.items, [])
		await dialog.getByRole('textbox', { name: /Reason/ }).fill('Dispute with the landlord')
		await dialog.getByLabel('Keep until (included)').fill('2030-12-31')
		await dialog.getByRole('button', { name: 'Place the hold' }).click()
		await dialog.waitFor({ state: 'detached' })
		const { body: held } = await api.expect(200, 'GET', `${ORG}/retention/holds`)
		assert.deepEqual(held.items.map((h) => [h.memberId, h.reason, h.until]), [[seeded.recent.id, 'Dispute with the landlord', '2030-12-31']])
		// The preview and the explanation now say the member is kept.
		await explanation.getByText('A legal hold keeps this member until 31 Dec 2030.').waitFor()
		assert.match(await row.innerText(), /Kept by a legal hold \(until 31 Dec 2030\)/)
		const holds = page.getByRole('table', { name: 'Legal holds' })
		await holds.getByRole('cell', { name: 'Dispute with the landlord' }).waitFor()
		await screenshot(page, 'retention-hold-en')
		assert.deepEqual(await seriousViolations(page), [])

		await holds.getByRole('button', { name: 'Release' }).click()
		await page.getByRole('dialog', { name: 'Release this legal hold?' }).getByRole('button', { name: 'Release' }).click()
		await page.getByText('No legal hold in force.').waitFor()
		const { body: released } = await api.expect(200, 'GET', `${ORG}/retention/holds`)
		assert.deepEqual(released.items, [])
		assert.deepEqual(unexpectedErrors(page).filter((e) => !/status of 422/.test(e)), [])
	})
})

describe('retention defaults', () => {
	it('adopts one proposed rule, with its legal basis, and refuses another', async () => {
		const page = await open('en-GB', '/organizations/1/retention')
		const proposed = page.getByRole('table', { name: 'Proposed rules' })
		await proposed.getByRole('button', { name: 'Refuse: Erase: Expired personal links, 3 months after the closing date' }).click()
		await proposed.getByRole('row', { name: /Expired personal links/ }).getByText('Refused').waitFor()
		await proposed.getByRole('button', { name: 'Adopt: Erase: Closed data requests, 5 years after the closing date' }).click()
		const rules = page.getByRole('table', { name: 'Rules' })
		const adoptedRow = rules.getByRole('row', { name: /Erase: Closed data requests, 5 years after the closing date/ })
		await adoptedRow.waitFor()
		const { body: defaults } = await api.expect(200, 'GET', `${ORG}/retention/defaults`)
		const byKey = Object.fromEntries(defaults.items.map((d) => [d.key, d]))
		assert.equal(byKey['expired-public-links'].state, 'refused')
		assert.equal(byKey['closed-requests'].state, 'adopted')
		assert.ok((await adoptedRow.innerText()).includes(byKey['closed-requests'].source))
		await screenshot(page, 'retention-rules-en')
		assert.deepEqual(unexpectedErrors(page), [])
	})
})

describe('retention reviews', () => {
	it('shows a review a run opened, and keeps the member with a hold', async () => {
		const { body: rules } = await api.expect(200, 'GET', `${ORG}/retention/rules`)
		const review = rules.items.find((r) => r.action === 'review')
		await api.expect(200, 'PUT', `${ORG}/retention/rules/${review.id}`, { enabled: true }, { 'If-Match': `"${review.version}"` })
		seeded.toReview = await member('Revoir', '2015-01-10', '2024-05-31')
		const { body: run } = await api.expect(201, 'POST', `${ORG}/retention/runs`, {})
		assert.ok(run.items.some((i) => i.outcome === 'review-opened'))

		const page = await open('en-GB', '/organizations/1/retention')
		const reviews = page.getByRole('table', { name: 'Reviews' })
		const row = reviews.getByRole('row', { name: new RegExp(`Member ${seeded.toReview.id}`) })
		// The rule's name comes with the rules section's own load: until then the row says "Rule 2".
		await row.getByText(/Ask for a review: Former members, 2 years after the date of leaving/).waitFor()
		const { body: waiting } = await api.expect(200, 'GET', `${ORG}/retention/reviews`)
		assert.ok((await row.innerText()).includes(enDate(waiting.items.find((r) => r.memberId === seeded.toReview.id).dueOn)))
		await row.getByRole('button', { name: 'Keep…' }).click()
		const dialog = page.getByRole('dialog', { name: 'Keep this member' })
		await dialog.getByRole('textbox', { name: /Reason/ }).fill('Honorary member, asked to stay')
		await dialog.getByLabel('Keep until (included)').fill('2031-06-30')
		await dialog.getByRole('button', { name: 'Keep', exact: true }).click()
		await dialog.waitFor({ state: 'detached' })
		await page.getByText('No review waiting for a decision.').waitFor()
		const { body: all } = await api.expect(200, 'GET', `${ORG}/retention/reviews?status=all`)
		const decided = all.items.find((r) => r.memberId === seeded.toReview.id)
		assert.equal(decided.decision, 'keep')
		const { body: holds } = await api.expect(200, 'GET', `${ORG}/retention/holds`)
		assert.deepEqual(holds.items.map((h) => [h.memberId, h.until]), [[seeded.toReview.id, '2031-06-30']])
		await page.getByRole('switch', { name: 'Show decided reviews too' }).or(page.getByRole('checkbox', { name: 'Show decided reviews too' })).first().check({ force: true })
		await reviews.getByRole('row', { name: new RegExp(`Member ${seeded.toReview.id}`) }).getByText(/^Kept ·/).waitFor()
		assert.deepEqual(unexpectedErrors(page), [])
	})
})

describe('audit page', () => {
	it('(c) lists the entries the retention actions recorded, newest first', async () => {
		const page = await open('en-GB', '/organizations/1/audit')
		const table = page.getByRole('table', { name: 'Audit log entries' })
		await table.waitFor()
		const { body } = await api.expect(200, 'GET', `${ORG}/audit?limit=50`)
		const shown = await table.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.dataset.action))
		assert.deepEqual(shown, body.items.map((e) => e.action))
		// The entries of tests (a) and (b), each found with the action filter.
		const { body: everything } = await api.expect(200, 'GET', `${ORG}/audit?limit=500`)
		for (const action of ['retention.previewed', 'retention.explained', 'retention.approved', 'retention.run.completed']) {
			const expected = everything.items.filter((e) => e.action === action)
			assert.ok(expected.length > 0, `${action} was recorded`)
			await page.getByLabel('Action', { exact: true }).selectOption(action)
			await page.getByRole('button', { name: 'Filter' }).click()
			await page.waitForFunction((a) => {
				const rows = [...document.querySelectorAll('tbody tr')]
				return rows.length > 0 && rows.every((r) => r.dataset.action === a)
			}, action)
			assert.equal(await table.locator('tbody tr').count(), Math.min(expected.length, 50))
		}
		const completed = everything.items.find((e) => e.action === 'retention.run.completed' && e.subject === `retention_run:${seeded.runId}`)
		assert.ok(completed)
		await table.getByRole('row', { name: new RegExp(completed.fields[1]) }).waitFor()

		// Filter by action.
		await page.getByLabel('Action', { exact: true }).selectOption('member.erased')
		await page.getByRole('button', { name: 'Filter' }).click()
		await page.waitForFunction(() => {
			const rows = [...document.querySelectorAll('tbody tr')]
			return rows.length > 0 && rows.every((r) => r.dataset.action === 'member.erased')
		})
		assert.equal(await table.locator('tbody tr').count(), 2)

		// Older entries, a page at a time.
		await page.getByRole('button', { name: 'Filter' }).waitFor()
		await page.getByLabel('Action', { exact: true }).selectOption('')
		await page.getByRole('button', { name: 'Filter' }).click()
		await page.waitForFunction(() => document.querySelectorAll('tbody tr').length === 50)
		const { body: all } = await api.expect(200, 'GET', `${ORG}/audit?limit=500`)
		assert.ok(all.items.length > 50, `${all.items.length} entries`)
		await page.getByRole('button', { name: 'Show older entries' }).click()
		await page.waitForFunction((n) => document.querySelectorAll('tbody tr').length === n, Math.min(all.items.length, 100))
		const paged = await table.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.dataset.action))
		assert.deepEqual(paged, all.items.slice(0, 100).map((e) => e.action))

		// The chain verifies.
		await page.getByRole('button', { name: 'Verify the chain of the log' }).click()
		await page.getByText('The audit log is intact').waitFor()

		await screenshot(page, 'audit-en')
		assert.deepEqual(await seriousViolations(page), [])
		assert.deepEqual(unexpectedErrors(page), [])

		const fr = await open('fr-FR', '/organizations/1/audit')
		await fr.getByRole('table', { name: 'Entrées du journal d’audit' }).waitFor()
		await screenshot(fr, 'audit-fr')
		assert.deepEqual(await seriousViolations(fr), [])
	})
})

describe('applications page', () => {
	it('shows the empty waiting list, in English and French', async () => {
		const page = await open('en-GB', '/organizations/1/applications')
		await page.getByRole('heading', { level: 2, name: 'Membership applications' }).waitFor()
		await page.getByText('No application waiting').waitFor()
		const { body } = await api.expect(200, 'GET', `${ORG}/applications?status=needs_review`)
		assert.deepEqual(body.items, [])
		await screenshot(page, 'applications-en')
		assert.deepEqual(await seriousViolations(page), [])
		assert.deepEqual(unexpectedErrors(page), [])

		const fr = await open('fr-FR', '/organizations/1/applications')
		await fr.getByRole('heading', { level: 2, name: 'Candidatures d’adhésion' }).waitFor()
		await screenshot(fr, 'applications-fr')
		assert.deepEqual(await seriousViolations(fr), [])
	})

	it('turns an application waiting for review into an applicant (Forms answers stubbed: standalone has no Forms)', async () => {
		const waiting = {
			id: 7, formId: 2, submissionId: 31, status: 'needs_review', memberId: null, problems: ['forms-no-contact', 'email:invalid-email'], attempts: 1,
			createdAt: '2026-11-20T10:00:00Z', updatedAt: '2026-11-20T10:00:00Z', resolvedAt: null, resolvedBy: null,
		}
		const answers = { 4: ['Jeanne Martin'], 5: ['jeanne at example'] }
		const mapping = { id: 1, formId: 2, ownerId: 'admin', fields: { 4: 'name', 5: 'email' }, consents: {}, createdAt: '2026-11-01T10:00:00Z', createdBy: 'user:admin', updatedAt: '2026-11-01T10:00:00Z', version: 1 }
		const dismissals = []
		const json = (route, body) => route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(body) })
		const page = await open('en-GB', '/organizations/1/members')
		await page.route(/\/api\/v1\/organizations\/1\/(applications|forms)(\/|\?|$)/, (route) => {
			const url = new URL(route.request().url())
			if (url.pathname.endsWith('/forms')) return json(route, { items: [mapping] })
			if (url.pathname.endsWith('/applications/7/dismissal')) {
				dismissals.push(route.request().method())
				return json(route, { ...waiting, status: 'rejected', answers: null })
			}
			if (url.pathname.endsWith('/applications/7')) return json(route, { ...waiting, answers })
			return json(route, { items: dismissals.length ? [] : [waiting] })
		})
		await open('en-GB', '/organizations/1/applications')
		const row = page.getByRole('table', { name: 'Applications' }).getByRole('row', { name: /Form 2, answer 31/ })
		await row.getByText('Neither an e-mail address nor a phone number').waitFor()
		await row.getByRole('button', { name: 'Review…' }).click()
		const dialog = page.getByRole('dialog', { name: /^Application received on/ })
		await dialog.getByText('jeanne at example').waitFor()
		await dialog.getByRole('button', { name: 'Add as a member…' }).click()
		assert.equal(await dialog.getByRole('textbox', { name: 'First name' }).inputValue(), 'Jeanne')
		assert.equal(await dialog.getByRole('textbox', { name: 'Last name' }).inputValue(), 'Martin')
		// The answer is not an address: the server says so next to the field, nothing is lost.
		await dialog.getByRole('button', { name: 'Add the applicant' }).click()
		await dialog.getByText('The request is not valid.').waitFor()
		const email = dialog.getByRole('textbox', { name: 'E-mail' })
		const helpId = (await email.getAttribute('aria-describedby')).split(' ')[0]
		assert.notEqual((await page.locator(`[id="${helpId}"]`).innerText()).trim(), '')
		assert.equal(await dialog.getByRole('textbox', { name: 'Last name' }).inputValue(), 'Martin')
		await screenshot(page, 'applications-review-en')
		assert.deepEqual(await seriousViolations(page), [])
		assert.deepEqual(dismissals, [])
		await dialog.getByRole('textbox', { name: 'E-mail' }).fill('jeanne@example.org')
		await dialog.getByRole('button', { name: 'Add the applicant' }).click()
		await page.getByText('Applicant added').waitFor()
		await page.getByText('No application waiting').waitFor()
		assert.deepEqual(dismissals, ['POST'])
		const { body } = await api.expect(200, 'GET', `${ORG}/members?q=jeanne`)
		assert.deepEqual(body.items.map((m) => [m.firstName, m.lastName, m.email, m.status]), [['Jeanne', 'Martin', 'jeanne@example.org', 'applicant']])
		await page.unroute(/\/api\/v1\/organizations\/1\/(applications|forms)(\/|\?|$)/)
		assert.deepEqual(unexpectedErrors(page).filter((e) => !/status of 422/.test(e)), [])
	})
})
