// Who is using the app and which organisations they see, loaded once at start and shared by
// the navigation and the pages.
import { reactive } from 'vue'
import { api } from './api/client.js'

export const session = reactive({
	loaded: false,
	error: null,
	me: null, // { userId, isAdmin, mode, version }
	organizations: [],
	memberships: [], // organisations where this account is a member ("my membership")
})

let loading = null

/** Resolves once the session has been loaded (successfully or not). */
export function sessionReady() {
	return loading ?? loadSession()
}

export function loadSession() {
	loading = fetchSession()
	return loading
}

async function fetchSession() {
	session.error = null
	try {
		const [me, orgs, mine] = await Promise.all([
			api().get('api/v1/me'),
			api().get('api/v1/organizations'),
			api().get('api/v1/me/memberships').catch(() => ({ data: { items: [] } })),
		])
		session.me = me.data
		session.organizations = orgs.data.items ?? []
		session.memberships = mine.data?.items ?? []
	} catch (e) {
		session.error = e
	} finally {
		session.loaded = true
	}
}

export function organizationById(id) {
	return session.organizations.find((o) => String(o.id) === String(id)) ?? null
}
