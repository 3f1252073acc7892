// Pure helpers of the administration page.

/** A slug proposed from a name: "Club de Rugby d'Été" → "club-de-rugby-d-ete" (≤ 64 chars). */
export function slugFromName(name) {
	return String(name ?? '')
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '')
		.slice(0, 64)
		.replace(/-+$/g, '')
}

/** The time zones the browser knows (for the picker), Europe/Paris first; a short list if none. */
export function timeZones() {
	let zones = []
	try {
		zones = Intl.supportedValuesOf('timeZone')
	} catch {
		zones = []
	}
	const common = ['Europe/Paris', 'Europe/Brussels', 'Europe/Luxembourg', 'Europe/Zurich', 'America/Montreal', 'Indian/Reunion', 'America/Martinique', 'America/Guadeloupe', 'America/Cayenne', 'Pacific/Noumea', 'Pacific/Tahiti', 'Indian/Mayotte', 'UTC']
	return [...new Set([...common, ...zones])]
}
