#include "domain/retention_presets.hpp"

namespace registre::domain {

const std::vector<RetentionPreset>& retention_presets() {
  using S = RetentionSubject;
  using T = RetentionTrigger;
  using A = RetentionAction;
  using U = DelayUnit;
  static const std::vector<RetentionPreset> presets = {
      {"former-members",
       S::former_members,
       T::date_left,
       {1, U::years},
       A::anonymise,
       "Les données des anciens membres sont anonymisées un an après leur départ (seules restent "
       "des statistiques : année de naissance, département, années d'adhésion).",
       "Former members' data is anonymised one year after they leave (only statistics remain: "
       "birth year, département, years of membership).",
       "CNIL délibération n° 2010-229 (dispense n° 8)"},
      {"applicants",
       S::applicants,
       T::application_date,
       {6, U::months},
       A::erase,
       "Les demandes d'adhésion qui n'ont pas abouti sont effacées six mois après leur dépôt.",
       "Applications that never led to membership are erased six months after they were made.",
       "RGPD art. 5(1)(e); CNIL délibération n° 2010-229"},
      {"lapsed-members",
       S::lapsed_members,
       T::end_of_last_membership,
       {2, U::years},
       A::review,
       "Les membres qui n'ont pas renouvelé leur cotisation depuis deux ans sont revus par le "
       "bureau, qui décide de les garder ou d'effacer leurs données.",
       "Members who have not renewed their dues for two years are reviewed by the board, which "
       "decides to keep them or to erase their data.",
       "RGPD art. 5(1)(e)"},
      {"dues-records",
       S::dues_records,
       T::end_of_last_membership,
       {10, U::years},
       A::erase,
       "Les cotisations (pièces comptables) sont conservées dix ans après la fin de la période "
       "qu'elles couvrent, puis effacées.",
       "Dues records (accounting vouchers) are kept ten years after the end of the period they "
       "cover, then erased.",
       "Code de commerce art. L123-22"},
      {"consent-evidence",
       S::consent_evidence,
       T::withdrawal_date,
       {5, U::years},
       A::erase,
       "Les preuves d'un consentement retiré sont effacées cinq ans après le retrait (le registre "
       "des consentements n'en garde que l'empreinte).",
       "Evidence of a withdrawn consent is erased five years after the withdrawal (the consent "
       "ledger keeps only its hash).",
       "Code civil art. 2224"},
      {"closed-requests",
       S::closed_requests,
       T::closing_date,
       {5, U::years},
       A::erase,
       "Les demandes d'exercice des droits sont effacées cinq ans après leur clôture.",
       "Data-subject requests are erased five years after they were closed.",
       "Code civil art. 2224"},
      {"expired-public-links",
       S::expired_public_links,
       T::closing_date,
       {3, U::months},
       A::erase,
       "Les liens personnels expirés ou révoqués sont effacés trois mois plus tard.",
       "Expired or revoked personal links are erased three months later.",
       "RGPD art. 5(1)(c) et (e)"},
      {"audit-entries",
       S::audit_entries,
       T::creation_date,
       {5, U::years},
       A::erase,
       "Le journal d'audit est expurgé (qui, sur qui) au bout de cinq ans ; son chaînage reste "
       "vérifiable.",
       "The audit log is redacted (who, about whom) after five years; its chain stays verifiable.",
       "Code civil art. 2224; RGPD art. 5(2)"},
  };
  return presets;
}

std::optional<RetentionPreset> find_retention_preset(std::string_view key) {
  for (const auto& p : retention_presets())
    if (p.key == key) return p;
  return std::nullopt;
}

RetentionRule rule_from_preset(const RetentionPreset& preset, std::string_view language) {
  RetentionRule r;
  r.subject = preset.subject;
  r.trigger = preset.trigger;
  r.delay = preset.delay;
  r.action = preset.action;
  r.enabled = true;
  r.description = preset.description(language);
  r.preset = preset.key;
  return r;
}

}  // namespace registre::domain
