#include "services/purpose_service.hpp"

#include "crypto/sodium.hpp"
#include "services/audit.hpp"
#include "store/audit_store.hpp"
#include "store/organization_store.hpp"
#include "store/purpose_store.hpp"
#include "store/unit_of_work.hpp"

namespace registre::services {
namespace {

std::string purpose_subject(std::int64_t purpose_id) {
  return "purpose:" + std::to_string(purpose_id);
}

domain::PurposeVersion version_of(std::int64_t purpose_id, const PurposeService::Texts& texts,
                                  const std::string& at, const RequestInfo& request) {
  domain::PurposeVersion v;
  v.purpose_id = purpose_id;
  v.text_fr = texts.fr;
  v.text_en = texts.en;
  v.text_hash = crypto::blake2b_256_hex(domain::purpose_text_hash_input(texts.fr, texts.en));
  v.published_at = at;
  v.published_by = request.actor.audit_name();
  return v;
}

Result<std::optional<domain::PurposeVersion>> latest_version(SQLite::Database& db,
                                                             std::int64_t purpose_id) {
  auto versions = store::list_purpose_versions(db, purpose_id);
  if (!versions) return std::move(versions).error();
  if (versions->empty()) return std::optional<domain::PurposeVersion>();
  return std::optional<domain::PurposeVersion>(versions->back());
}

}  // namespace

Result<std::vector<PurposeView>> PurposeService::list(std::int64_t organization_id) {
  auto lease = db_.acquire();
  if (!lease) return std::move(lease).error();
  auto& db = lease->db();
  auto org = store::get_organization(db, organization_id);
  if (!org) return std::move(org).error();
  auto purposes = store::list_purposes(db, organization_id);
  if (!purposes) return std::move(purposes).error();
  auto latest = store::latest_purpose_versions(db, organization_id);
  if (!latest) return std::move(latest).error();
  std::vector<PurposeView> out;
  for (auto& p : purposes.value()) {
    PurposeView view{std::move(p), std::nullopt};
    for (const auto& v : latest.value()) {
      if (v.purpose_id == view.purpose.id) view.latest = v;
    }
    out.push_back(std::move(view));
  }
  return out;
}

Result<PurposeView> PurposeService::create(const RequestInfo& request, domain::Purpose draft,
                                           std::optional<Texts> texts) {
  auto errors = domain::validate_purpose(draft);
  if (texts) {
    for (auto& e : domain::validate_texts(texts->fr, texts->en))
      errors.push_back(std::move(e));
  }
  if (!errors.empty()) return invalid_fields(std::move(errors));
  auto lease = db_.acquire();
  if (!lease) return std::move(lease).error();
  return store::in_write_transaction(
      lease->db(), "creating a purpose", [&](SQLite::Database& db) -> Result<PurposeView> {
        auto org = store::get_organization(db, draft.organization_id);
        if (!org) return std::move(org).error();
        draft.created_at = draft.updated_at = format_utc(clock_.now());
        auto id = store::insert_purpose(db, draft);
        if (!id) {
          if (id.error().kind == ErrorKind::conflict) {
            return make_error(ErrorKind::conflict, "purpose-key-taken",
                              "a purpose with this key exists");
          }
          return std::move(id).error();
        }
        draft.id = id.value();
        PurposeView view{draft, std::nullopt};
        std::vector<std::string> fields = {"key",        "title",          "description",
                                           "legalBasis", "dataCategories", "recipients",
                                           "retention"};
        if (texts) {
          auto version = store::insert_purpose_version(
              db, version_of(draft.id, *texts, draft.created_at, request));
          if (!version) return std::move(version).error();
          view.latest = version.value();
          fields.push_back("textFr");
          fields.push_back("textEn");
        }
        auto audit = store::append_audit_entry(
            db, audit_entry(request, draft.created_at, "purpose.created", draft.organization_id,
                            purpose_subject(draft.id), fields));
        if (!audit) return std::move(audit).error();
        return view;
      });
}

Result<PurposeView> PurposeService::adopt_preset(const RequestInfo& request,
                                                 std::int64_t organization_id,
                                                 const std::string& preset_key,
                                                 const std::string& language) {
  auto preset = domain::find_purpose_preset(preset_key);
  if (!preset) return invalid_fields({{"preset", "unknown-preset"}});
  domain::Purpose draft = domain::purpose_from_preset(*preset, language);
  draft.organization_id = organization_id;
  return create(request, std::move(draft), Texts{preset->text_fr, preset->text_en});
}

Result<PurposeView> PurposeService::update(const RequestInfo& request, std::int64_t organization_id,
                                           std::int64_t purpose_id, std::int64_t expected_version,
                                           const Changes& changes) {
  auto lease = db_.acquire();
  if (!lease) return std::move(lease).error();
  return store::in_write_transaction(
      lease->db(), "updating a purpose", [&](SQLite::Database& db) -> Result<PurposeView> {
        auto org = store::get_organization(db, organization_id);
        if (!org) return std::move(org).error();
        auto current = store::get_purpose(db, organization_id, purpose_id);
        if (!current) return std::move(current).error();
        if (current->version != expected_version) {
          return make_error(ErrorKind::precondition_failed, "precondition-failed",
                            "the purpose changed since it was read");
        }
        domain::Purpose p = current.value();
        std::vector<std::string> fields;
        auto set = [&](auto& target, const auto& value, const char* name) {
          if (!value) return;
          target = *value;
          fields.push_back(name);
        };
        set(p.title, changes.title, "title");
        set(p.description, changes.description, "description");
        set(p.legal_basis, changes.legal_basis, "legalBasis");
        set(p.retention, changes.retention, "retention");
        set(p.data_categories, changes.data_categories, "dataCategories");
        set(p.recipients, changes.recipients, "recipients");
        set(p.active, changes.active, "active");
        if (auto errors = domain::validate_purpose(p); !errors.empty())
          return invalid_fields(std::move(errors));
        p.updated_at = format_utc(clock_.now());
        if (auto s = store::update_purpose(db, p, expected_version); !s)
          return std::move(s).error();
        ++p.version;
        auto latest = latest_version(db, p.id);
        if (!latest) return std::move(latest).error();
        auto audit = store::append_audit_entry(
            db, audit_entry(request, p.updated_at, "purpose.updated", organization_id,
                            purpose_subject(p.id), fields));
        if (!audit) return std::move(audit).error();
        return PurposeView{std::move(p), std::move(latest).value()};
      });
}

Result<domain::PurposeVersion> PurposeService::publish(const RequestInfo& request,
                                                       std::int64_t organization_id,
                                                       std::int64_t purpose_id,
                                                       const Texts& texts) {
  if (auto errors = domain::validate_texts(texts.fr, texts.en); !errors.empty())
    return invalid_fields(std::move(errors));
  auto lease = db_.acquire();
  if (!lease) return std::move(lease).error();
  return store::in_write_transaction(
      lease->db(), "publishing a purpose text",
      [&](SQLite::Database& db) -> Result<domain::PurposeVersion> {
        auto org = store::get_organization(db, organization_id);
        if (!org) return std::move(org).error();
        auto purpose = store::get_purpose(db, organization_id, purpose_id);
        if (!purpose) return std::move(purpose).error();
        if (!purpose->active)
          return make_error(ErrorKind::conflict, "purpose-retired", "the purpose is retired");
        const std::string at = format_utc(clock_.now());
        auto version =
            store::insert_purpose_version(db, version_of(purpose_id, texts, at, request));
        if (!version) return std::move(version).error();
        auto audit = store::append_audit_entry(
            db, audit_entry(request, at, "purpose.version_published", organization_id,
                            purpose_subject(purpose_id), {"textFr", "textEn"}));
        if (!audit) return std::move(audit).error();
        return version;
      });
}

Result<std::vector<domain::PurposeVersion>> PurposeService::versions(std::int64_t organization_id,
                                                                     std::int64_t purpose_id) {
  auto lease = db_.acquire();
  if (!lease) return std::move(lease).error();
  auto org = store::get_organization(lease->db(), organization_id);
  if (!org) return std::move(org).error();
  auto purpose = store::get_purpose(lease->db(), organization_id, purpose_id);
  if (!purpose) return std::move(purpose).error();
  return store::list_purpose_versions(lease->db(), purpose_id);
}

Result<std::vector<store::RenewalRow>> PurposeService::renewals(const RequestInfo& request,
                                                                std::int64_t organization_id,
                                                                std::int64_t purpose_id) {
  auto lease = db_.acquire();
  if (!lease) return std::move(lease).error();
  return store::in_write_transaction(
      lease->db(), "listing consents to renew",
      [&](SQLite::Database& db) -> Result<std::vector<store::RenewalRow>> {
        auto org = store::get_organization(db, organization_id);
        if (!org) return std::move(org).error();
        auto purpose = store::get_purpose(db, organization_id, purpose_id);
        if (!purpose) return std::move(purpose).error();
        auto latest = latest_version(db, purpose_id);
        if (!latest) return std::move(latest).error();
        std::vector<store::RenewalRow> rows;
        if (purpose->legal_basis == "consent" && latest.value()) {
          auto found =
              store::consents_to_renew(db, organization_id, purpose_id, latest.value()->id);
          if (!found) return std::move(found).error();
          rows = std::move(found).value();
        }
        // One entry per list, naming the purpose, not the people listed.
        auto audit = store::append_audit_entry(
            db, audit_entry(request, format_utc(clock_.now()), "consent.renewals_listed",
                            organization_id, purpose_subject(purpose_id)));
        if (!audit) return std::move(audit).error();
        return rows;
      });
}

Result<PurposeService::Audience> PurposeService::audience(const RequestInfo& request,
                                                          std::int64_t organization_id,
                                                          std::int64_t purpose_id) {
  auto lease = db_.acquire();
  if (!lease) return std::move(lease).error();
  return store::in_write_transaction(
      lease->db(), "listing a purpose's audience", [&](SQLite::Database& db) -> Result<Audience> {
        auto org = store::get_organization(db, organization_id);
        if (!org) return std::move(org).error();
        auto purpose = store::get_purpose(db, organization_id, purpose_id);
        if (!purpose) return std::move(purpose).error();
        auto latest = latest_version(db, purpose_id);
        if (!latest) return std::move(latest).error();
        auto decisions = store::latest_decisions_on(db, organization_id, purpose_id);
        if (!decisions) return std::move(decisions).error();
        Audience out;
        const bool consent_based = purpose->legal_basis == "consent";
        const std::int64_t latest_id = latest.value() ? latest.value()->id : 0;
        auto visited = store::for_each_audience_candidate(
            db, organization_id, [&](store::AudienceCandidate&& c) {
              std::optional<domain::ConsentEvent> event;
              if (auto it = decisions->find(c.pseudonym); it != decisions->end()) {
                event.emplace();
                event->decision = it->second.decision;
                event->version_id = it->second.version_id;
              }
              const auto state = domain::consent_state(event, latest_id, consent_based);
              if (domain::may_process(c.restricted, purpose->active, purpose->legal_basis, state)) {
                out.members.push_back(std::move(c));
              } else {
                ++out.excluded[c.restricted       ? "restricted"
                               : !purpose->active ? "retired"
                                                  : std::string(domain::to_string(state))];
              }
            });
        if (!visited) return std::move(visited).error();
        auto audit = store::append_audit_entry(
            db, audit_entry(request, format_utc(clock_.now()), "purpose.audience_listed",
                            organization_id, purpose_subject(purpose_id),
                            {"count:" + std::to_string(out.members.size())}));
        if (!audit) return std::move(audit).error();
        out.purpose = std::move(purpose).value();
        return out;
      });
}

}  // namespace registre::services
