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
      {"decision-values", {"One of given, withdrawn, refused.", "L'une de given, withdrawn, refused."}},
      {"own-decision-values", {"One of given, withdrawn.", "L'une de given, withdrawn."}},
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
