// The interface's language: Nextcloud's (the page's lang attribute, which @nextcloud/l10n
// reads), else the browser's. English strings are the source; French is the shipped catalogue.
// Components call t() and n() from here, never @nextcloud/l10n directly, so the
// app id and the catalogue are in one place.
import { getLanguage, register, setLanguage, translate } from '@nextcloud/l10n'

export const APP = 'registre'

// One French file per part of the app (l10n/fr/*.json), merged here: the parts are written
// apart without stepping on each other's catalogue.
const frenchParts = import.meta.glob('./l10n/fr/*.json', { eager: true, import: 'default' })
const catalogues = {
	fr: { translations: Object.assign({}, ...Object.values(frenchParts).map((part) => part.translations ?? {})) },
}

/** Picks 'fr' or 'en' from the page, then the browser; registers the catalogue. */
export function setupLanguage(doc = document, nav = globalThis.navigator) {
	const declared = doc.documentElement.getAttribute('lang') || doc.documentElement.dataset?.locale || ''
	const candidates = [declared, ...(nav?.languages ?? []), nav?.language ?? '']
	const language = pickLanguage(candidates)
	setLanguage(language)
	doc.documentElement.setAttribute('lang', language)
	if (catalogues[language]) register(APP, catalogues[language].translations)
	return language
}

/** The first supported language among BCP 47 tags ('fr-BE' → 'fr'); English by default. */
export function pickLanguage(candidates) {
	for (const tag of candidates) {
		const base = String(tag || '').toLowerCase().split(/[-_]/)[0]
		if (base === 'fr' || base === 'en') return base
	}
	return 'en'
}

export function language() {
	return getLanguage() === 'fr' ? 'fr' : 'en'
}

// Vue escapes what it interpolates, and no translated string goes through v-html: escaping
// the variables here too would show "O&#39;Brien" for O'Brien.
const asText = { escape: false, sanitize: false }

export function t(text, vars) {
	return translate(APP, text, vars ?? {}, undefined, asText)
}

/**
 * The singular or the plural, each a key of its own in the catalogue ({count} is the number).
 * French uses the singular for 0 and 1 ("0 ligne"), English for 1 only.
 */
export function n(singular, plural, count, vars) {
	const one = language() === 'fr' ? Math.abs(count) < 2 : count === 1
	return t(one ? singular : plural, { count, ...vars })
}
