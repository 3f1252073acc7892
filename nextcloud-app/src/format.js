// Dates, numbers and money in the interface's language. Calendar dates from the API
// ("2026-03-14") are shown as such, without a time zone shift.
import { language } from './l10n.js'

const localeOf = (lang) => (lang === 'fr' ? 'fr-FR' : 'en-GB')

/** "2026-03-14" → "14 mars 2026" / "14 Mar 2026". Anything unreadable is shown as it came. */
export function formatDate(value, lang = language()) {
	if (!value) return ''
	const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value)
	const date = m ? new Date(Date.UTC(+m[1], +m[2] - 1, +m[3])) : new Date(value)
	if (Number.isNaN(date.getTime())) return String(value)
	return new Intl.DateTimeFormat(localeOf(lang), { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(date)
}

/** An instant ("2026-03-14T09:30:00Z") in the browser's time zone, with the time. */
export function formatDateTime(value, lang = language()) {
	if (!value) return ''
	const date = new Date(value)
	if (Number.isNaN(date.getTime())) return String(value)
	return new Intl.DateTimeFormat(localeOf(lang), { dateStyle: 'medium', timeStyle: 'short' }).format(date)
}

export function formatNumber(value, lang = language()) {
	if (value === null || value === undefined || value === '') return ''
	return new Intl.NumberFormat(localeOf(lang)).format(value)
}

/** Amounts travel as integer cents: 2550 EUR → "25,50 €" / "€25.50". */
export function formatMoney(cents, currency = 'EUR', lang = language()) {
	if (cents === null || cents === undefined) return ''
	return new Intl.NumberFormat(localeOf(lang), { style: 'currency', currency }).format(Number(cents) / 100)
}

/**
 * Reads an amount typed by a person ("25,50", "25.5", "1 200") into integer cents, or null when
 * it is not an amount. Never goes through floating point for the cents.
 */
export function parseMoney(text) {
	const cleaned = String(text ?? '').replace(/[\s\u00a0\u202f€$£]/g, '')
	const m = /^(\d+)(?:[.,](\d{1,2}))?$/.exec(cleaned)
	if (!m) return null
	const cents = m[2] ? Number(m[2].padEnd(2, '0')) : 0
	return Number(m[1]) * 100 + cents
}
