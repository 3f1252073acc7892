// Pure helpers of the import and export pages: the member fields a CSV column can fill, the
// `columns` parameter built from the choices a person made, and the name of a downloaded file.

/** The member fields the importer knows (ImportReport.columns[].field), in form order. */
export const IMPORT_FIELDS = [
	'member_number', 'title', 'first_name', 'last_name', 'full_name', 'company', 'email', 'phone', 'mobile',
	'address', 'address_extra', 'postcode', 'city', 'country', 'birth_date', 'gender', 'joined_on', 'left_on',
	'notes', 'nextcloud_user', 'membership_type', 'membership_start', 'membership_end', 'amount', 'paid_on',
	'payment_method', 'payment_reference',
]

/**
 * The `columns` query parameter for the choices made: { columnIndex (0-based): field | null }.
 * Columns are named by position (`#n`, from 1) so that headers holding `,` or `:` and repeated
 * headers still work; null (or '') means "ignore". Empty string when nothing was chosen.
 */
export function columnsParam(choices) {
	return Object.entries(choices ?? {})
		.map(([index, field]) => [Number(index), field])
		.filter(([index]) => Number.isInteger(index) && index >= 0)
		.sort((a, b) => a[0] - b[0])
		.map(([index, field]) => `#${index + 1}:${field ? field : 'ignore'}`)
		.join(',')
}

/** Fields chosen for more than one column (the server refuses them): [field, …]. */
export function duplicateFields(fields) {
	const seen = new Set()
	const twice = new Set()
	for (const f of fields) {
		if (!f) continue
		if (seen.has(f)) twice.add(f)
		seen.add(f)
	}
	return [...twice]
}

/** `attachment; filename="registre-1.csv"` → `registre-1.csv`; the fallback otherwise. */
export function fileNameFromDisposition(header, fallback = 'download') {
	const star = /filename\*\s*=\s*(?:UTF-8'')?([^;]+)/i.exec(header ?? '')
	if (star) {
		try {
			return sanitizeFileName(decodeURIComponent(star[1].trim().replace(/^"|"$/g, ''))) || fallback
		} catch {
			// fall through to the plain form
		}
	}
	const plain = /filename\s*=\s*"([^"]*)"|filename\s*=\s*([^;]+)/i.exec(header ?? '')
	const name = plain ? (plain[1] ?? plain[2] ?? '').trim() : ''
	return sanitizeFileName(name) || fallback
}

function sanitizeFileName(name) {
	return String(name).replace(/[/\\\0-\x1f]/g, '_').slice(0, 200)
}

/** Counts from an audit entry's fields (["created:3", "updated:1"]) → { created: 3, updated: 1 }. */
export function countsOf(fields) {
	const out = {}
	for (const f of fields ?? []) {
		const m = /^([a-z_]+):(\d+)$/.exec(f)
		if (m) out[m[1]] = Number(m[2])
	}
	return out
}
