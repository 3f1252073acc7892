#include "domain/purpose_presets.hpp"

namespace registre::domain {

const std::vector<PurposePreset>& purpose_presets() {
  // Wording follows the CNIL's guidance for associations: say what, who receives it, for how
  // long, and that withdrawing is as easy as giving. Organisations adapt it before publishing.
  static const std::vector<PurposePreset> presets = {
      {"newsletter",
       "consent",
       {"Lettre d'information",
        "Envoi par courriel des nouvelles de l'association et des invitations à ses activités.",
        "Jusqu'au retrait du consentement, puis 3 ans après le dernier contact au plus.",
        {"identité", "adresse électronique"},
        {"le bureau de l'association", "l'outil d'envoi de courriels"}},
       {"Newsletter",
        "E-mailing the association's news and invitations to its activities.",
        "Until consent is withdrawn, then at most 3 years after the last contact.",
        {"identity", "e-mail address"},
        {"the association's board", "the e-mailing tool"}},
       "J'accepte de recevoir par courriel la lettre d'information de l'association. Je peux me "
       "désinscrire à tout moment, par le lien présent dans chaque envoi ou en le demandant à "
       "l'association.",
       "I agree to receive the association's newsletter by e-mail. I can unsubscribe at any time, "
       "through the link in every message or by asking the association."},
      {"image_rights",
       "consent",
       {"Droit à l'image",
        "Prise et diffusion de photos et vidéos où l'adhérent apparaît, sur les supports de "
        "l'association (site, réseaux sociaux, bulletin).",
        "Jusqu'au retrait du consentement ; les publications imprimées ne peuvent être rappelées.",
        {"image", "voix"},
        {"le public des supports de l'association"}},
       {"Photos and video",
        "Taking and publishing photos and videos showing the member, on the association's media "
        "(website, social networks, bulletin).",
        "Until consent is withdrawn; printed publications cannot be recalled.",
        {"image", "voice"},
        {"the audience of the association's media"}},
       "J'autorise l'association à me photographier ou me filmer lors de ses activités et à "
       "diffuser ces images sur son site, ses réseaux sociaux et son bulletin, sans contrepartie. "
       "Je peux retirer cette autorisation à tout moment pour les diffusions à venir.",
       "I allow the association to photograph or film me during its activities and to publish "
       "these images on its website, social networks and bulletin, free of charge. I can withdraw "
       "this permission at any time for future publications."},
      {"directory",
       "consent",
       {"Annuaire des adhérents",
        "Partage des coordonnées de l'adhérent avec les autres adhérents, dans l'annuaire interne.",
        "Jusqu'au retrait du consentement ou au départ de l'association.",
        {"identité", "coordonnées"},
        {"les autres adhérents"}},
       {"Members' directory",
        "Sharing the member's contact details with the other members, in the internal directory.",
        "Until consent is withdrawn or the member leaves.",
        {"identity", "contact details"},
        {"the other members"}},
       "J'accepte que mon nom, mon adresse électronique et mon téléphone figurent dans l'annuaire "
       "réservé aux adhérents. Je peux demander à en être retiré à tout moment.",
       "I agree that my name, e-mail address and phone number appear in the directory reserved "
       "for members. I can ask to be removed at any time."},
      {"federation_transfer",
       "consent",
       {"Transmission à la fédération",
        "Transmission des données d'adhésion à la fédération à laquelle l'association est "
        "affiliée (licence, assurance, statistiques).",
        "Selon la politique de la fédération ; l'association cesse toute transmission au retrait.",
        {"identité", "coordonnées", "date de naissance", "adhésion"},
        {"la fédération"}},
       {"Transfer to the federation",
        "Passing membership data to the federation the association belongs to (licence, "
        "insurance, statistics).",
        "According to the federation's policy; the association stops passing data on withdrawal.",
        {"identity", "contact details", "birth date", "membership"},
        {"the federation"}},
       "J'accepte que l'association transmette mes données d'adhésion à sa fédération, pour ma "
       "licence, mon assurance et ses statistiques. Je peux retirer ce consentement à tout moment.",
       "I agree that the association passes my membership data to its federation, for my licence, "
       "my insurance and its statistics. I can withdraw this consent at any time."},
      {"fundraising",
       "legitimate_interest",
       {"Appels aux dons",
        "Sollicitations pour soutenir l'association par des dons. L'adhérent peut s'y opposer à "
        "tout moment, sans justification.",
        "Pas au-delà de deux sollicitations restées sans réponse.",
        {"identité", "coordonnées", "historique des dons"},
        {"le bureau de l'association"}},
       {"Fundraising appeals",
        "Appeals to support the association with donations. The member can object at any time, "
        "without giving reasons.",
        "Not beyond two appeals left unanswered.",
        {"identity", "contact details", "donation history"},
        {"the association's board"}},
       "L'association peut vous solliciter pour des dons. Vous pouvez vous y opposer à tout "
       "moment, "
       "sans justification, et nous cesserons de vous solliciter.",
       "The association may ask you for donations. You can object at any time, without giving "
       "reasons, and we will stop asking you."},
  };
  return presets;
}

std::optional<PurposePreset> find_purpose_preset(std::string_view key) {
  for (const auto& p : purpose_presets()) {
    if (p.key == key) return p;
  }
  return std::nullopt;
}

Purpose purpose_from_preset(const PurposePreset& preset, std::string_view language) {
  const auto& t = preset.in(language);
  Purpose p;
  p.key = preset.key;
  p.title = t.title;
  p.description = t.description;
  p.legal_basis = preset.legal_basis;
  p.data_categories = t.data_categories;
  p.recipients = t.recipients;
  p.retention = t.retention;
  return p;
}

}  // namespace registre::domain
