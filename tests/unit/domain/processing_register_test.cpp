#include "domain/processing_register.hpp"

#include <doctest/doctest.h>

#include "domain/processing_register_render.hpp"

using namespace registre::domain;

namespace {

Purpose purpose(std::int64_t id, std::string key, std::string title) {
  Purpose p;
  p.id = id;
  p.organization_id = 1;
  p.key = std::move(key);
  p.title = std::move(title);
  p.legal_basis = "consent";
  p.created_at = "2026-01-15T09:00:00Z";
  p.updated_at = "2026-03-01T10:30:00Z";
  return p;
}

ProcessingRegisterInput sample() {
  ProcessingRegisterInput in;
  in.organization.id = 1;
  in.organization.name = "Les Amis <du> \"Quartier\" & Co";
  in.organization.legal_form = "association";
  in.generated_at = "2026-04-02T08:00:00Z";
  auto newsletter = purpose(3, "newsletter", "Lettre <b>d'information</b> & \"nouvelles\"");
  newsletter.description = "Envoi des nouvelles.";
  newsletter.data_categories = {"identité", "adresse électronique"};
  newsletter.recipients = {"le bureau", "l'outil d'envoi"};
  newsletter.retention = "Jusqu'au retrait du consentement.";
  auto vote = purpose(5, "ag-vote", "Vote à l'AG");
  vote.legal_basis = "contract";
  auto old = purpose(4, "old-directory", "Ancien annuaire");
  old.active = false;
  in.purposes = {newsletter, old, vote};
  return in;
}

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

const char* kFrenchColumns[] = {"Nom / sigle du traitement",
                                "Date de création",
                                "Dernière mise à jour",
                                "Responsable du traitement et coordonnées",
                                "Finalité principale",
                                "Catégories de personnes concernées",
                                "Catégories de données personnelles",
                                "Base légale",
                                "Destinataires (internes et externes)",
                                "Transferts hors UE",
                                "Durées de conservation",
                                "Mesures de sécurité"};
const char* kEnglishColumns[] = {
    "Name of the processing",         "Created on",        "Last updated on",
    "Controller and contact details", "Main purpose",      "Categories of data subjects",
    "Categories of personal data",    "Legal basis",       "Recipients (internal and external)",
    "Transfers outside the EU",       "Retention periods", "Security measures"};

// Both documents, each with the escaping it applies to the texts it prints.
std::vector<std::pair<std::string, std::string (*)(std::string_view)>> printed(
    const ProcessingRegister& r) {
  return {{render_processing_register_html(r), &html_escaped},
          {render_processing_register_markdown(r), &markdown_escaped}};
}

}  // namespace

TEST_CASE("the register keeps active purposes as sheets and retired ones apart") {
  const auto r = build_processing_register(sample(), "fr");
  REQUIRE(r.activities.size() == 2);
  CHECK(r.activities[0].key == "newsletter");
  CHECK(r.activities[1].key == "ag-vote");
  REQUIRE(r.retired_activities.size() == 1);
  CHECK(r.retired_activities[0].key == "old-directory");
  CHECK(r.organization_name == "Les Amis <du> \"Quartier\" & Co");  // escaped only when printed
  CHECK_FALSE(r.data_protection_contact.has_value());
}

TEST_CASE("a sheet carries its purpose's content and Registre's fixed texts") {
  const auto r = build_processing_register(sample(), "en");
  const auto& a = r.activities[0];
  CHECK(a.purpose_id == 3);
  CHECK(a.name == "Lettre <b>d'information</b> & \"nouvelles\"");
  CHECK(a.purpose == "Envoi des nouvelles.");
  CHECK(a.legal_basis == "consent");
  CHECK(a.data_categories == std::vector<std::string>{"identité", "adresse électronique"});
  CHECK(a.recipients == std::vector<std::string>{"le bureau", "l'outil d'envoi"});
  CHECK(a.retention == std::vector<std::string>{"Jusqu'au retrait du consentement."});
  CHECK(a.transfers_outside_eu.empty());
  CHECK(a.data_subjects.size() == 2);
  CHECK(a.security_measures.size() == 6);
  // Without a description, the main purpose is the title; without retention, nothing is made up.
  CHECK(r.activities[1].purpose == "Vote à l'AG");
  CHECK(r.activities[1].retention.empty());
}

TEST_CASE("retention rule descriptions join the sheets they apply to") {
  auto in = sample();
  in.retention_rules = {{std::string("newsletter"), "Effacé 3 ans après le dernier contact."},
                        {std::nullopt, "Anciens membres : effacés 1 an après leur départ."}};
  const auto r = build_processing_register(in, "fr");
  CHECK(r.activities[0].retention ==
        std::vector<std::string>{"Jusqu'au retrait du consentement.",
                                 "Effacé 3 ans après le dernier contact.",
                                 "Anciens membres : effacés 1 an après leur départ."});
  CHECK(r.activities[1].retention ==
        std::vector<std::string>{"Anciens membres : effacés 1 an après leur départ."});
}

