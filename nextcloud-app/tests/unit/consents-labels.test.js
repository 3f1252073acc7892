// The consent and request pages' pure helpers: reading a link's token, building its address,
// ordering requests, splitting lines, picking the text in the reader's language.
import { describe, expect, it } from 'vitest'
import { linesOf, memberName, publicLinkUrl, sortRequests, textIn, tokenFromHash } from '../../src/components/consents/labels.js'

const token = 'ab'.repeat(32)

describe('tokenFromHash', () => {
	it('reads a 64-hex token after #', () => {
		expect(tokenFromHash(`#${token}`)).toBe(token)
		expect(tokenFromHash(token.toUpperCase())).toBe(token)
	})
	it('refuses anything else', () => {
		expect(tokenFromHash('')).toBeNull()
		expect(tokenFromHash('#')).toBeNull()
		expect(tokenFromHash('#abc')).toBeNull()
		expect(tokenFromHash(`#${token}x`)).toBeNull()
		expect(tokenFromHash(`#${'zz'.repeat(32)}`)).toBeNull()
		expect(tokenFromHash(undefined)).toBeNull()
	})
})

describe('publicLinkUrl', () => {
	it('joins origin, base path and pagePath with one slash', () => {
		expect(publicLinkUrl('http://127.0.0.1:8080', '/', `public/consent#${token}`)).toBe(`http://127.0.0.1:8080/public/consent#${token}`)
		expect(publicLinkUrl('https://cloud.example', '/index.php/apps/app_api/proxy/registre', `/public/consent#${token}`)).toBe(`https://cloud.example/index.php/apps/app_api/proxy/registre/public/consent#${token}`)
	})
})

describe('sortRequests', () => {
	it('puts open cases first by due date, then closed ones, latest first', () => {
		const items = [
			{ id: 1, status: 'closed', dueOn: '2026-01-10', closedOn: '2026-01-05' },
			{ id: 2, status: 'open', dueOn: '2026-03-01' },
			{ id: 3, status: 'extended', dueOn: '2026-02-01' },
			{ id: 4, status: 'refused', dueOn: '2026-02-10', closedOn: '2026-02-02' },
			{ id: 5, status: 'open', dueOn: '2026-02-01' },
		]
		expect(sortRequests(items).map((r) => r.id)).toEqual([3, 5, 2, 4, 1])
		expect(items[0].id).toBe(1)
	})
})

describe('small helpers', () => {
	it('linesOf keeps non-empty trimmed lines', () => {
		expect(linesOf(' a \n\n b\n')).toEqual(['a', 'b'])
		expect(linesOf(null)).toEqual([])
	})
	it('textIn picks the reader’s language, else the other', () => {
		expect(textIn({ textFr: 'Oui', textEn: 'Yes' }, 'fr')).toBe('Oui')
		expect(textIn({ textFr: 'Oui', textEn: 'Yes' }, 'en')).toBe('Yes')
		expect(textIn({ textFr: 'Oui', textEn: '' }, 'en')).toBe('Oui')
		expect(textIn(null, 'en')).toBe('')
	})
	it('memberName names the member with their number', () => {
		expect(memberName({ firstName: 'Hélène', lastName: 'Dupont', number: 3 })).toBe('Hélène Dupont (no. 3)')
		expect(memberName({ firstName: '', lastName: 'Dupont' })).toBe('Dupont')
	})
})
