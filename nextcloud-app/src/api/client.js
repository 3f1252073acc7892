// The one way the front end talks to registre-server. It adds what Nextcloud's proxy needs
// (requesttoken, X-Requested-With), asks for the interface's language, sends If-Match when
// given a version, and turns every failure into an ApiError: problem+json fields become
// { field: message }, and a non-JSON answer (Nextcloud's own 404 page, a proxy error) becomes
// a message a person can act on.
import { t } from '../l10n.js'
import { resolveBaseUrl } from './base-url.js'

export class ApiError extends Error {
	constructor({ status, title, detail, type, fieldErrors = {}, problem = null }) {
		super(detail ? `${title}: ${detail}` : title)
		this.name = 'ApiError'
		this.status = status
		this.title = title
		this.detail = detail ?? ''
		this.type = type ?? ''
		this.fieldErrors = fieldErrors
		this.problem = problem
	}

	/** True for 412: someone else changed the record since it was read. */
	get isConflict() {
		return this.status === 412
	}
}

/** problem+json `errors: [{field, message}]` → { field: message } (first message per field). */
export function fieldErrorsOf(problem) {
	const out = {}
	for (const e of Array.isArray(problem?.errors) ? problem.errors : []) {
		if (e && typeof e.field === 'string' && !(e.field in out)) out[e.field] = String(e.message ?? '')
	}
	return out
}

function errorForStatus(status) {
	if (status === 0) return { title: t('The Registre service cannot be reached'), detail: t('Check your connection and try again.') }
	if (status === 401) return { title: t('Access refused'), detail: t('Your session may have expired. Reload the page and sign in again.') }
	if (status === 404) return { title: t('Not found'), detail: t('The page or record does not exist, or the app is not available to your account.') }
	if (status === 429) return { title: t('Too many attempts'), detail: t('Wait a few minutes, then try again.') }
	return { title: t('Something went wrong'), detail: t('The server answered with an error (HTTP {status}).', { status }) }
}

export function createClient({ baseUrl, fetchImpl = (...a) => globalThis.fetch(...a), doc = globalThis.document, lang = 'en' } = {}) {
	const base = baseUrl ?? resolveBaseUrl({ doc, scriptUrl: import.meta.url })

	function url(path, query) {
		const u = new URL(base + String(path).replace(/^\//, ''), 'http://registre.invalid')
		for (const [k, v] of Object.entries(query ?? {})) {
			// The proxy keeps one value per key: lists travel comma-separated (NEXTCLOUD.md §8).
			if (v === undefined || v === null || v === '') continue
			u.searchParams.set(k, Array.isArray(v) ? v.join(',') : String(v))
		}
		return u.pathname + u.search
	}

	async function request(method, path, { body, query, version, etag, signal, raw, headers: extra } = {}) {
		const headers = { ...extra, Accept: 'application/json, application/problem+json', 'Accept-Language': lang, 'X-Requested-With': 'XMLHttpRequest' }
		const token = doc?.head?.dataset?.requesttoken
		if (token) headers.requesttoken = token
		if (etag) headers['If-Match'] = etag
		else if (version !== undefined && version !== null) headers['If-Match'] = `"${version}"`
		let payload
		if (body instanceof FormData || typeof body === 'string' || (typeof Blob !== 'undefined' && body instanceof Blob)) payload = body // a Blob (a file) travels as is, with its own type
		else if (body !== undefined) {
			headers['Content-Type'] = 'application/json'
			payload = JSON.stringify(body)
		}
		let response
		try {
			response = await fetchImpl(url(path, query), { method, headers, body: payload, signal, credentials: 'same-origin' })
		} catch (e) {
			if (e?.name === 'AbortError') throw e
			throw new ApiError({ status: 0, ...errorForStatus(0) })
		}
		const type = response.headers.get('Content-Type') ?? ''
		if (response.ok) {
			if (raw) return response
			if (response.status === 204) return { data: null, etag: response.headers.get('ETag') }
			const data = type.includes('json') ? await response.json() : await response.text()
			return { data, etag: response.headers.get('ETag') }
		}
		if (type.includes('json')) {
			let problem = null
			try {
				problem = await response.json()
			} catch {
				problem = null
			}
			if (problem && typeof problem.title === 'string') {
				throw new ApiError({ status: response.status, title: problem.title, detail: problem.detail, type: problem.type, fieldErrors: fieldErrorsOf(problem), problem })
			}
		}
		throw new ApiError({ status: response.status, ...errorForStatus(response.status) })
	}

	return {
		baseUrl: base,
		url,
		request,
		get: (path, options) => request('GET', path, options),
		post: (path, body, options) => request('POST', path, { ...options, body }),
		put: (path, body, options) => request('PUT', path, { ...options, body }),
		del: (path, options) => request('DELETE', path, options),
	}
}

let shared = null

/** The client the pages use (created on first use, in the interface's language). */
export function api() {
	if (!shared) shared = createClient({ lang: document.documentElement.getAttribute('lang') || 'en' })
	return shared
}
