// The page components, one file each under views/. Loaded on demand: the member list (what
// most people open first) does not wait for the retention or import pages.
export const pages = {
	members: () => import('./views/MembersView.vue'),
	memberDetail: () => import('./views/MemberDetailView.vue'),
	memberEdit: () => import('./views/MemberEditView.vue'),
	dues: () => import('./views/DuesView.vue'),
	consents: () => import('./views/ConsentsView.vue'),
	requests: () => import('./views/RequestsView.vue'),
	retention: () => import('./views/RetentionView.vue'),
	audit: () => import('./views/AuditView.vue'),
	imports: () => import('./views/ImportView.vue'),
	exports: () => import('./views/ExportView.vue'),
	webhooks: () => import('./views/WebhooksView.vue'),
	applications: () => import('./views/ApplicationsView.vue'),
	admin: () => import('./views/AdminView.vue'),
	myMembership: () => import('./views/MyMembershipView.vue'),
}
