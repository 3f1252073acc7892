// Dates, numbers and money in French and English, and amounts typed by people.
import { describe, expect, it } from 'vitest'
import { formatDate, formatMoney, formatNumber, parseMoney } from '../../src/format.js'
import { pickLanguage } from '../../src/l10n.js'

const nbsp = /[\u00a0\u202f]/g
const plain = (s) => s.replace(nbsp, ' ')

describe('formatDate', () => {
	it('shows a calendar date as that day in both languages, whatever the time zone', () => {
		expect(formatDate('2026-03-01', 'fr')).toBe('1 mars 2026')
		expect(formatDate('2026-03-01', 'en')).toBe('1 Mar 2026')
	})
	it('shows what it cannot read as it came', () => {
		expect(formatDate('soon', 'fr')).toBe('soon')
		expect(formatDate('', 'fr')).toBe('')
	})
})

describe('numbers and money', () => {
	it('groups digits the French and the English way', () => {
		expect(plain(formatNumber(100000, 'fr'))).toBe('100 000')
		expect(formatNumber(100000, 'en')).toBe('100,000')
	})
	it('formats integer cents', () => {
		expect(plain(formatMoney(2550, 'EUR', 'fr'))).toBe('25,50 €')
		expect(formatMoney(2550, 'EUR', 'en')).toBe('€25.50')
		expect(formatMoney(null, 'EUR', 'en')).toBe('')
	})
	it('reads typed amounts into cents without floating point', () => {
		expect(parseMoney('25,50')).toBe(2550)
		expect(parseMoney('25.5')).toBe(2550)
		expect(parseMoney('1 200 €')).toBe(120000)
		expect(parseMoney('0,07')).toBe(7)
		expect(parseMoney('19.99')).toBe(1999)
		expect(parseMoney('-5')).toBe(null)
		expect(parseMoney('12,345')).toBe(null)
		expect(parseMoney('abc')).toBe(null)
		expect(parseMoney('')).toBe(null)
	})
})

describe('pickLanguage', () => {
	it('takes the first supported language, English otherwise', () => {
		expect(pickLanguage(['fr-BE', 'en'])).toBe('fr')
		expect(pickLanguage(['', 'de-DE', 'en-US'])).toBe('en')
		expect(pickLanguage(['de'])).toBe('en')
		expect(pickLanguage(['FR_fr'])).toBe('fr')
	})
})

describe('t and n', async () => {
	const { setLanguage } = await import('@nextcloud/l10n')
	const { n, t } = await import('../../src/l10n.js')
	it('leaves variables as they are (Vue escapes what it shows)', () => {
		setLanguage('en')
		expect(t('Hello {name}', { name: 'O\'Brien <b>' })).toBe('Hello O\'Brien <b>')
	})
	it('picks the French singular for 0 and 1, the English one for 1 only', () => {
		setLanguage('fr')
		expect(n('{count} line', '{count} lines', 0)).toBe('0 line')
		expect(n('{count} line', '{count} lines', 2)).toBe('2 lines')
		setLanguage('en')
		expect(n('{count} line', '{count} lines', 0)).toBe('0 lines')
		expect(n('{count} line', '{count} lines', 1)).toBe('1 line')
	})
})
