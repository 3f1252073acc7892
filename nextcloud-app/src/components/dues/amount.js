// An amount in cents as a person would type it in the interface's language: 2550 → "25,50"
// (French) or "25.50" (English), for the default value of an amount field. parseMoney (format.js)
// reads it back.
export function amountInput(cents, lang = 'en') {
	if (cents === null || cents === undefined || !Number.isFinite(Number(cents))) return ''
	const value = Math.round(Number(cents))
	const text = `${Math.floor(value / 100)}.${String(value % 100).padStart(2, '0')}`
	return lang === 'fr' ? text.replace('.', ',') : text
}
