#include "core/i18n.hpp"

#include <algorithm>
#include <cctype>
#include <unordered_map>

namespace registre::i18n {
namespace {

struct Text {
  const char* en;
  const char* fr;
};

const std::unordered_map<std::string_view, Text>& catalogue() {
  static const std::unordered_map<std::string_view, Text> texts = {
      // Problem titles (one per error kind, plus specific ones).
      {"invalid", {"The request is not valid.", "La requête n'est pas valide."}},
      {"invalid-json", {"The request body is not valid JSON.", "Le corps de la requête n'est pas du JSON valide."}},
      {"invalid-configuration", {"The configuration is not valid.", "La configuration n'est pas valide."}},
      {"unauthenticated", {"Authentication failed.", "L'authentification a échoué."}},
      {"forbidden", {"You are not allowed to do this.", "Vous n'avez pas le droit de faire cela."}},
      {"not-found", {"Nothing was found at this address.", "Rien n'a été trouvé à cette adresse."}},
      {"method-not-allowed", {"This method is not allowed here.", "Cette méthode n'est pas autorisée ici."}},
      {"conflict", {"This conflicts with the current state.", "Cela entre en conflit avec l'état actuel."}},
      {"precondition-failed", {"The record was changed by someone else.", "La fiche a été modifiée par quelqu'un d'autre."}},
      {"precondition-required", {"An If-Match header is required.", "Un en-tête If-Match est requis."}},
      {"payload-too-large", {"The request body is too large.", "Le corps de la requête est trop volumineux."}},
      {"unavailable", {"The service is not ready.", "Le service n'est pas prêt."}},
      {"upstream", {"Nextcloud could not be reached or refused the call.", "Nextcloud est injoignable ou a refusé l'appel."}},
      {"internal", {"An internal error occurred.", "Une erreur interne s'est produite."}},
      {"rate-limited", {"Too many attempts: try again later.", "Trop de tentatives : réessayez plus tard."}},
      // Field messages.
      {"required", {"This field is required.", "Ce champ est obligatoire."}},
      {"must-be-0-or-1", {"Must be 0 or 1.", "Doit valoir 0 ou 1."}},
      {"1-to-200-characters", {"From 1 to 200 characters.", "De 1 à 200 caractères."}},
      {"at-most-500-characters", {"At most 500 characters.", "500 caractères au plus."}},
      {"at-most-1000-characters", {"At most 1000 characters.", "1000 caractères au plus."}},
      {"at-most-4000-characters", {"At most 4000 characters.", "4000 caractères au plus."}},
      {"at-most-30-items", {"At most 30 items.", "30 éléments au plus."}},
      {"items-1-to-200-characters", {"Each item has 1 to 200 characters.", "Chaque élément a de 1 à 200 caractères."}},
      {"must-be-list-of-strings", {"Must be a list of texts.", "Doit être une liste de textes."}},
      {"fr-or-en", {"Must be fr or en.", "Doit valoir fr ou en."}},
      // Purposes and consents.
      {"purpose-key-format",
       {"Lower-case letters, digits, _ and -, starting with a letter (at most 40).",
        "Lettres minuscules, chiffres, _ et -, commençant par une lettre (40 au plus)."}},
      {"purpose-key-taken", {"This organisation already has a purpose with this key.", "Cette organisation a déjà une finalité avec cette clé."}},
      {"legal-basis-values",
       {"One of consent, contract, legal_obligation, legitimate_interest, vital_interest, public_task.",
        "L'une de consent, contract, legal_obligation, legitimate_interest, vital_interest, public_task."}},
      {"text-1-to-20000-bytes", {"A text of 1 to 20000 bytes.", "Un texte de 1 à 20000 octets."}},
      {"both-texts-or-none", {"Give the text in both French and English, or neither.", "Donnez le texte en français et en anglais, ou aucun des deux."}},
      {"unknown-preset", {"No such preset (see /api/v1/purpose-presets).", "Modèle inconnu (voir /api/v1/purpose-presets)."}},
      {"not-with-preset", {"Not allowed when adopting a preset.", "Non autorisé quand on adopte un modèle."}},
      {"only-with-preset", {"Only allowed when adopting a preset.", "Autorisé seulement quand on adopte un modèle."}},
      {"not-a-member-here", {"Not a member of this organisation.", "Ce n'est pas un membre de cette organisation."}},
      {"unknown-purpose", {"Not a purpose of this organisation.", "Ce n'est pas une finalité de cette organisation."}},
      {"unknown-version", {"Not a version of this purpose.", "Ce n'est pas une version de cette finalité."}},
      {"purpose-retired", {"This purpose is retired: it takes no new decisions or texts.", "Cette finalité est retirée : elle ne reçoit plus de décisions ni de textes."}},
      {"no-published-text", {"This purpose has no published text to agree to yet.", "Cette finalité n'a pas encore de texte publié auquel consentir."}},
      {"decision-values", {"One of given, withdrawn, refused, objected.", "L'une de given, withdrawn, refused, objected."}},
      {"own-decision-values", {"One of given, withdrawn, objected.", "L'une de given, withdrawn, objected."}},
      {"object-by-withdrawing", {"This purpose rests on consent: withdraw it instead of objecting.", "Cette finalité repose sur le consentement : retirez-le plutôt que de vous y opposer."}},
      {"withdraw-by-objecting", {"This purpose rests on a legitimate interest or a public task: object to it instead of withdrawing.", "Cette finalité repose sur un intérêt légitime ou une mission d'intérêt public : opposez-vous-y plutôt que de retirer un consentement."}},
      {"no-objection-on-this-basis", {"An objection applies only to a purpose based on a legitimate interest or a public task.", "L'opposition ne s'applique qu'à une finalité fondée sur un intérêt légitime ou une mission d'intérêt public."}},
      {"unknown-request", {"Not a data-subject request of this organisation.", "Ce n'est pas une demande de personne concernée de cette organisation."}},
      {"not-an-erasure-request", {"This request does not ask for erasure.", "Cette demande ne porte pas sur un effacement."}},
      {"request-of-another-member", {"This request is about another member.", "Cette demande concerne un autre membre."}},
      {"json-or-csv", {"json or csv.", "json ou csv."}},
      {"retention-rules-contradict", {"This rule contradicts another rule of the organisation.", "Cette règle contredit une autre règle de l'organisation."}},
      {"retention-contradicts-rule", {"Contradicts rule {}: rules on one subject must do more, later (review, then anonymise, then erase), and a member is either anonymised or erased.", "Contredit la règle {} : les règles d'un même sujet doivent aller plus loin, plus tard (revue, puis anonymisation, puis effacement), et un membre est soit anonymisé soit effacé."}},
      {"retention-trigger-not-for-subject", {"This date does not exist for these records.", "Cette date n'existe pas pour ces données."}},
      {"retention-action-not-for-subject", {"This action does not apply to these records.", "Cette action ne s'applique pas à ces données."}},
      {"retention-delay-out-of-range", {"At least 1, and at most 100 years (36525 days, 1200 months).", "Au moins 1, et au plus 100 ans (36525 jours, 1200 mois)."}},
      {"retention-description-length", {"1 to 1000 characters: members read it in the register of processing.", "De 1 à 1000 caractères : les membres la lisent dans le registre des traitements."}},
      {"retention-unknown-subject", {"One of former_members, applicants, lapsed_members, consent_evidence, audit_entries, dues_records, expired_public_links, closed_requests.", "L'un de former_members, applicants, lapsed_members, consent_evidence, audit_entries, dues_records, expired_public_links, closed_requests."}},
      {"retention-unknown-trigger", {"One of date_left, end_of_last_membership, application_date, withdrawal_date, creation_date, closing_date.", "L'une de date_left, end_of_last_membership, application_date, withdrawal_date, creation_date, closing_date."}},
      {"retention-unknown-unit", {"days, months or years.", "days, months ou years (jours, mois, années)."}},
      {"retention-unknown-action", {"erase, anonymise or review.", "erase, anonymise ou review (effacer, anonymiser, revoir)."}},
      {"retention-time-of-day", {"A time of day, HH:MM.", "Une heure de la journée, HH:MM."}},
      {"retention-notice-days", {"0 to 90 days.", "De 0 à 90 jours."}},
      {"retention-batch-size", {"1 to 1000 records.", "De 1 à 1000 enregistrements."}},
      {"retention-hold-reason", {"1 to 500 characters.", "De 1 à 500 caractères."}},
      {"retention-hold-in-the-past", {"This date is already past.", "Cette date est déjà passée."}},
      {"retention-preview-hash", {"The previewHash of the preview you approve.", "Le previewHash de l'aperçu que vous approuvez."}},
      {"retention-preview-stale", {"What is due changed since this preview: preview again and approve what you see.", "Ce qui est à traiter a changé depuis cet aperçu : refaites l'aperçu et approuvez ce que vous voyez."}},
      {"retention-preset-adopted", {"This default is already adopted as a rule.", "Cette règle par défaut est déjà adoptée."}},
      {"retention-member-held", {"A legal hold keeps this member: release it first.", "Une conservation pour motif légal protège ce membre : levez-la d'abord."}},
      {"retention-review-decision", {"keep or erase.", "keep ou erase (garder ou effacer)."}},
      {"sealed-field-not-filterable", {"This field is classified sensitive: its values are sealed and cannot be filtered on.", "Ce champ est classé sensible : ses valeurs sont scellées et ne peuvent pas servir de filtre."}},
      {"not-consent-based", {"This purpose does not rest on consent: there is nothing to give or withdraw.", "Cette finalité ne repose pas sur le consentement : il n'y a rien à donner ni à retirer."}},
      {"1-to-365-days", {"From 1 to 365 days.", "De 1 à 365 jours."}},
      {"request-kind-values", {"One of access, rectification, erasure, restriction, portability, objection.", "L'une de access, rectification, erasure, restriction, portability, objection."}},
      {"iso-date", {"A date such as 2026-03-01 or 01/03/2026.", "Une date telle que 2026-03-01 ou 01/03/2026."}},
      {"not-in-the-future", {"Cannot be later than today.", "Ne peut pas être postérieure à aujourd'hui."}},
      {"1-to-64-characters", {"From 1 to 64 characters.", "De 1 à 64 caractères."}},
      {"1-to-2000-characters", {"From 1 to 2000 characters.", "De 1 à 2000 caractères."}},
      {"1-to-4000-characters", {"From 1 to 4000 characters.", "De 1 à 4000 caractères."}},
      {"request-not-extendable", {"Only an open request can be extended, and only once.", "Seule une demande ouverte peut être prolongée, et une seule fois."}},
      {"extension-1-or-2-months", {"1 or 2 months (three months in all at most).", "1 ou 2 mois (trois mois en tout au plus)."}},
      {"request-already-closed", {"This request is already closed.", "Cette demande est déjà close."}},
      {"closing-values", {"One of closed, refused.", "L'une de closed, refused."}},
      {"open-or-all", {"One of open, all.", "L'une de open, all."}},
      {"channel-values", {"One of web, paper, import, form, public_link, api.", "L'un de web, paper, import, form, public_link, api."}},
      // CSV import: the `columns` parameter, and custom field values read from text.
      {"import-columns-syntax",
       {"header:field pairs separated by commas, such as Nom:last_name,#3:email",
        "des paires en-tête:champ séparées par des virgules, par exemple Nom:last_name,#3:email"}},
      {"import-unknown-field",
       {"unknown field \"{}\": a member field (last_name, email ...), custom.<key> or ignore",
        "champ inconnu « {} » : un champ de la fiche (last_name, email…), custom.<clé> ou ignore"}},
      {"import-no-such-column", {"the file has no column \"{}\"", "le fichier n'a pas de colonne « {} »"}},
      {"import-column-twice", {"the column \"{}\" is named twice", "la colonne « {} » est citée deux fois"}},
      {"import-field-twice",
       {"the field \"{}\" is given to two columns", "le champ « {} » est attribué à deux colonnes"}},
      {"import-custom-number", {"a number such as 12 or 1,5", "un nombre comme 12 ou 1,5"}},
      {"import-custom-boolean",
       {"oui or non (also yes/no, true/false, 1/0, x or empty)",
        "oui ou non (ou yes/no, true/false, 1/0, x ou vide)"}},
      {"import-custom-choice", {"one of the field's choices: {}", "un des choix du champ : {}"}},
      {"import-in-progress",
       {"too many imports are running in the background; wait for one to finish",
        "trop d'imports sont en cours en arrière-plan ; attendez qu'un se termine"}},
      // The register of processing activities (GDPR Art. 30), as the CNIL's template register.
      {"register-format-values", {"One of json, html, markdown.", "L'un de json, html, markdown."}},
      {"register-title", {"Register of processing activities", "Registre des activités de traitement"}},
      {"register-subtitle",
       {"GDPR Article 30(1), following the CNIL's template register.",
        "Article 30.1 du RGPD, selon le modèle de registre de la CNIL."}},
      {"register-controller", {"Controller", "Responsable du traitement"}},
      {"register-legal-form", {"Legal form", "Forme juridique"}},
      {"register-dpo", {"Data protection officer or representative", "Délégué à la protection des données ou représentant"}},
      {"register-not-designated", {"Not designated", "Non désigné"}},
      {"register-generated-on", {"Generated on", "Généré le"}},
      {"register-activities", {"Processing activities", "Activités de traitement"}},
      {"register-retired-activities",
       {"Retired processing activities (data they collected may still be kept)",
        "Traitements retirés (les données collectées peuvent encore être conservées)"}},
      {"register-no-activities", {"No processing activity is recorded yet.", "Aucune activité de traitement n'est encore enregistrée."}},
      {"register-name", {"Name of the processing", "Nom / sigle du traitement"}},
      {"register-reference", {"Reference", "Référence"}},
      {"register-created", {"Created on", "Date de création"}},
      {"register-updated", {"Last updated on", "Dernière mise à jour"}},
      {"register-controller-contact", {"Controller and contact details", "Responsable du traitement et coordonnées"}},
      {"register-purpose", {"Main purpose", "Finalité principale"}},
      {"register-data-subjects", {"Categories of data subjects", "Catégories de personnes concernées"}},
      {"register-data-categories", {"Categories of personal data", "Catégories de données personnelles"}},
      {"register-legal-basis", {"Legal basis", "Base légale"}},
      {"register-recipients", {"Recipients (internal and external)", "Destinataires (internes et externes)"}},
      {"register-transfers", {"Transfers outside the EU", "Transferts hors UE"}},
      {"register-retention", {"Retention periods", "Durées de conservation"}},
      {"register-security", {"Security measures", "Mesures de sécurité"}},
      {"register-none", {"None", "Aucun"}},
      {"register-not-stated", {"Not stated", "Non renseigné"}},
      {"register-subjects-members", {"Members of the organisation, current and former", "Membres de l'organisation, actuels et anciens"}},
      {"register-subjects-applicants", {"Applicants for membership", "Candidats à l'adhésion"}},
      {"register-basis-consent", {"Consent (GDPR Art. 6(1)(a))", "Consentement (art. 6.1.a du RGPD)"}},
      {"register-basis-contract", {"Performance of a contract (GDPR Art. 6(1)(b))", "Exécution d'un contrat (art. 6.1.b du RGPD)"}},
      {"register-basis-legal_obligation", {"Legal obligation (GDPR Art. 6(1)(c))", "Obligation légale (art. 6.1.c du RGPD)"}},
      {"register-basis-vital_interest", {"Vital interests (GDPR Art. 6(1)(d))", "Sauvegarde des intérêts vitaux (art. 6.1.d du RGPD)"}},
      {"register-basis-public_task", {"Task in the public interest (GDPR Art. 6(1)(e))", "Mission d'intérêt public (art. 6.1.e du RGPD)"}},
      {"register-basis-legitimate_interest", {"Legitimate interests (GDPR Art. 6(1)(f))", "Intérêt légitime (art. 6.1.f du RGPD)"}},
      {"register-form-association", {"Association", "Association"}},
      {"register-form-scic", {"SCIC (cooperative society of collective interest)", "SCIC (société coopérative d'intérêt collectif)"}},
      {"register-form-other", {"Other", "Autre"}},
      {"register-security-access",
       {"Access limited to administrators and to the Nextcloud accounts that hold a role in the organisation (manager, treasurer, viewer), checked on every request by one authorisation policy; a member sees only their own consents.",
        "Accès réservé aux administrateurs et aux comptes Nextcloud qui ont un rôle dans l'organisation (gestionnaire, trésorier, lecteur), vérifié à chaque requête par une politique d'autorisation unique ; un membre ne voit que ses propres consentements."}},
      {"register-security-audit",
       {"Every read, export and change of member records is written to an append-only, hash-chained audit log that holds no personal data in clear.",
        "Chaque consultation, export et modification des fiches est inscrit dans un journal d'audit en ajout seul, chaîné par empreintes, sans donnée personnelle en clair."}},
      {"register-security-ledger",
       {"Consents are recorded in an append-only, hash-chained ledger with signed checkpoints (Ed25519), so that a later alteration is detected.",
        "Les consentements sont inscrits dans un registre en ajout seul, chaîné par empreintes, avec des points de contrôle signés (Ed25519) : une altération ultérieure est détectée."}},
      {"register-security-exports",
       {"Notes and fields classified sensitive are left out of exports unless a manager asks for them; so are records whose processing is restricted (GDPR Art. 18).",
        "Les notes et les champs classés sensibles sont exclus des exports sauf demande explicite d'un gestionnaire, de même que les fiches dont le traitement est limité (art. 18 du RGPD)."}},
      {"register-security-deletion",
       {"Deleted records are overwritten in the database file (SQLite secure_delete); public consent links are kept only as hashes, and expire.",
        "Les fiches supprimées sont écrasées dans le fichier de la base (secure_delete de SQLite) ; les liens publics de consentement ne sont conservés que sous forme d'empreinte, et expirent."}},
      {"register-security-sealing",
       {"Values of fields classified sensitive are encrypted (XChaCha20-Poly1305) with a key of each member's own, kept apart from the database; erasing a member destroys their key, which makes those values unreadable in every copy, backups included.",
        "Les valeurs des champs classés sensibles sont chiffrées (XChaCha20-Poly1305) avec une clé propre à chaque membre, conservée à part de la base ; l'effacement d'un membre détruit sa clé, ce qui rend ces valeurs illisibles dans toutes les copies, sauvegardes comprises."}},
      {"register-review-note",
       {"Generated by Registre from the organisation's purposes. Review and complete it (contact details, processors, transfers outside the EU) before keeping it as your register.",
        "Généré par Registre à partir des finalités de l'organisation. Relisez-le et complétez-le (coordonnées, sous-traitants, transferts hors UE) avant de le conserver comme registre."}},
      // The access package's CSV headers (http/access_package_files.cpp).
      {"package.action", {"Action", "Action"}},
      {"package.actor", {"Who", "Qui"}},
      {"package.address", {"Address", "Adresse"}},
      {"package.admitted-on", {"Joined on", "Date d'adhésion"}},
      {"package.amount-cents", {"Amount (cents)", "Montant (centimes)"}},
      {"package.at", {"When", "Quand"}},
      {"package.birth-date", {"Birth date", "Date de naissance"}},
      {"package.channel", {"Channel", "Canal"}},
      {"package.city", {"City", "Ville"}},
      {"package.classification", {"Classification", "Classification"}},
      {"package.closed-on", {"Closed on", "Clos le"}},
      {"package.closure-proof", {"What was done", "Ce qui a été fait"}},
      {"package.country", {"Country", "Pays"}},
      {"package.created-at", {"Created at", "Créé le"}},
      {"package.created-by", {"Created by", "Créé par"}},
      {"package.currency", {"Currency", "Devise"}},
      {"package.decision", {"Decision", "Décision"}},
      {"package.due-on", {"Due on", "Échéance"}},
      {"package.email", {"Email", "Courriel"}},
      {"package.ends-on", {"Ends on", "Fin"}},
      {"package.event-hash", {"Ledger hash", "Empreinte dans le registre"}},
      {"package.evidence", {"Evidence", "Preuve"}},
      {"package.expires-at", {"Expires at", "Expire le"}},
      {"package.extension-months", {"Extension (months)", "Prolongation (mois)"}},
      {"package.extension-reason", {"Reason for the extension", "Motif de la prolongation"}},
      {"package.fields", {"Fields", "Champs"}},
      {"package.file-hash", {"File hash", "Empreinte du fichier"}},
      {"package.file-name", {"File", "Fichier"}},
      {"package.first-name", {"First name", "Prénom"}},
      {"package.handler", {"Handled by", "Traité par"}},
      {"package.household", {"Household (member number)", "Foyer (numéro de membre)"}},
      {"package.imported-at", {"Imported at", "Importé le"}},
      {"package.imported-by", {"Imported by", "Importé par"}},
      {"package.key", {"Key", "Clé"}},
      {"package.kind", {"Kind", "Type"}},
      {"package.label", {"Field", "Champ"}},
      {"package.last-name", {"Last name", "Nom"}},
      {"package.left-on", {"Left on", "Date de départ"}},
      {"package.legal-basis", {"Legal basis", "Base légale"}},
      {"package.line", {"Line", "Ligne"}},
      {"package.membership-type", {"Membership type", "Type d'adhésion"}},
      {"package.nextcloud-user", {"Nextcloud account", "Compte Nextcloud"}},
      {"package.notes", {"Notes", "Notes"}},
      {"package.number", {"Number", "Numéro"}},
      {"package.outcome", {"Outcome", "Résultat"}},
      {"package.paid-on", {"Paid on", "Payé le"}},
      {"package.payment-method", {"Payment method", "Moyen de paiement"}},
      {"package.phone", {"Phone", "Téléphone"}},
      {"package.postcode", {"Postcode", "Code postal"}},
      {"package.purpose", {"Purpose", "Finalité"}},
      {"package.purpose-key", {"Purpose key", "Clé de la finalité"}},
      {"package.received-on", {"Received on", "Reçue le"}},
      {"package.recorded-at", {"Recorded at", "Enregistré le"}},
      {"package.recorded-by", {"Recorded by", "Enregistré par"}},
      {"package.reference", {"Reference", "Référence"}},
      {"package.restricted", {"Restricted (Art. 18)", "Limité (art. 18)"}},
      {"package.revoked-at", {"Revoked at", "Révoqué le"}},
      {"package.revoked-by", {"Revoked by", "Révoqué par"}},
      {"package.starts-on", {"Starts on", "Début"}},
      {"package.status", {"Status", "Statut"}},
      {"package.text-en", {"Text (English)", "Texte (anglais)"}},
      {"package.text-fr", {"Text (French)", "Texte (français)"}},
      {"package.text-hash", {"Text hash", "Empreinte du texte"}},
      {"package.type", {"Type", "Type"}},
      {"package.updated-at", {"Updated at", "Modifié le"}},
      {"package.value", {"Value", "Valeur"}},
      {"package.version", {"Text version", "Version du texte"}},
      // Texts registered in Nextcloud.
      {"app-name", {"Registre", "Registre"}},
      {"settings-title", {"Registre", "Registre"}},
      {"settings-description",
       {"Member register, consents and GDPR retention for associations.",
        "Registre des membres, consentements et durées de conservation RGPD pour les associations."}},
      {"settings-language-title", {"Default language", "Langue par défaut"}},
      {"settings-language-description",
       {"Language of e-mails and public pages when the member's language is unknown.",
        "Langue des courriels et des pages publiques quand celle du membre est inconnue."}},
      {"settings-jobs-time-title", {"Time of the daily jobs", "Heure des traitements quotidiens"}},
      {"settings-jobs-time-description",
       {"When retention sweeps and reminders run each day (HH:MM, organisation's time zone).",
        "Heure à laquelle les purges et rappels s'exécutent chaque jour (HH:MM, fuseau de l'organisation)."}},
      // Notifications to managers (domain/notification.cpp): {placeholders} are filled by Nextcloud.
      {"notification-request_due",
       {"Data-subject request {request} is due on {date}",
        "La demande de droits {request} doit recevoir une réponse au plus tard le {date}"}},
      {"notification-renewals_due",
       {"{count} memberships are due for renewal within {days} days",
        "{count} adhésions sont à renouveler dans les {days} jours"}},
      {"notification-retention_upcoming",
       {"Retention: {count} records fall due on or before {date}",
        "Conservation : {count} fiches arrivent à échéance d'ici le {date}"}},
      {"notification-retention_completed",
       {"Retention run {run} finished: {count} records processed",
        "Traitement de conservation {run} terminé : {count} fiches traitées"}},
      {"notification-import_finished",
       {"Import {import} finished: {created} created, {updated} updated, {skipped} skipped",
        "Import {import} terminé : {created} créées, {updated} mises à jour, {skipped} ignorées"}},
      {"notification-generic", {"Something needs your attention", "Un point demande votre attention"}},
      {"notification-message", {"Organisation: {organization}", "Organisation : {organization}"}},
  };
  return texts;
}

}  // namespace

std::string pick_language(std::string_view accept_language, std::string_view fallback) {
  // Accept-Language is a list like "fr-FR,fr;q=0.9,en;q=0.8": take the first entry we support.
  // Quality values are in practice already in descending order, as browsers send them.
  std::size_t pos = 0;
  while (pos < accept_language.size()) {
    std::size_t end = accept_language.find(',', pos);
    if (end == std::string_view::npos) end = accept_language.size();
    std::string_view entry = accept_language.substr(pos, end - pos);
    while (!entry.empty() && entry.front() == ' ') entry.remove_prefix(1);
    std::string tag;
    for (char ch : entry.substr(0, 2)) tag.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(ch))));
    const bool whole_tag = entry.size() == 2 || (entry.size() > 2 && (entry[2] == '-' || entry[2] == '_' || entry[2] == ';'));
    if (whole_tag && (tag == "fr" || tag == "en")) return tag;
    pos = end + 1;
  }
  return std::string(fallback);
}

std::string translate(std::string_view language, std::string_view message_id) {
  const auto& texts = catalogue();
  auto it = texts.find(message_id);
  if (it != texts.end()) return language == "fr" ? it->second.fr : it->second.en;
  const auto bar = message_id.find('|');
  if (bar == std::string_view::npos) return std::string(message_id);
  it = texts.find(message_id.substr(0, bar));
  if (it == texts.end()) return std::string(message_id);  // plain text that holds a '|'
  std::string text = language == "fr" ? it->second.fr : it->second.en;
  if (const auto slot = text.find("{}"); slot != std::string::npos) {
    text.replace(slot, 2, message_id.substr(bar + 1));
  }
  return text;
}

std::string with_argument(std::string_view message_id, std::string_view argument) {
  return std::string(message_id) + "|" + std::string(argument);
}

}  // namespace registre::i18n
