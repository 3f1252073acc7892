// The API module: where it sends requests (standalone, inside Nextcloud, from the script's own
// address), what it adds to them, and how it turns failures into field errors.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { readInitialState, resolveBaseUrl } from '../../src/api/base-url.js'
import { ApiError, createClient, fieldErrorsOf } from '../../src/api/client.js'

// A minimal document: just what base-url.js and client.js read.
function fakeDocument({ base = null, states = {}, requesttoken = null } = {}) {
	return {
		baseURI: 'https://cloud.example.org/index.php/apps/app_api/embedded/registre/main',
		head: { dataset: requesttoken ? { requesttoken } : {} },
		querySelector: (sel) => (sel === '[data-registre-base]' && base !== null ? { getAttribute: () => base } : null),
		getElementById: (id) => (id in states ? { value: states[id] } : null),
	}
}

// How Nextcloud writes an initial state: base64 of json_encode(json_encode(value)) (PHP escapes '/').
function phpInitialState(value) {
	const inner = JSON.stringify(value).replaceAll('/', '\\/')
	return Buffer.from(JSON.stringify(inner).replaceAll('/', '\\/'), 'utf8').toString('base64')
}

function recordingFetch(answer) {
	const calls = []
	const fetchImpl = async (url, init) => {
		calls.push({ url, init })
		return typeof answer === 'function' ? answer(url, init) : answer
	}
	return { calls, fetchImpl }
}

const json = (status, body, headers = {}) =>
	new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } })
const problem = (status, body) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/problem+json' } })

describe('resolveBaseUrl', () => {
	it('takes the standalone page’s data-registre-base', () => {
		expect(resolveBaseUrl({ doc: fakeDocument({ base: '/' }) })).toBe('/')
	})

	it('reads the double-encoded initial state of the real embedded page and adds the webroot', () => {
		const page = readFileSync(new URL('../../../../shared/nextcloud32-traffic/ui-embedded-page.html', import.meta.url), 'utf8')
		const value = /id="initial-state-app_api-registre-config" value="([^"]+)"/.exec(page)[1]
		// The captured page holds the capture stub's state (apiBase); the decoding is what matters.
		const doc = fakeDocument({ states: { 'initial-state-app_api-registre-config': value } })
		expect(readInitialState(doc, 'app_api', 'registre-config')).toEqual({ apiBase: '/index.php/apps/app_api/proxy/registre/api', features: ['a', 'b'], max: 25 })

		const ours = phpInitialState({ baseUrl: '/index.php/apps/app_api/proxy/registre/', version: '0.1.0', mode: 'nextcloud' })
		const withOurs = fakeDocument({ states: { 'initial-state-app_api-registre-config': ours } })
		expect(resolveBaseUrl({ doc: withOurs, win: { _oc_webroot: '/nextcloud' } })).toBe('/nextcloud/index.php/apps/app_api/proxy/registre/')
		expect(resolveBaseUrl({ doc: withOurs, win: {} })).toBe('/index.php/apps/app_api/proxy/registre/')
	})

	it('falls back to the folder above the script', () => {
		const doc = fakeDocument()
		expect(resolveBaseUrl({ doc, scriptUrl: 'https://c.example/index.php/apps/app_api/proxy/registre/js/main.Ab12Cd34.js' })).toBe('/index.php/apps/app_api/proxy/registre/')
	})

	it('ignores an unreadable initial state', () => {
		const doc = fakeDocument({ states: { 'initial-state-app_api-registre-config': '%%%not-base64' } })
		expect(resolveBaseUrl({ doc, scriptUrl: 'https://c.example/x/js/a.js' })).toBe('/x/')
	})
})

