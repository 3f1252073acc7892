// The app in Nextcloud's top menu (and at / in standalone mode). It mounts into #content, which
// is all Nextcloud's embedded page holds.
import { createApp } from 'vue'
import App from './App.vue'
import { setupLanguage } from './l10n.js'
import { createRegistreRouter } from './router.js'
import { loadSession } from './session.js'
import './styles/standalone.css'
import './styles/app.css'

setupLanguage()
// Nextcloud's embedded page nests the app's <div id="content"> inside its own #content (which
// also holds the page's hidden h1): mount on the innermost, leaving Nextcloud's frame intact.
const contentElements = document.querySelectorAll('#content')
const mountPoint = contentElements[contentElements.length - 1] ?? null
// NcContent teleports its keyboard-help box into Nextcloud's #skip-actions; standalone pages
// have none, and a teleport without its target breaks the next update.
if (mountPoint && !document.getElementById('skip-actions')) {
	const target = document.createElement('div')
	target.id = 'skip-actions'
	document.body.prepend(target)
}
if (mountPoint) {
	const app = createApp(App)
	app.use(createRegistreRouter())
	loadSession()
	app.mount(mountPoint)
}
