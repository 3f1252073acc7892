// Where the app's HTTP interface is, as seen from the browser:
//   standalone: the page says so (#content data-registre-base="/");
//   in Nextcloud: the initial state registered at enable time (registre-config.baseUrl, the
//   AppAPI proxy path without the webroot), prefixed with Nextcloud's webroot;
//   otherwise: the folder above the script itself (…/proxy/registre/js/x.js → …/proxy/registre/).
// Always ends with '/'.

const withSlash = (url) => (url.endsWith('/') ? url : `${url}/`)

/** Nextcloud's initial state: base64 of a JSON string that itself holds JSON (NEXTCLOUD.md §8). */
export function readInitialState(doc, app, key) {
	const input = doc.getElementById(`initial-state-${app}-${key}`)
	if (!input) return null
	try {
		const bytes = Uint8Array.from(atob(input.value), (c) => c.charCodeAt(0))
		let value = JSON.parse(new TextDecoder().decode(bytes))
		if (typeof value === 'string') value = JSON.parse(value)
		return value
	} catch {
		return null
	}
}

export function resolveBaseUrl({ doc = document, win = globalThis.window, scriptUrl } = {}) {
	const explicit = doc.querySelector('[data-registre-base]')?.getAttribute('data-registre-base')
	if (explicit) return withSlash(new URL(explicit, doc.baseURI).pathname)

	const config = readInitialState(doc, 'app_api', 'registre-config')
	if (config && typeof config.baseUrl === 'string' && config.baseUrl !== '') {
		const webroot = (win && (win._oc_webroot ?? win.OC?.webroot)) || ''
		const path = config.baseUrl.startsWith('/index.php') ? webroot + config.baseUrl : config.baseUrl
		return withSlash(path)
	}
	if (scriptUrl) return new URL('../', scriptUrl).pathname
	return '/'
}