describe('createClient', () => {
	it('sends the language, the request token, the version as If-Match and JSON bodies', async () => {
		const { calls, fetchImpl } = recordingFetch(json(200, { id: 7 }, { ETag: '"3"' }))
		const client = createClient({ baseUrl: '/p/', fetchImpl, doc: fakeDocument({ requesttoken: 'tok' }), lang: 'fr' })
		const answer = await client.put('api/v1/organizations/1/members/7', { firstName: 'Zoé' }, { etag: '"2"' })
		expect(answer).toEqual({ data: { id: 7 }, etag: '"3"' })
		expect(calls[0].url).toBe('/p/api/v1/organizations/1/members/7')
		expect(calls[0].init.method).toBe('PUT')
		expect(calls[0].init.headers).toMatchObject({ 'Accept-Language': 'fr', requesttoken: 'tok', 'If-Match': '"2"', 'Content-Type': 'application/json' })
		expect(JSON.parse(calls[0].init.body)).toEqual({ firstName: 'Zoé' })
	})

	it('writes lists comma-separated and drops empty parameters (Nextcloud keeps one value per key)', async () => {
		const { calls, fetchImpl } = recordingFetch(json(200, { items: [] }))
		const client = createClient({ baseUrl: '/', fetchImpl, doc: fakeDocument() })
		await client.get('api/v1/organizations/1/members', { query: { status: ['active', 'lapsed'], q: 'a b', cursor: '', limit: 50 } })
		expect(calls[0].url).toBe('/api/v1/organizations/1/members?status=active%2Clapsed&q=a+b&limit=50')
	})

	it('turns problem+json into an ApiError with field errors', async () => {
		const { fetchImpl } = recordingFetch(problem(422, {
			type: 'urn:registre:problem:invalid', title: 'Données invalides', status: 422,
			errors: [{ field: 'email', message: 'Adresse invalide' }, { field: 'email', message: 'second' }, { field: 'birthDate', message: 'Date invalide' }],
		}))
		const client = createClient({ baseUrl: '/', fetchImpl, doc: fakeDocument() })
		const error = await client.post('api/v1/organizations/1/members', {}).catch((e) => e)
		expect(error).toBeInstanceOf(ApiError)
		expect(error.status).toBe(422)
		expect(error.title).toBe('Données invalides')
		expect(error.fieldErrors).toEqual({ email: 'Adresse invalide', birthDate: 'Date invalide' })
		expect(error.isConflict).toBe(false)
	})

	it('marks 412 as a conflict', async () => {
		const { fetchImpl } = recordingFetch(problem(412, { title: 'Changed since', status: 412 }))
		const error = await createClient({ baseUrl: '/', fetchImpl, doc: fakeDocument() }).put('x', {}, { etag: '"1"' }).catch((e) => e)
		expect(error.isConflict).toBe(true)
	})

	it('explains Nextcloud’s HTML 404 page and a network failure', async () => {
		const html = recordingFetch(new Response('<html>Not found</html>', { status: 404, headers: { 'Content-Type': 'text/html' } }))
		const notFound = await createClient({ baseUrl: '/', fetchImpl: html.fetchImpl, doc: fakeDocument() }).get('x').catch((e) => e)
		expect(notFound.status).toBe(404)
		expect(notFound.title).toBe('Not found')

		const down = createClient({ baseUrl: '/', fetchImpl: async () => { throw new TypeError('Failed to fetch') }, doc: fakeDocument() })
		const offline = await down.get('x').catch((e) => e)
		expect(offline.status).toBe(0)
		expect(offline.title).toBe('The Registre service cannot be reached')
	})

	it('answers 204 with no data', async () => {
		const { fetchImpl } = recordingFetch(new Response(null, { status: 204 }))
		expect(await createClient({ baseUrl: '/', fetchImpl, doc: fakeDocument() }).del('x', { etag: '"1"' })).toEqual({ data: null, etag: null })
	})
})

describe('fieldErrorsOf', () => {
	it('ignores malformed entries', () => {
		expect(fieldErrorsOf({ errors: [null, { message: 'no field' }, { field: 'a', message: 1 }] })).toEqual({ a: '1' })
		expect(fieldErrorsOf(null)).toEqual({})
	})
})
