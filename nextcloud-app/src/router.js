// Pages by URL fragment (#/organizations/1/members…): the embedded page is Nextcloud's, so the
// app owns only the fragment. The same paths are the notification links (docs/notifications.md);
// an unknown path goes to the organisation's home.
import { createRouter, createWebHashHistory } from 'vue-router'
import { pages } from './pages.js'
import { session, sessionReady } from './session.js'

/** Where "#/" leads: the first organisation's members, else "my membership", else the
 * administration (a Nextcloud admin before any organisation exists). */
async function homeRedirect() {
	await sessionReady()
	if (session.organizations.length) return { name: 'members', params: { org: String(session.organizations[0].id) } }
	if (session.memberships.length) return { name: 'my-membership' }
	if (session.me?.isAdmin) return { name: 'admin' }
	return true
}

export function createRegistreRouter(history = createWebHashHistory()) {
	const routes = [
		{ path: '/', name: 'home', component: () => import('./views/HomeView.vue'), beforeEnter: homeRedirect },
		{ path: '/me', name: 'my-membership', component: pages.myMembership },
		{ path: '/admin', name: 'admin', component: pages.admin },
		{ path: '/organizations/:org', redirect: (to) => ({ name: 'members', params: { org: to.params.org } }) },
		{ path: '/organizations/:org/members', name: 'members', component: pages.members },
		{ path: '/organizations/:org/members/new', name: 'member-new', component: pages.memberEdit },
		{ path: '/organizations/:org/members/:member', name: 'member', component: pages.memberDetail },
		{ path: '/organizations/:org/members/:member/edit', name: 'member-edit', component: pages.memberEdit },
		{ path: '/organizations/:org/dues', name: 'dues', component: pages.dues },
		{ path: '/organizations/:org/dues/renewals', name: 'dues-renewals', component: pages.dues, props: { tab: 'renewals' } },
		{ path: '/organizations/:org/consents', name: 'consents', component: pages.consents },
		{ path: '/organizations/:org/requests', name: 'requests', component: pages.requests },
		{ path: '/organizations/:org/requests/:request', name: 'request', component: pages.requests },
		{ path: '/organizations/:org/retention', name: 'retention', component: pages.retention },
		{ path: '/organizations/:org/retention/runs/:run', name: 'retention-run', component: pages.retention },
		{ path: '/organizations/:org/audit', name: 'audit', component: pages.audit },
		{ path: '/organizations/:org/imports', name: 'imports', component: pages.imports },
		{ path: '/organizations/:org/imports/:batch', name: 'import', component: pages.imports },
		{ path: '/organizations/:org/export', name: 'export', component: pages.exports },
		{ path: '/organizations/:org/webhooks', name: 'webhooks', component: pages.webhooks },
		{ path: '/organizations/:org/applications', name: 'applications', component: pages.applications },
		{ path: '/organizations/:org/:rest(.*)*', redirect: (to) => ({ name: 'members', params: { org: to.params.org } }) },
		{ path: '/:rest(.*)*', redirect: { name: 'home' } },
	]
	return createRouter({ history, routes })
}
