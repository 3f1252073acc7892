// The public consent page (placeholder until the page lands).
import { createApp, h } from 'vue'
import { setupLanguage } from '../l10n.js'

setupLanguage()
const mountPoint = document.getElementById('registre-public')
if (mountPoint) createApp({ render: () => h('main', 'Registre') }).mount(mountPoint)
