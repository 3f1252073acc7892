#include "services/member_service.hpp"

#include <charconv>

#include "crypto/sodium.hpp"
#include "domain/calendar_date.hpp"
#include "domain/search_text.hpp"
#include "services/audit.hpp"
#include "services/member_lookup.hpp"
#include "services/member_statuses.hpp"
#include "services/organization_today.hpp"
#include "services/webhook_events.hpp"
#include "store/audit_store.hpp"
#include "store/field_definition_store.hpp"
#include "store/idempotency_store.hpp"
#include "store/membership_store.hpp"
#include "store/organization_store.hpp"
#include "store/unit_of_work.hpp"

namespace registre::services {
namespace {

// Members per status refresh step: a step of 500 takes a few milliseconds of write lock.
constexpr std::size_t kRefreshStep = 500;

// The status from the member's dates and recorded dues (services/member_statuses.hpp).
Result<std::string> status_now(SQLite::Database& db, const domain::Member& m,
                               const std::string& today) {
  std::vector<store::Membership> memberships;
  if (m.id != 0) {
    auto stored = store::memberships_of(db, m.id);
    if (!stored) return std::move(stored).error();
    memberships = std::move(stored).value();
  }
  return derived_status(m, memberships, *domain::parse_date(today));
}

// Applies the custom values of `fields` to `m`, against the organisation's definitions, and seals
// the sensitive ones again (opened first: the values not changed must be kept).
Status apply_custom(SQLite::Database& db, SensitiveValues& sensitive, domain::Member& m,
                    const domain::MemberChanges& fields, bool creating,
                    std::vector<std::string>& changed) {
  auto definitions = store::list_field_definitions(db, m.organization_id);
  if (!definitions) return std::move(definitions).error();
  if (auto opened = sensitive.open(m); !opened) return opened;
  auto values = nlohmann::json::parse(m.custom, nullptr, false);
  auto custom_changed =
      domain::apply_custom_values(values, fields.custom, definitions.value(), creating);
  if (!custom_changed) return std::move(custom_changed).error();
  m.custom = values.dump();
  changed.insert(changed.end(), custom_changed->begin(), custom_changed->end());
  return sensitive.seal(m, definitions.value());
}

Status check_household(SQLite::Database& db, const domain::Member& m) {
  if (!m.household_id) return ok_status();
  auto head = store::get_member(db, m.organization_id, *m.household_id);
  if (!head) {
    Error e = make_error(ErrorKind::invalid, "invalid");
    e.fields.push_back({"householdId", "not a member of this organisation"});
    return e;
  }
  return ok_status();
}

}  // namespace

std::string MemberService::search_expression(const std::string& typed) {
  const std::string folded = domain::fold_for_search(typed);
  std::string expression;
  std::size_t pos = 0;
  while (pos < folded.size()) {
    std::size_t end = folded.find(' ', pos);
    if (end == std::string::npos) end = folded.size();
    std::string term = folded.substr(pos, end - pos);
    pos = end + 1;
    // Keep what the index's tokenizer keeps inside a word; quote it so FTS5 syntax never applies.
    std::string cleaned;
    for (char ch : term) {
      if (ch != '"' && ch != '*' && ch != '^' && ch != ':' && ch != '(' && ch != ')')
        cleaned.push_back(ch);
    }
    if (cleaned.empty()) continue;
    if (!expression.empty()) expression += ' ';
    expression += "\"" + cleaned + "\"*";
  }
  return expression;
}

Status MemberService::shown_to(const RequestInfo& request, domain::Member& member) {
  if (!may_read_sensitive(request)) {
    member.sealed.clear();  // withheld: the values stay sealed in the register
    return ok_status();
  }
  return sensitive_.open(member);
}

Result<std::vector<domain::FieldDefinition>> MemberService::list_fields(
    std::int64_t organization_id) {
  auto lease = db_.acquire();
  if (!lease) return std::move(lease).error();
  auto org = store::get_organization(lease->db(), organization_id);
  if (!org) return std::move(org).error();
  return store::list_field_definitions(lease->db(), organization_id);
}

Result<domain::FieldDefinition> MemberService::create_field(const RequestInfo& request,
                                                            domain::FieldDefinition draft) {
  if (auto errors = domain::validate_definition(draft); !errors.empty()) {
    return invalid_fields(std::move(errors));
  }
  draft.created_at = format_utc(clock_.now());
  auto lease = db_.acquire();
  if (!lease) return std::move(lease).error();
  return store::in_write_transaction(
      lease->db(), "creating a custom field",
      [&](SQLite::Database& db) -> Result<domain::FieldDefinition> {
        auto org = store::get_organization(db, draft.organization_id);
        if (!org) return std::move(org).error();
        auto id = store::insert_field_definition(db, draft);
        if (!id) {
          if (id.error().kind == ErrorKind::conflict)
            return make_error(ErrorKind::conflict, "conflict", "a field with this key exists");
          return std::move(id).error();
        }
        draft.id = id.value();
        auto audit = store::append_audit_entry(
            db, audit_entry(request, draft.created_at, "field.created", draft.organization_id,
                            "field:" + draft.key, {"key", "type", "classification"}));
        if (!audit) return std::move(audit).error();
        return draft;
      });
}

Result<std::size_t> MemberService::refresh_all_statuses() {
  auto lease = db_.acquire();
  if (!lease) return std::move(lease).error();
  auto organizations = store::list_organizations(lease->db());
  if (!organizations) return std::move(organizations).error();
  std::size_t changed = 0;
  for (const auto& org : organizations.value()) {
    auto today = today_in(lease->db(), org.id, clock_);
    if (!today) return std::move(today).error();
    // Short steps, each its own transaction: requests wait for one step at most, and a step that
    // fails leaves the statuses of the steps before it refreshed (the next run redoes the rest).
    for (RefreshStep step;;) {
      auto next = store::in_write_transaction(
          lease->db(), "refreshing statuses", [&](SQLite::Database& db) {
            return refresh_statuses_step(db, org.id, today.value(), step.last_id, kRefreshStep,
                                         format_utc(clock_.now()));
          });
      if (!next) return std::move(next).error();
      step = next.value();
      changed += step.changed;
      if (step.done) break;
    }
  }
  return changed;
}

Result<std::string> MemberService::today_iso(SQLite::Database& db, std::int64_t organization_id) {
  auto today = today_in(db, organization_id, clock_);
  if (!today) return std::move(today).error();
  return domain::format_iso(today.value());
}

Result<store::MemberPage> MemberService::list(const RequestInfo& request,
                                              std::int64_t organization_id, const ListRequest& lr) {
  store::MemberQuery query;
  query.organization_id = organization_id;
  query.sort = lr.sort;
  query.limit = lr.limit;
  query.after = lr.after;
  query.with_total = lr.with_total;
  auto lease = db_.acquire();
  if (!lease) return std::move(lease).error();
  std::vector<std::string> used;
  auto page = store::in_read_transaction(
      lease->db(), "listing members", [&](SQLite::Database& db) -> Result<store::MemberPage> {
        auto org = store::get_organization(db, organization_id);
        if (!org) return std::move(org).error();
        auto filters = apply_member_filter(db, organization_id, lr.filter,
                                           may_read_sensitive(request), clock_, query);
        if (!filters) return std::move(filters).error();
        used = std::move(filters).value();
        return store::list_members(db, query);
      });
  if (!page) return page;
  // One audit entry per page, naming the filters used, not the people seen; committed before the
  // page is returned.
  auto audit = read_audit_.append(
      lease->db(), audit_entry(request, format_utc(clock_.now()), "members.listed", organization_id,
                               "organization:" + std::to_string(organization_id), used));
  if (!audit) return std::move(audit).error();
  return page;
}

Result<domain::Member> MemberService::get(const RequestInfo& request, std::int64_t organization_id,
                                          std::int64_t member_id) {
  auto lease = db_.acquire();
  if (!lease) return std::move(lease).error();
  auto member = store::in_read_transaction(
      lease->db(), "reading a member",
      [&](SQLite::Database& db) { return store::get_member(db, organization_id, member_id); });
  if (!member) return member;
  auto audit =
      read_audit_.append(lease->db(), audit_entry(request, format_utc(clock_.now()), "member.read",
                                                  organization_id, member_subject(member.value())));
  if (!audit) return std::move(audit).error();
  if (auto shown = shown_to(request, member.value()); !shown) return std::move(shown).error();
  return member;
}

Result<MemberService::Created> MemberService::create(
    const RequestInfo& request, std::int64_t organization_id, const domain::MemberChanges& fields,
    const std::optional<IdempotencyKey>& idempotency) {
  auto lease = db_.acquire();
  if (!lease) return std::move(lease).error();
  auto created = store::in_write_transaction(
      lease->db(), "creating a member", [&](SQLite::Database& db) -> Result<Created> {
        const std::string actor = request.actor.audit_name();
        if (idempotency) {
          auto seen = store::find_idempotent_answer(db, actor, idempotency->key);
          if (!seen) return std::move(seen).error();
          if (seen.value()) {
            if (seen.value()->request_hash != idempotency->request_hash) {
              Error e = make_error(ErrorKind::invalid, "invalid",
                                   "this Idempotency-Key was used for a different request");
              e.fields.push_back({"Idempotency-Key", "already used for a different request"});
              return e;
            }
            auto earlier =
                store::get_member(db, organization_id, std::stoll(seen.value()->response));
            if (!earlier) return std::move(earlier).error();
            return Created{std::move(earlier).value(), true};
          }
        }
        auto today = today_iso(db, organization_id);
        if (!today) return std::move(today).error();
        domain::Member m;
        m.organization_id = organization_id;
        auto changed = domain::apply_member_changes(m, fields, today.value());
        if (!changed) return std::move(changed).error();
        m.pseudonym = crypto::random_hex(16);  // before the custom values: it names the sealing key
        if (auto s = apply_custom(db, sensitive_, m, fields, true, changed.value()); !s)
          return std::move(s).error();
        if (auto s = check_household(db, m); !s) return std::move(s).error();
        auto number = store::next_member_number(db, organization_id);
        if (!number) return std::move(number).error();
        m.number = number.value();
        m.created_at = m.updated_at = format_utc(clock_.now());
        auto status = status_now(db, m, today.value());
        if (!status) return std::move(status).error();
        m.status = status.value();
        auto id = store::insert_member(db, m, domain::member_search_text(m));
        if (!id) return std::move(id).error();
        m.id = id.value();
        auto audit = store::append_audit_entry(
            db, audit_entry(request, m.created_at, "member.created", organization_id,
                            member_subject(m), changed.value()));
        if (!audit) return std::move(audit).error();
        if (auto s = webhook_events::member_created(db, m, m.created_at); !s)
          return std::move(s).error();
        if (idempotency) {
          auto saved = store::save_idempotent_answer(
              db, actor, idempotency->key, {idempotency->request_hash, 201, std::to_string(m.id)},
              m.created_at);
          if (!saved) return std::move(saved).error();
        }
        return Created{std::move(m), false};
      });
  if (!created) return created;
  if (auto shown = shown_to(request, created->member); !shown) return std::move(shown).error();
  return created;
}

Result<domain::Member> MemberService::update(const RequestInfo& request,
                                             std::int64_t organization_id, std::int64_t member_id,
                                             std::int64_t expected_version,
                                             const domain::MemberChanges& changes) {
  auto lease = db_.acquire();
  if (!lease) return std::move(lease).error();
  auto updated = store::in_write_transaction(
      lease->db(), "updating a member", [&](SQLite::Database& db) -> Result<domain::Member> {
        auto current = store::get_member(db, organization_id, member_id);
        if (!current) return current;
        domain::Member m = std::move(current).value();
        const std::string previous_status = m.status;
        const bool was_restricted = m.restricted;
        if (m.version != expected_version) {
          return make_error(ErrorKind::precondition_failed, "precondition-failed",
                            "the member was changed by someone else since version " +
                                std::to_string(expected_version) + "; reload it");
        }
        auto today = today_iso(db, organization_id);
        if (!today) return std::move(today).error();
        auto changed = domain::apply_member_changes(m, changes, today.value());
        if (!changed) return std::move(changed).error();
        if (auto s = apply_custom(db, sensitive_, m, changes, false, changed.value()); !s)
          return std::move(s).error();
        if (auto s = check_household(db, m); !s) return std::move(s).error();
        auto status = status_now(db, m, today.value());
        if (!status) return std::move(status).error();
        if (status.value() != m.status) {
          m.status = status.value();
          changed->push_back("status");
        }
        if (changed->empty()) return m;  // nothing changed: same version, no audit entry
        m.updated_at = format_utc(clock_.now());
        m.version += 1;
        if (auto s = store::update_member(db, m, domain::member_search_text(m)); !s)
          return std::move(s).error();
        auto audit = store::append_audit_entry(
            db, audit_entry(request, m.updated_at, "member.updated", organization_id,
                            member_subject(m), changed.value()));
        if (!audit) return std::move(audit).error();
        if (auto s = webhook_events::member_updated(db, m, changed.value(), previous_status,
                                                    was_restricted, m.updated_at);
            !s) {
          return std::move(s).error();
        }
        return m;
      });
  if (!updated) return updated;
  if (auto shown = shown_to(request, updated.value()); !shown) return std::move(shown).error();
  return updated;
}

Status MemberService::remove(const RequestInfo& request, std::int64_t organization_id,
                             std::int64_t member_id, std::int64_t expected_version) {
  auto lease = db_.acquire();
  if (!lease) return std::move(lease).error();
  return store::in_write_transaction(
      lease->db(), "deleting a member", [&](SQLite::Database& db) -> Status {
        auto current = store::get_member(db, organization_id, member_id);
        if (!current) return std::move(current).error();
        const domain::Member& m = current.value();
        if (m.version != expected_version) {
          return make_error(ErrorKind::precondition_failed, "precondition-failed",
                            "the member was changed by someone else; reload it");
        }
        // A member who was admitted has a history (dues, decisions, consents): the register must
        // keep it. They leave (leftOn) or, on request, are erased; only a mistaken application is
        // deleted.
        auto has_dues = store::member_has_memberships(db, member_id);
        if (!has_dues) return std::move(has_dues).error();
        if (m.admitted_on || has_dues.value()) {
          return make_error(
              ErrorKind::conflict, "conflict",
              "this member has a history: record their departure (leftOn) instead, or "
              "erase them on request");
        }
        auto dependants = store::member_has_dependants(db, member_id);
        if (!dependants) return std::move(dependants).error();
        if (dependants.value()) {
          return make_error(ErrorKind::conflict, "conflict",
                            "other members name this member as their household");
        }
        if (auto s = store::delete_member(db, organization_id, member_id); !s) return s;
        auto audit = store::append_audit_entry(
            db, audit_entry(request, format_utc(clock_.now()), "member.deleted", organization_id,
                            member_subject(m)));
        if (!audit) return std::move(audit).error();
        return ok_status();
      });
}

}  // namespace registre::services
