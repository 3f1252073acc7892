/*
 * Registre: placeholder front end (foundation release).
 *
 * Plain ES2020, no imports, no build step: registre-server serves this file as-is
 * under js/. The real Vue front end replaces it later.
 *
 * It mounts into <div id="content">, which is all that Nextcloud's embedded page for
 * an ExApp top-menu entry contains (and what the server's standalone shell page
 * provides, with data-registre-base="/"). It shows who the current user is and the
 * organisations, from GET api/v1/me and GET api/v1/organizations.
 *
 * Every piece of data goes into the page through textContent: never innerHTML.
 */
(() => {
	'use strict';

	// ---------------------------------------------------------------------------
	// Strings. Every user-facing text lives here, in English and French.
	// French uses a no-break space (\u00a0) before ":" as French typography requires.
	// ---------------------------------------------------------------------------
	const CATALOGUE = {
		en: {
			'app.name': 'Registre',
			'app.intro': 'This is the foundation release of Registre. The member register is coming in the next version.',
			'loading': 'Loading…',
			'loaded': 'Loaded.',
			'you.title': 'Your account',
			'you.user': 'User ID',
			'you.admin': 'Nextcloud administrator',
			'you.mode': 'Running',
			'yes': 'Yes',
			'no': 'No',
			'mode.nextcloud': 'Inside Nextcloud',
			'mode.standalone': 'Standalone (demonstration, without Nextcloud)',
			'orgs.title': 'Organisations',
			'orgs.empty': 'No organisation has been created yet.',
			'org.legalForm': 'Legal form',
			'org.timezone': 'Time zone',
			'org.currency': 'Currency',
			'legalForm.association': 'Association',
			'legalForm.scic': 'Cooperative society of collective interest (SCIC)',
			'legalForm.other': 'Other',
			'error.generic': 'Something went wrong',
			'error.network.title': 'The Registre service cannot be reached',
			'error.network.detail': 'Check your connection and try again. If this keeps happening, ask your Nextcloud administrator to check that Registre is running.',
			'error.auth.title': 'Access refused',
			'error.auth.detail': 'Your session may have expired. Reload the page and sign in again.',
			'error.notFound.title': 'Registre is not available',
			'error.notFound.detail': 'The app may be disabled, or your account may not have access to it. Ask your Nextcloud administrator.',
			'error.tooMany.title': 'Too many attempts',
			'error.tooMany.detail': 'Nextcloud is slowing down requests for a while. Wait a few minutes, then try again.',
			'error.status': 'The server answered with an error (HTTP {status}).',
			'error.badAnswer': 'The server sent an answer that Registre does not understand.',
			'retry': 'Try again',
			'footer.version': 'Registre version {version}',
		},
		fr: {
			'app.name': 'Registre',
			'app.intro': 'Ceci est la version de fondation de Registre. Le registre des membres arrive dans la prochaine version.',
			'loading': 'Chargement…',
			'loaded': 'Chargement terminé.',
			'you.title': 'Votre compte',
			'you.user': 'Identifiant',
			'you.admin': 'Administrateur Nextcloud',
			'you.mode': 'Fonctionnement',
			'yes': 'Oui',
			'no': 'Non',
			'mode.nextcloud': 'Dans Nextcloud',
			'mode.standalone': 'Autonome (démonstration, sans Nextcloud)',
			'orgs.title': 'Organisations',
			'orgs.empty': 'Aucune organisation n\u2019a encore été créée.',
			'org.legalForm': 'Forme juridique',
			'org.timezone': 'Fuseau horaire',
			'org.currency': 'Devise',
			'legalForm.association': 'Association',
			'legalForm.scic': 'Société coopérative d\u2019intérêt collectif (SCIC)',
			'legalForm.other': 'Autre',
			'error.generic': 'Une erreur est survenue',
			'error.network.title': 'Le service Registre est injoignable',
			'error.network.detail': 'Vérifiez votre connexion puis réessayez. Si le problème persiste, demandez à l\u2019administrateur de votre Nextcloud de vérifier que Registre fonctionne.',
			'error.auth.title': 'Accès refusé',
			'error.auth.detail': 'Votre session a peut-être expiré. Rechargez la page et reconnectez-vous.',
			'error.notFound.title': 'Registre n\u2019est pas disponible',
			'error.notFound.detail': 'L\u2019application est peut-être désactivée, ou votre compte n\u2019y a pas accès. Adressez-vous à l\u2019administrateur de votre Nextcloud.',
			'error.tooMany.title': 'Trop de tentatives',
			'error.tooMany.detail': 'Nextcloud ralentit les requêtes pendant un moment. Patientez quelques minutes puis réessayez.',
			'error.status': 'Le serveur a répondu par une erreur (HTTP {status}).',
			'error.badAnswer': 'Le serveur a envoyé une réponse que Registre ne comprend pas.',
			'retry': 'Réessayer',
			'footer.version': 'Registre version {version}',
		},
	};

	/** First supported language among the page's (Nextcloud sets <html lang>) and the browser's. */
	function pickLanguage() {
		const candidates = [document.documentElement.lang, ...(navigator.languages || []), navigator.language];
		for (const tag of candidates) {
			const primary = String(tag || '').toLowerCase().split(/[-_]/)[0];
			if (primary && Object.prototype.hasOwnProperty.call(CATALOGUE, primary)) {
				return primary;
			}
		}
		return 'en';
	}

	const LANG = pickLanguage();

	/** Translate a key; {name} placeholders are filled from params. */
	function t(key, params = {}) {
		const text = CATALOGUE[LANG][key] ?? CATALOGUE.en[key] ?? key;
		return text.replace(/\{(\w+)\}/g, (whole, name) => (name in params ? String(params[name]) : whole));
	}

	// ---------------------------------------------------------------------------
	// Where the back end is.
	// ---------------------------------------------------------------------------
	const PROXY_PATH = '/index.php/apps/app_api/proxy/registre/';

	/** Nextcloud's web root ("" or e.g. "/nextcloud"), without a trailing slash. */
	function webroot() {
		const fromOC = window.OC && typeof window.OC.webroot === 'string' ? window.OC.webroot : null;
		const fromGlobal = typeof window._oc_webroot === 'string' ? window._oc_webroot : null;
		return (fromOC ?? fromGlobal ?? '').replace(/\/+$/, '');
	}

	/**
	 * Read an AppAPI initial state (key registered by the server at enable time).
	 * The hidden input holds base64 of UTF-8 JSON, and that JSON is itself a *string*
	 * containing JSON: AppAPI stores the value it is given as a JSON string, and
	 * Nextcloud JSON-encodes it once more when rendering the page (observed on Nextcloud 32).
	 * Hence base64 -> bytes -> UTF-8 -> JSON.parse -> JSON.parse.
	 */
	function readInitialState(key) {
		const input = document.getElementById(`initial-state-app_api-registre-${key}`);
		if (!input || !input.value) {
			return null;
		}
		const bytes = Uint8Array.from(atob(input.value), (c) => c.charCodeAt(0));
		let value = JSON.parse(new TextDecoder('utf-8').decode(bytes));
		if (typeof value === 'string') {
			value = JSON.parse(value);
		}
		return value && typeof value === 'object' ? value : null;
	}

	function withTrailingSlash(url) {
		return url.endsWith('/') ? url : `${url}/`;
	}

	/** Base URL of the back end, ending with "/". */
	function backendBase(mount) {
		// Standalone: the server's own shell page says where it is.
		const explicit = mount.getAttribute('data-registre-base')
			?? document.querySelector('#content[data-registre-base]')?.getAttribute('data-registre-base');
		if (explicit) {
			return withTrailingSlash(explicit);
		}
		// Inside Nextcloud: the initial state registered by the server.
		let config = null;
		try {
			config = readInitialState('config');
		} catch (error) {
			console.warn('Registre: unreadable initial state, using the default proxy path', error);
		}
		if (config && typeof config.baseUrl === 'string' && config.baseUrl !== '') {
			// The server does not know Nextcloud's web root; add it to a root-relative path.
			const base = config.baseUrl.startsWith('/index.php') ? webroot() + config.baseUrl : config.baseUrl;
			return withTrailingSlash(base);
		}
		return webroot() + PROXY_PATH;
	}

	// ---------------------------------------------------------------------------
	// HTTP. Errors become {title, detail, errors[]} ready to show.
	// ---------------------------------------------------------------------------
	class ShownError extends Error {
		constructor(title, detail = '', errors = []) {
			super(title);
			this.title = title;
			this.detail = detail;
			this.errors = errors;
		}
	}

	function isJsonType(contentType) {
		return /^application\/([\w.+-]*\+)?json\b/i.test(contentType || '');
	}

	/** Turn a failed response into a ShownError, using RFC 9457 problem details when present. */
	async function errorFromResponse(response) {
		const contentType = response.headers.get('Content-Type');
		if (isJsonType(contentType)) {
			try {
				const problem = await response.json();
				if (problem && typeof problem.title === 'string' && problem.title !== '') {
					const errors = Array.isArray(problem.errors)
						? problem.errors.filter((e) => e && typeof e.message === 'string')
						: [];
					return new ShownError(problem.title, typeof problem.detail === 'string' ? problem.detail : '', errors);
				}
			} catch (ignored) {
				// Not valid JSON after all: fall through to the status-based message.
			}
		}
		// Nextcloud answers its own HTML 404 when the app is disabled or access is denied.
		switch (response.status) {
		case 401:
		case 403:
			return new ShownError(t('error.auth.title'), t('error.auth.detail'));
		case 404:
			return new ShownError(t('error.notFound.title'), t('error.notFound.detail'));
		case 429:
			return new ShownError(t('error.tooMany.title'), t('error.tooMany.detail'));
		default:
			return new ShownError(t('error.generic'), t('error.status', { status: response.status }));
		}
	}

	async function getJson(base, path) {
		let response;
		try {
			response = await fetch(base + path, {
				method: 'GET',
				headers: { Accept: 'application/json' },
				credentials: 'same-origin', // Nextcloud's session identifies the user to the proxy.
				redirect: 'manual', // The API never redirects; a redirect means a login page.
				cache: 'no-store',
			});
		} catch (networkError) {
			throw new ShownError(t('error.network.title'), t('error.network.detail'));
		}
		if (response.type === 'opaqueredirect') {
			throw new ShownError(t('error.auth.title'), t('error.auth.detail'));
		}
		if (!response.ok) {
			throw await errorFromResponse(response);
		}
		if (!isJsonType(response.headers.get('Content-Type'))) {
			throw new ShownError(t('error.generic'), t('error.badAnswer'));
		}
		try {
			return await response.json();
		} catch (parseError) {
			throw new ShownError(t('error.generic'), t('error.badAnswer'));
		}
	}

	// ---------------------------------------------------------------------------
	// DOM helpers.
	// ---------------------------------------------------------------------------
	/** Create an element with attributes and children (strings become text nodes). */
	function h(tag, attributes = {}, ...children) {
		const element = document.createElement(tag);
		for (const [name, value] of Object.entries(attributes)) {
			if (value !== null && value !== undefined && value !== false) {
				element.setAttribute(name, value === true ? '' : String(value));
			}
		}
		for (const child of children.flat()) {
			if (child !== null && child !== undefined) {
				element.append(typeof child === 'string' ? document.createTextNode(child) : child);
			}
		}
		return element;
	}

	/** A <dl> of [term, value] pairs. */
	function facts(pairs) {
		return h('dl', { class: 'registre__facts' },
			pairs.flatMap(([term, value]) => [h('dt', {}, term), h('dd', {}, String(value ?? '—'))]));
	}

	function legalFormLabel(value) {
		const key = `legalForm.${value}`;
		return CATALOGUE.en[key] ? t(key) : String(value ?? '—');
	}

	/** "Euro (EUR)" when the browser can name the currency, else the code. */
	function currencyLabel(code) {
		try {
			const name = new Intl.DisplayNames([LANG], { type: 'currency' }).of(code);
			return name && name !== code ? `${name} (${code})` : String(code);
		} catch (ignored) {
			return String(code ?? '—');
		}
	}

	// ---------------------------------------------------------------------------
	// The page.
	// ---------------------------------------------------------------------------
	function mountPoint() {
		// Nextcloud's page nests AppAPI's <div id="content"> inside its own #content:
		// take the innermost one.
		const all = document.querySelectorAll('#content');
		return all.length > 0 ? all[all.length - 1] : null;
	}

	function start() {
		const mount = mountPoint();
		if (!mount) {
			console.error('Registre: no #content element to render into');
			return;
		}
		const base = backendBase(mount);

		// Nextcloud already has a (visually hidden) <h1>; standalone pages have none.
		const hasPageH1 = document.querySelector('h1') !== null;
		const level = hasPageH1 ? 2 : 1;
		// Do not nest landmarks if the host page already has a <main>.
		const containerTag = mount.closest('main') ? 'div' : 'main';
		const idFree = (id) => document.getElementById(id) === null;

		const title = h(`h${level}`, { class: 'registre__title', id: 'registre-title', tabindex: '-1' },
			h('span', { class: 'registre__logo', 'aria-hidden': 'true' }), t('app.name'));
		const status = h('p', { class: 'registre__status registre__muted', role: 'status' });
		const alerts = h('div', { class: 'registre__alerts' });
		const retry = h('button', { type: 'button', class: 'registre__button', hidden: true }, t('retry'));
		// Sections stay hidden until they have something to show.
		const meSection = h('section', { class: 'registre__section', 'aria-labelledby': 'registre-me-title', hidden: true },
			h(`h${level + 1}`, { class: 'registre__section-title', id: 'registre-me-title' }, t('you.title')));
		const orgSection = h('section', { class: 'registre__section', 'aria-labelledby': 'registre-orgs-title', hidden: true },
			h(`h${level + 1}`, { class: 'registre__section-title', id: 'registre-orgs-title' }, t('orgs.title')));
		const footer = h('p', { class: 'registre__footer' });

		const root = h(containerTag, {
			class: 'registre',
			lang: LANG,
			// Nextcloud's "Skip to main content" link targets #app-content.
			id: idFree('app-content') ? 'app-content' : null,
			tabindex: '-1',
			'aria-labelledby': 'registre-title',
		}, h('div', { class: 'registre__inner' },
			h('header', {}, title, h('p', { class: 'registre__lead' }, t('app.intro'))),
			status, alerts, retry, meSection, orgSection, footer));

		mount.replaceChildren(root);

		function showError(error) {
			const shown = error instanceof ShownError ? error : new ShownError(t('error.generic'), t('error.badAnswer'));
			if (!(error instanceof ShownError)) {
				console.error('Registre:', error);
			}
			// A freshly inserted role="alert" element is announced by screen readers.
			const box = h('div', { class: 'registre__alert', role: 'alert' },
				h('p', { class: 'registre__alert-title' }, shown.title),
				shown.detail ? h('p', {}, shown.detail) : null,
				shown.errors.length > 0
					? h('ul', {}, shown.errors.map((e) => h('li', {}, e.field ? `${e.field}${LANG === 'fr' ? '\u00a0:' : ':'} ${e.message}` : e.message)))
					: null);
			alerts.append(box);
		}

		function renderMe(me) {
			meSection.querySelector('dl, p.registre__muted')?.remove();
			meSection.append(facts([
				[t('you.user'), me.userId || '—'],
				[t('you.admin'), me.isAdmin ? t('yes') : t('no')],
				[t('you.mode'), me.mode === 'standalone' ? t('mode.standalone') : t('mode.nextcloud')],
			]));
			meSection.hidden = false;
			if (me.version) {
				footer.textContent = t('footer.version', { version: me.version });
			}
		}

		function renderOrganizations(answer) {
			if (!answer || !Array.isArray(answer.items)) {
				throw new ShownError(t('error.generic'), t('error.badAnswer'));
			}
			orgSection.querySelector('ul, p.registre__muted')?.remove();
			orgSection.hidden = false;
			if (answer.items.length === 0) {
				orgSection.append(h('p', { class: 'registre__muted' }, t('orgs.empty')));
				return;
			}
			orgSection.append(h('ul', { class: 'registre__orgs' }, answer.items.map((org) =>
				h('li', { class: 'registre__org' },
					h(`h${level + 2}`, { class: 'registre__org-name' }, String(org.name ?? org.slug ?? '—')),
					facts([
						[t('org.legalForm'), legalFormLabel(org.legalForm)],
						[t('org.timezone'), org.timezone],
						[t('org.currency'), currencyLabel(org.currency)],
					])))));
		}

		async function load() {
			alerts.replaceChildren();
			retry.hidden = true;
			root.setAttribute('aria-busy', 'true');
			status.classList.remove('registre__status--done');
			status.textContent = t('loading');

			const [me, organizations] = await Promise.allSettled([
				getJson(base, 'api/v1/me'),
				getJson(base, 'api/v1/organizations'),
			]);
			const failures = [];
			for (const [result, render] of [[me, renderMe], [organizations, renderOrganizations]]) {
				try {
					if (result.status === 'rejected') {
						throw result.reason;
					}
					render(result.value);
				} catch (error) {
					failures.push(error);
				}
			}
			// Both calls usually fail for the same reason: say it once.
			const seen = new Set();
			for (const error of failures) {
				const signature = `${error.title}\n${error.detail}`;
				if (!seen.has(signature)) {
					seen.add(signature);
					showError(error);
				}
			}

			root.removeAttribute('aria-busy');
			// Announced to screen readers, hidden on screen once the content is there.
			status.textContent = failures.length === 0 ? t('loaded') : '';
			status.classList.add('registre__status--done');
			retry.hidden = failures.length === 0;
		}

		retry.addEventListener('click', () => {
			// The button hides itself while loading: keep keyboard focus somewhere sensible.
			title.focus();
			load();
		});

		load();
	}

	if (document.readyState === 'loading') {
		document.addEventListener('DOMContentLoaded', start, { once: true });
	} else {
		start();
	}
})();
