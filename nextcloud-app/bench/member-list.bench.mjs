// The member list at 100 000 members against the same list at 1 000, in one run: seeds each
// register through the real import API, opens the page in Debian's Chromium and scrolls the list
// from top to bottom, measuring frames and the DOM. Prints the figures and the
// ratios; docs/performance.md keeps them. Not a test: targets are reported, never failed.
//   cd nextcloud-app && REGISTRE_SERVER_BIN=../build/server/registre-server node bench/member-list.bench.mjs [small] [large]
import { launchBrowser, newPage, startServer } from '../tests/e2e/harness.mjs'

const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0)
const [small, large] = sizes.length === 2 ? sizes : [1000, 100000]

function csv(count) {
	const lines = ['Nom;Prénom;Courriel']
	for (let i = 1; i <= count; i++) lines.push(`Membre${i};Prénom${i % 997};membre${i}@exemple.org`)
	return lines.join('\n') + '\n'
}

async function seed(server, count) {
	const started = Date.now()
	const queued = await server.api.request('POST', 'api/v1/organizations/1/imports?mode=apply&async=true', csv(count), { 'Content-Type': 'text/csv' })
	if (queued.status !== 202) throw new Error(`import: ${queued.status} ${JSON.stringify(queued.body)}`)
	const statusUrl = queued.body.statusUrl.replace(/^\//, '')
	for (;;) {
		const s = await server.api.request('GET', statusUrl)
		if (s.body?.state === 'done' || s.body?.state === 'succeeded' || s.body?.report) break
		if (s.body?.state === 'failed') throw new Error(`import failed: ${JSON.stringify(s.body)}`)
		await new Promise((r) => setTimeout(r, 250))
	}
	return Date.now() - started
}

async function measure(count) {
	const server = await startServer()
	const browser = await launchBrowser()
	try {
		const seedMs = await seed(server, count)
		const page = await newPage(browser)
		const cdp = await page.context().newCDPSession(page)
		await cdp.send('Performance.enable')
		const opened = Date.now()
		await page.goto(`${server.baseUrl}#/organizations/1/members`)
		await page.locator('.members-row .members-name').first().waitFor()
		const firstRowsMs = Date.now() - opened
		const domAtStart = await page.evaluate(() => document.getElementsByTagName('*').length)

		// Scroll to the bottom in steps of about a screen and a half, as a person dragging the bar
		// would, recording every frame's duration meanwhile.
		const scroll = await page.evaluate(async () => {
			const box = document.querySelector('.members-scroller')
			const frames = []
			let last = performance.now()
			let running = true
			const tick = (now) => {
				frames.push(now - last)
				last = now
				if (running) requestAnimationFrame(tick)
			}
			requestAnimationFrame(tick)
			const started = performance.now()
			let steps = 0
			let maxRows = 0
			while (box.scrollTop + box.clientHeight < box.scrollHeight - 2 && performance.now() - started < 240000) {
				box.scrollTop += box.clientHeight * 1.5
				steps++
				await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))
				maxRows = Math.max(maxRows, document.querySelectorAll('.members-row').length)
				if (steps % 50 === 0) await new Promise((r) => setTimeout(r, 0))
			}
			// Let the last page arrive and draw.
			await new Promise((r) => setTimeout(r, 500))
			running = false
			frames.sort((a, b) => a - b)
			const at = (q) => frames[Math.min(frames.length - 1, Math.floor(q * frames.length))]
			return { steps, ms: performance.now() - started, frames: frames.length, p50: at(0.5), p95: at(0.95), max: frames[frames.length - 1], long: frames.filter((f) => f > 50).length, maxRows }
		})
		const lastNumberShown = await page.locator('.members-row .members-number').last().textContent()
		const domAtEnd = await page.evaluate(() => document.getElementsByTagName('*').length)
		return { count, seedMs, firstRowsMs, domAtStart, domAtEnd, lastNumberShown: lastNumberShown?.trim(), ...scroll }
	} finally {
		await browser.close()
		await server.stop()
	}
}

const a = await measure(small)
const b = await measure(large)
const fmt = (n, d = 0) => (Number.isFinite(n) ? n.toFixed(d) : '—')
const rows = [
	['seeding through the import API (ms)', a.seedMs, b.seedMs],
	['page open → first rows drawn (ms)', a.firstRowsMs, b.firstRowsMs],
	['scroll top → bottom: steps', a.steps, b.steps],
	['scroll top → bottom: time (ms)', a.ms, b.ms],
	['frame p50 (ms)', a.p50, b.p50],
	['frame p95 (ms)', a.p95, b.p95],
	['frame max (ms)', a.max, b.max],
	['frames over 50 ms', a.long, b.long],
	['rows in the DOM, at most', a.maxRows, b.maxRows],
	['DOM elements at start', a.domAtStart, b.domAtStart],
	['DOM elements at the bottom', a.domAtEnd, b.domAtEnd],
]
console.log(`| measure | ${small} members | ${large} members | ratio |`)
console.log('|---|---:|---:|---:|')
for (const [name, x, y] of rows) console.log(`| ${name} | ${fmt(x, x < 100 ? 1 : 0)} | ${fmt(y, y < 100 ? 1 : 0)} | ${fmt(y / x, 2)} |`)
// The list is sorted by name: the last of "Membre1" … "MembreN" is Membre999… (No. 999…9).
console.log(`last member shown at the bottom (by name): ${a.lastNumberShown} / ${b.lastNumberShown}`)
