// Import, export, webhooks and administration, driven in the browser against a real
// registre-server: a CSV with a column to map by hand and a bad line, a webhook delivered to a
// receiver on the loopback, an organisation created and a role granted; each page in English
// and French, with an accessibility scan.
import assert from 'node:assert/strict'
import { createHmac } from 'node:crypto'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { launchBrowser, newPage, screenshot, seriousViolations, startServer } from './harness.mjs'

const CSV = 'Nom;Prénom;Courriel;Ville natale\nDupont;Marie;marie@example.org;Lyon\nMartin;Paul;pas-un-email;Nice\nDurand;Luc;luc@example.org;Paris\n'

/** A webhook receiver on 127.0.0.1 that answers 204 and keeps what it got. */
async function startReceiver() {
	const received = []
	const server = createServer((req, res) => {
		let body = ''
		req.on('data', (d) => { body += d })
		req.on('end', () => {
			received.push({ headers: req.headers, body })
			res.writeHead(204).end()
		})
	})
	await new Promise((ok) => server.listen(0, '127.0.0.1', ok))
	return { url: `http://127.0.0.1:${server.address().port}/hooks`, received, close: () => new Promise((ok) => server.close(ok)) }
}

async function until(what, check, timeout = 10000) {
	const deadline = Date.now() + timeout
	for (;;) {
		const value = await check()
		if (value) return value
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
		await new Promise((r) => setTimeout(r, 100))
	}
}

async function scanAndShoot(page, name) {
	assert.deepEqual(await seriousViolations(page), [], `axe on ${name}`)
	await screenshot(page, name)
}

