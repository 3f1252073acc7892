// Every string the interface shows through t() or n() has its French translation, and the
// French catalogue keeps the placeholders of the English text.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const src = fileURLToPath(new URL('../../src', import.meta.url))

function filesUnder(dir) {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name)
		return statSync(path).isDirectory() ? filesUnder(path) : /\.(vue|js)$/.test(name) ? [path] : []
	})
}

// t('…') and n('…', '…', …) with literal strings in '…', "…" or `…` (no interpolation).
function usedStrings() {
	const found = new Map()
	const literal = String.raw`'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"|` + '`([^`$]*)`'
	const call = new RegExp(String.raw`\b([tn])\(\s*(?:${literal})(?:\s*,\s*(?:${literal}))?`, 'g')
	for (const file of filesUnder(src)) {
		const text = readFileSync(file, 'utf8')
		for (const m of text.matchAll(call)) {
			const first = m[2] ?? m[3] ?? m[4]
			const second = m[5] ?? m[6] ?? m[7]
			const unescape = (s) => s.replace(/\\(.)/g, '$1')
			if (first !== undefined) found.set(unescape(first), file)
			if (m[1] === 'n' && second !== undefined) found.set(unescape(second), file)
		}
	}
	return found
}

function frenchCatalogue() {
	const dir = join(src, 'l10n/fr')
	const all = {}
	for (const name of readdirSync(dir).filter((n) => n.endsWith('.json'))) {
		Object.assign(all, JSON.parse(readFileSync(join(dir, name), 'utf8')).translations)
	}
	return all
}

describe('French catalogue', () => {
	const used = usedStrings()
	const fr = frenchCatalogue()

	it('finds the strings (the scan itself works)', () => {
		expect(used.has('Members')).toBe(true)
		expect(used.size).toBeGreaterThan(20)
	})

	it('translates every string the interface uses', () => {
		const missing = [...used.keys()].filter((s) => !(s in fr)).map((s) => `${s}  (${used.get(s).slice(src.length + 1)})`)
		expect(missing).toEqual([])
	})

	it('keeps every {placeholder} of the English text', () => {
		const names = (s) => [...String(s).matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()
		const broken = Object.entries(fr).filter(([en, tr]) => {
			const texts = Array.isArray(tr) ? tr : [tr]
			return texts.some((x) => names(x).join() !== names(en).join())
		})
		expect(broken).toEqual([])
	})
})
