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
const mountPoint = document.getElementById('content')
if (mountPoint) {
	const app = createApp(App)
	app.use(createRegistreRouter())
	loadSession()
	app.mount(mountPoint)
}