describe('import, export, webhooks, administration', () => {
	let server
	let browser
	let receiver
	let csvPath

	before(async () => {
		server = await startServer({ env: { REGISTRE_WEBHOOK_RETRY_BASE_MS: '100' } })
		browser = await launchBrowser()
		receiver = await startReceiver()
		csvPath = join(mkdtempSync(join(tmpdir(), 'registre-import-')), 'adherents.csv')
		writeFileSync(csvPath, CSV)
	})

	after(async () => {
		await browser?.close()
		await server?.stop()
		await receiver?.close()
	})

	it('imports a CSV: shows the bad line, lets the columns be fixed, applies the valid lines', async () => {
		const page = await newPage(browser)
		await page.goto(`${server.baseUrl}#/organizations/1/imports`)
		await page.getByRole('heading', { level: 2, name: 'Import members' }).waitFor()
		await page.getByRole('heading', { name: 'Past imports' }).waitFor()
		await page.getByText('No import yet.').waitFor()
		await screenshot(page, 'import-empty-en-GB')

		await page.getByLabel('CSV file').setInputFiles(csvPath)
		await page.getByRole('heading', { name: '3. Preview' }).waitFor()

		// The column the importer did not recognise, and the bad line with its reason.
		const townRow = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Ville natale' }) })
		await assert.doesNotReject(townRow.getByText('Not recognised').waitFor())
		assert.equal(await page.getByLabel('Ville natale').inputValue(), '')
		assert.equal(await page.getByLabel('Courriel').inputValue(), 'email')
		const badLine = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: '3', exact: true }) })
		assert.match(await badLine.innerText(), /Invalid/)
		assert.match(await badLine.innerText(), /Courriel/)
		assert.match(await badLine.innerText(), /e-mail/i)
		await page.getByText('2 members to create').waitFor()
		await page.getByText('1 invalid line').waitFor()
		assert.equal(await page.getByRole('button', { name: 'Apply the import' }).isDisabled(), true)
		await scanAndShoot(page, 'import-preview-en-GB')

		// Fix the mapping, preview again.
		await page.getByLabel('Ville natale').selectOption('city')
		await page.getByText('You changed the columns: preview again before applying.').waitFor()
		await page.getByRole('button', { name: 'Preview again with these columns' }).click()
		await townRow.getByText('Chosen by you').waitFor()
		await page.getByText('You changed the columns: preview again before applying.').waitFor({ state: 'detached' })

		// Apply, leaving out the bad line.
		await page.getByText('Import the valid lines and leave out the invalid one').click()
		await page.getByRole('button', { name: 'Apply the import' }).click()
		await page.waitForURL(/#\/organizations\/1\/imports\/[0-9a-f]{32}$/)
		await page.getByRole('heading', { name: 'Import report' }).waitFor()
		await page.getByText('The import is done.').waitFor()
		await page.getByText('2 members created').waitFor()
		assert.match(await page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: '3', exact: true }) }).innerText(), /Not imported/)
		await scanAndShoot(page, 'import-report-en-GB')

		const { body } = await server.api.expect(200, 'GET', 'api/v1/organizations/1/members')
		const members = body.items.map((m) => `${m.lastName} ${m.firstName} ${m.email} ${m.city}`).sort()
		assert.deepEqual(members, ['Dupont Marie marie@example.org Lyon', 'Durand Luc luc@example.org Paris'])

		// The past imports list now shows it.
		await page.getByRole('link', { name: 'Import another file' }).click()
		assert.equal(await page.getByRole('heading', { name: '3. Preview' }).count(), 0, 'a fresh start, not the applied file')
		const history = page.getByRole('table', { name: 'Past imports' })
		await history.waitFor()
		assert.match(await history.innerText(), /admin\s+2\s+0/)
		assert.deepEqual(page.registreErrors, [])
		await page.context().close()
	})

	it('shows the import page in French', async () => {
		const page = await newPage(browser, { locale: 'fr-FR' })
		await page.goto(`${server.baseUrl}#/organizations/1/imports`)
		await page.getByRole('heading', { level: 2, name: 'Importer des membres' }).waitFor()
		await page.getByLabel('Fichier CSV').setInputFiles(csvPath)
		await page.getByRole('heading', { name: '3. Aperçu' }).waitFor()
		await page.getByText('1 ligne invalide').waitFor()
		await scanAndShoot(page, 'import-preview-fr-FR')
		await page.context().close()
	})

	for (const [locale, heading, button] of [['en-GB', 'Export', 'Download the register'], ['fr-FR', 'Export', 'Télécharger le registre']]) {
		it(`downloads the register (${locale})`, async () => {
			const page = await newPage(browser, { locale })
			await page.goto(`${server.baseUrl}#/organizations/1/export`)
			await page.getByRole('heading', { level: 2, name: heading }).waitFor()
			const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button }).click()])
			assert.equal(download.suggestedFilename(), 'registre-1.csv')
			const text = readFileSync(await download.path(), 'utf8')
			assert.match(text, /Dupont;Marie/)
			assert.doesNotMatch(text, /Martin/)
			await scanAndShoot(page, `export-${locale}`)
			await page.context().close()
		})
	}

	it('subscribes a webhook, shows its delivery, sends it again, deletes it', async () => {
		const page = await newPage(browser)
		await page.goto(`${server.baseUrl}#/organizations/1/webhooks`)
		await page.getByText('No subscription yet.').waitFor()
		await page.getByRole('button', { name: 'New subscription' }).click()
		await page.getByLabel('Target URL').fill(receiver.url)
		await page.getByText('A member is added').click()
		// Without permission for a loopback target, the server's field error shows by the field.
		await page.getByRole('button', { name: 'Subscribe' }).click()
		await page.getByText('This address is on a private or local network; an administrator must allow private targets for this webhook.').waitFor()
		assert.equal(await page.getByLabel('Target URL').getAttribute('aria-invalid'), 'true')
		assert.equal(await page.getByLabel('Target URL').inputValue(), receiver.url, 'what was typed stays')
		await page.getByText('Allow a target on a private or local network').click()
		await screenshot(page, 'webhooks-form-en-GB')
		await page.getByRole('button', { name: 'Subscribe' }).click()

		const secretField = page.getByLabel('Secret', { exact: true })
		await secretField.waitFor()
		const secret = await secretField.inputValue()
		assert.match(secret, /^whsec_/)
		const { body: list } = await server.api.expect(200, 'GET', 'admin/v1/organizations/1/webhooks')
		assert.equal(list.items.length, 1)
		assert.equal(list.items[0].url, receiver.url)
		assert.deepEqual(list.items[0].events, ['member.created'])
		assert.equal(list.items[0].allowPrivateTargets, true)
		await scanAndShoot(page, 'webhooks-secret-en-GB')
		await page.getByRole('button', { name: 'I have kept it' }).click()

		// An event: a member added through the API reaches the receiver, signed with the secret.
		await server.api.expect(201, 'POST', 'api/v1/organizations/1/members', { firstName: 'Zoé', lastName: 'Webhook' })
		const first = await until('the delivery', () => receiver.received[0])
		const event = JSON.parse(first.body)
		assert.equal(event.type, 'member.created')
		const key = Buffer.from(secret.slice('whsec_'.length), 'base64')
		const expected = createHmac('sha256', key).update(`${first.headers['webhook-id']}.${first.headers['webhook-timestamp']}.${first.body}`).digest('base64')
		assert.equal(first.headers['webhook-signature'], `v1,${expected}`)

		// The delivery log shows it delivered.
		await page.getByRole('button', { name: `Delivery log: ${receiver.url}` }).click()
		const log = page.getByRole('table', { name: 'Delivery log' })
		await until('the delivered state in the log', async () => {
			await page.getByRole('button', { name: 'Refresh' }).click()
			await log.waitFor()
			return /Delivered/.test(await log.innerText())
		})
		assert.match(await log.innerText(), /member\.created/)
		assert.match(await log.innerText(), /HTTP 204/)
		await page.getByRole('button', { name: /^Attempts \(member\.created/ }).first().click()
		const attempts = page.getByRole('table', { name: 'Attempts' })
		await attempts.waitFor()
		assert.match(await attempts.innerText(), /HTTP 204/)
		await scanAndShoot(page, 'webhooks-log-en-GB')

		// Send it again: the same webhook-id arrives a second time.
		await page.getByRole('button', { name: /^Send again/ }).first().click()
		await page.getByText('Queued: it will be sent within a second.').waitFor()
		const second = await until('the redelivery', () => receiver.received[1])
		assert.equal(second.headers['webhook-id'], first.headers['webhook-id'])

		// Pause it (a change sent with If-Match).
		await page.getByRole('button', { name: `Change: ${receiver.url}` }).click()
		await page.getByRole('heading', { name: 'Change the subscription' }).waitFor()
		await page.getByText('Active (send events)').click()
		await page.getByRole('button', { name: 'Save' }).click()
		await page.getByRole('cell', { name: 'Paused' }).waitFor()
		const { body: paused } = await server.api.expect(200, 'GET', 'admin/v1/organizations/1/webhooks')
		assert.equal(paused.items[0].active, false)
		assert.equal(paused.items[0].version, 2)

		// Delete (If-Match with the listed version).
		await page.getByRole('button', { name: `Delete: ${receiver.url}` }).click()
		await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click()
		await page.getByText('No subscription yet.').waitFor()
		const { body: after } = await server.api.expect(200, 'GET', 'admin/v1/organizations/1/webhooks')
		assert.equal(after.items.length, 0)
		assert.deepEqual(page.registreErrors.filter((e) => !/status of 422/.test(e)), [])
		await page.context().close()
	})

	it('shows the webhooks page in French', async () => {
		await server.api.expect(201, 'POST', 'admin/v1/organizations/1/webhooks', { url: receiver.url, events: ['member.updated'], allowPrivateTargets: true })
		const page = await newPage(browser, { locale: 'fr-FR' })
		await page.goto(`${server.baseUrl}#/organizations/1/webhooks`)
		await page.getByRole('heading', { level: 2, name: 'Webhooks' }).waitFor()
		await page.getByRole('button', { name: `Journal des envois\u00a0: ${receiver.url}` }).first().click()
		await page.getByText('Rien n’a encore été envoyé.').waitFor()
		await scanAndShoot(page, 'webhooks-fr-FR')
		await page.context().close()
	})

	it('creates an organisation, grants a role, renames it through a conflict', async () => {
		const page = await newPage(browser)
		await page.goto(`${server.baseUrl}#/admin`)
		await page.getByRole('heading', { level: 2, name: 'Administration' }).waitFor()
		await page.getByRole('button', { name: 'New organisation' }).click()
		await page.getByLabel('Name', { exact: true }).fill('Club de Voile d’Été')
		assert.equal(await page.getByLabel('Short name (letters, digits and hyphens)').inputValue(), 'club-de-voile-d-ete')
		await page.getByRole('button', { name: 'Create the organisation' }).click()
		await page.getByText('Organisation created. Give someone a role in it below.').waitFor()

		const { body: orgs } = await server.api.expect(200, 'GET', 'admin/v1/organizations')
		const created = orgs.items.find((o) => o.slug === 'club-de-voile-d-ete')
		assert.ok(created, 'the organisation exists')
		assert.equal(created.name, 'Club de Voile d’Été')
		assert.equal(created.timezone, 'Europe/Paris')

		await page.getByLabel('Nextcloud user id').fill('alice')
		await page.getByLabel('Role', { exact: true }).selectOption('treasurer')
		await page.getByRole('button', { name: 'Grant the role' }).click()
		await page.getByText('Role granted.').waitFor()
		const { body: grants } = await server.api.expect(200, 'GET', `admin/v1/organizations/${created.id}/roles`)
		assert.deepEqual(grants.items.map((g) => [g.principalType, g.principalId, g.role]), [['user', 'alice', 'treasurer']])
		await scanAndShoot(page, 'admin-en-GB')

		// Someone renames it meanwhile: saving offers to load the latest version.
		await page.getByRole('button', { name: 'Rename: Club de Voile d’Été' }).click()
		await server.api.expect(200, 'PUT', `admin/v1/organizations/${created.id}`, { name: 'Voile Club' }, { 'If-Match': `"${created.version}"` })
		await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Club de Voile')
		await page.getByRole('button', { name: 'Save' }).click()
		const dialog = page.getByRole('dialog', { name: 'Changed by someone else' })
		await dialog.waitFor()
		await dialog.getByRole('button', { name: 'Keep editing' }).click()
		assert.equal(await page.getByRole('textbox', { name: 'Name', exact: true }).inputValue(), 'Club de Voile', 'what was typed stays')
		await page.getByRole('button', { name: 'Save' }).click()
		await dialog.getByRole('button', { name: 'Load the latest version' }).click()
		await until('the latest name', async () => (await page.getByRole('textbox', { name: 'Name', exact: true }).inputValue()) === 'Voile Club')
		await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Club de Voile')
		await page.getByRole('button', { name: 'Save' }).click()
		await page.getByText('Saved.').waitFor()
		const { body: after } = await server.api.expect(200, 'GET', 'admin/v1/organizations')
		assert.equal(after.items.find((o) => o.id === created.id).name, 'Club de Voile')
		await page.context().close()
	})

	it('shows the administration in French', async () => {
		const page = await newPage(browser, { locale: 'fr-FR' })
		await page.goto(`${server.baseUrl}#/admin`)
		await page.getByRole('heading', { level: 2, name: 'Administration' }).waitFor()
		await page.getByRole('button', { name: 'Rôles et groupes\u00a0: Club de Voile' }).click()
		await page.getByRole('heading', { name: 'Rôles — Club de Voile' }).waitFor()
		await page.getByText('alice').first().waitFor()
		await scanAndShoot(page, 'admin-fr-FR')
		await page.context().close()
	})
})
