// Words for the API's codes (legal bases, consent states, channels, request kinds…), in the
// interface's language, and the small pure helpers the consent and request pages share.
import { t } from '../../l10n.js'

export function legalBasisLabel(code) {
	return {
		consent: t('Consent'),
		contract: t('Contract'),
		legal_obligation: t('Legal obligation'),
		legitimate_interest: t('Legitimate interest'),
		vital_interest: t('Vital interest'),
		public_task: t('Public task'),
	}[code] ?? code
}

export const legalBases = ['consent', 'contract', 'legal_obligation', 'legitimate_interest', 'vital_interest', 'public_task']

export function consentStateLabel(state) {
	return {
		none: t('No decision'),
		given: t('Given'),
		to_renew: t('To be renewed'),
		withdrawn: t('Withdrawn'),
		refused: t('Refused'),
		objected: t('Objected'),
	}[state] ?? state
}

export function decisionLabel(decision) {
	return {
		given: t('Given'),
		withdrawn: t('Withdrawn'),
		refused: t('Refused'),
		objected: t('Objected'),
	}[decision] ?? decision
}

export const channels = ['paper', 'web', 'form', 'import', 'api', 'public_link']

export function channelLabel(channel) {
	return {
		web: t('Web (the member themselves)'),
		paper: t('Paper form'),
		import: t('Import'),
		form: t('Online form'),
		public_link: t('Public link'),
		api: t('API'),
	}[channel] ?? channel
}

export const requestKinds = ['access', 'rectification', 'erasure', 'restriction', 'portability', 'objection']

export function requestKindLabel(kind) {
	return {
		access: t('Access (Art. 15)'),
		rectification: t('Rectification (Art. 16)'),
		erasure: t('Erasure (Art. 17)'),
		restriction: t('Restriction (Art. 18)'),
		portability: t('Portability (Art. 20)'),
		objection: t('Objection (Art. 21)'),
	}[kind] ?? kind
}

export function requestStatusLabel(status) {
	return {
		open: t('In progress'),
		extended: t('Extended'),
		closed: t('Closed'),
		refused: t('Declined'),
	}[status] ?? status
}

export function linkStateLabel(state) {
	return { active: t('Valid'), expired: t('Expired'), revoked: t('Revoked') }[state] ?? state
}

/** "Hélène Dupont (no. 12)" — the way a member is named in lists. */
export function memberName(m) {
	if (!m) return ''
	const name = [m.firstName, m.lastName].filter(Boolean).join(' ')
	return m.number ? `${name} (${t('no.')} ${m.number})` : name
}

/** Open cases first by due date (the API's order), then the closed ones, most recent first. */
export function sortRequests(items) {
	const open = (r) => r.status === 'open' || r.status === 'extended'
	return [...items].sort((a, b) => {
		if (open(a) !== open(b)) return open(a) ? -1 : 1
		if (open(a)) return a.dueOn < b.dueOn ? -1 : a.dueOn > b.dueOn ? 1 : a.id - b.id
		const ca = a.closedOn ?? a.dueOn
		const cb = b.closedOn ?? b.dueOn
		return ca > cb ? -1 : ca < cb ? 1 : b.id - a.id
	})
}

/** One entry per non-empty line (data categories, recipients). */
export function linesOf(text) {
	return String(text ?? '')
		.split('\n')
		.map((s) => s.trim())
		.filter(Boolean)
}

/** The full address of a public link: this page's origin, the API's base path, pagePath. */
export function publicLinkUrl(origin, basePath, pagePath) {
	const base = basePath.endsWith('/') ? basePath : `${basePath}/`
	return origin + base + String(pagePath).replace(/^\//, '')
}

/** A link's token read from the page's fragment ("#<64 hex>"), or null when it is not one. */
export function tokenFromHash(hash) {
	const token = String(hash ?? '').replace(/^#/, '').trim().toLowerCase()
	return /^[0-9a-f]{64}$/.test(token) ? token : null
}

/** What the member sees, in the text of their language (French, else English). */
export function textIn(version, lang) {
	if (!version) return ''
	return lang === 'fr' ? version.textFr || version.textEn : version.textEn || version.textFr
}