TEST_CASE("HTML and Markdown escape what the organisation wrote") {
  CHECK(html_escaped("<a href=\"x\">Tom & Jerry's</a>") ==
        "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;");
  CHECK(markdown_escaped("a <b> & *c* _d_ [e](f) | `g` # ~h~ \\") ==
        "a \\<b\\> \\& \\*c\\* \\_d\\_ \\[e\\](f) \\| \\`g\\` \\# \\~h\\~ \\\\");
  CHECK(markdown_escaped("line one\nline two\r\n") == "line one line two ");
  CHECK(markdown_escaped("- not a list") == "\\- not a list");
  CHECK(markdown_escaped("+ not a list") == "\\+ not a list");
  CHECK(markdown_escaped("12. not a list") == "12\\. not a list");
  CHECK(markdown_escaped("3) not a list") == "3\\) not a list");
  CHECK(markdown_escaped("2026 est une année") == "2026 est une année");

  const auto r = build_processing_register(sample(), "fr");
  const auto html = render_processing_register_html(r);
  CHECK(has(html, "Lettre &lt;b&gt;d&#39;information&lt;/b&gt; &amp; &quot;nouvelles&quot;"));
  CHECK(has(html, "Les Amis &lt;du&gt; &quot;Quartier&quot; &amp; Co"));
  CHECK_FALSE(has(html, "<b>"));
  CHECK_FALSE(has(html, "\"Quartier\""));
  const auto md = render_processing_register_markdown(r);
  CHECK(has(md, "Lettre \\<b\\>d'information\\</b\\> \\& \"nouvelles\""));
  CHECK(has(md, "Les Amis \\<du\\> \"Quartier\" \\& Co"));
  CHECK_FALSE(has(md, "<b>"));
}

TEST_CASE("the French document has every column of the CNIL template, per sheet") {
  const auto r = build_processing_register(sample(), "fr");
  for (const auto& [doc, escaped] : printed(r)) {
    auto shows = [&, &d = doc, &e = escaped](const std::string& t) { return has(d, e(t)); };
    CHECK(shows("Registre des activités de traitement"));
    for (const char* column : kFrenchColumns) {
      INFO(column);
      CHECK(shows(column));
    }
    CHECK(shows("Non désigné"));
    CHECK(shows("Aucun"));
    CHECK(shows("Consentement (art. 6.1.a du RGPD)"));
    CHECK(shows("Exécution d'un contrat (art. 6.1.b du RGPD)"));
    CHECK(shows("Membres de l'organisation, actuels et anciens"));
    CHECK(shows("Candidats à l'adhésion"));
    CHECK(shows("Traitements retirés"));
    CHECK(shows("Ancien annuaire"));
    CHECK(shows("15/01/2026"));  // created
    CHECK(shows("01/03/2026"));  // updated
    CHECK(shows("02/04/2026"));  // generated
    CHECK(shows("adresse électronique"));
    CHECK(shows("Jusqu'au retrait du consentement."));
    CHECK(shows("Non renseigné"));  // the vote's categories, recipients and retention
    CHECK(shows("secure_delete"));
    CHECK_FALSE(shows("Legal basis"));
  }
  // Each of the three sheets repeats the columns, as the template's sheets do.
  const auto md = render_processing_register_markdown(r);
  std::size_t count = 0;
  for (auto at = md.find("Mesures de sécurité"); at != std::string::npos;
       at = md.find("Mesures de sécurité", at + 1))
    ++count;
  CHECK(count == 3);
}

TEST_CASE("the English document has every column of the CNIL template") {
  const auto r = build_processing_register(sample(), "en");
  for (const auto& [doc, escaped] : printed(r)) {
    auto shows = [&, &d = doc, &e = escaped](const std::string& t) { return has(d, e(t)); };
    CHECK(shows("Register of processing activities"));
    for (const char* column : kEnglishColumns) {
      INFO(column);
      CHECK(shows(column));
    }
    CHECK(shows("Not designated"));
    CHECK(shows("None"));
    CHECK(shows("Consent (GDPR Art. 6(1)(a))"));
    CHECK(shows("Members of the organisation, current and former"));
    CHECK(shows("2026-01-15"));
    CHECK(shows("Retired processing activities"));
    CHECK_FALSE(shows("Base légale"));
  }
}

TEST_CASE("the HTML page stands alone and prints") {
  const auto html = render_processing_register_html(build_processing_register(sample(), "en"));
  CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
  CHECK(has(html, "<html lang=\"en\">"));
  CHECK(has(html, "<meta charset=\"utf-8\">"));
  CHECK(has(html, "@media print"));
  CHECK(has(html, "@page"));
  CHECK_FALSE(has(html, "<script"));
  CHECK_FALSE(has(html, "<link"));
  CHECK_FALSE(has(html, "http://"));
  CHECK_FALSE(has(html, "https://"));
}

TEST_CASE("an organisation without purposes gets a register that says so") {
  ProcessingRegisterInput in;
  in.organization.name = "Vide";
  in.organization.legal_form = "scic";
  in.data_protection_contact = "Jeanne Martin, dpo@example.org";
  const auto r = build_processing_register(in, "fr");
  const auto md = render_processing_register_markdown(r);
  CHECK(has(md, "Aucune activité de traitement n'est encore enregistrée."));
  CHECK(has(md, "SCIC (société coopérative d'intérêt collectif)"));
  CHECK(has(md, "Jeanne Martin, dpo@example.org"));
  CHECK_FALSE(has(md, "Non désigné"));
  CHECK_FALSE(has(md, "Traitements retirés"));  // no empty section
  CHECK(has(render_processing_register_html(r), "Aucune activité de traitement"));
}

TEST_CASE("legal bases and forms are named in both languages") {
  for (const char* basis : {"consent", "contract", "legal_obligation", "legitimate_interest",
                            "vital_interest", "public_task"}) {
    INFO(basis);
    CHECK(has(legal_basis_label(basis, "fr"), "du RGPD)"));
    CHECK(has(legal_basis_label(basis, "en"), "(GDPR Art. 6(1)("));
  }
  CHECK(legal_basis_label("whim", "fr") == "whim");
  CHECK(legal_form_label("other", "fr") == "Autre");
  CHECK(legal_form_label("other", "en") == "Other");
}
