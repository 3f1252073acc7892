// Who did something, as the audit log and the retention records name them.
import { t } from '../../l10n.js'

/** `user:<uid>` → uid; `system` → Registre (automatic); `nextcloud` → Nextcloud. */
export function actorLabel(actor) {
	if (!actor) return ''
	if (actor === 'system') return t('Registre (automatic)')
	if (actor === 'nextcloud') return t('Nextcloud')
	if (actor.startsWith('user:')) return actor.slice(5)
	return actor
}
