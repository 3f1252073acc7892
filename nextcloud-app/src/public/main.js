// The public consent page (/public/consent#<token>): a member without an account opens the link
// their association sent, sees the texts and gives or withdraws each consent. No Nextcloud
// chrome; its own small style sheet with the same colour variables, light and dark.
import { createApp } from 'vue'
import { setupLanguage } from '../l10n.js'
import PublicConsentApp from './PublicConsentApp.vue'
import './public.css'

setupLanguage()
const mountPoint = document.getElementById('registre-public')
if (mountPoint) createApp(PublicConsentApp).mount(mountPoint)
