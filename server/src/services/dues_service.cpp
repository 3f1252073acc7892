#include "services/dues_service.hpp"

#include "services/webhook_events.hpp"
#include "domain/utf8.hpp"

#include <algorithm>
#include <map>

#include "domain/calendar_date.hpp"
#include "domain/member_status.hpp"
#include "domain/membership_period.hpp"
#include "services/audit.hpp"
#include "services/member_statuses.hpp"
#include "services/organization_today.hpp"
#include "store/audit_store.hpp"
#include "store/member_store.hpp"
#include "store/organization_store.hpp"
#include "store/unit_of_work.hpp"

namespace registre::services {
namespace {

std::optional<domain::PeriodKind> period_from(const std::string& text) {
  if (text == "calendar_year") return domain::PeriodKind::calendar_year;
  if (text == "season") return domain::PeriodKind::season;
  if (text == "rolling_months") return domain::PeriodKind::rolling_months;
  if (text == "lifetime") return domain::PeriodKind::lifetime;
  return std::nullopt;
}

domain::MembershipTerms terms_of(const store::MembershipType& t) {
  return {*period_from(t.period), t.season_start_month, t.rolling_months};
}

}  // namespace

Result<std::vector<store::MembershipType>> DuesService::list_types(std::int64_t organization_id) {
  auto lease = db_.acquire();
  if (!lease) return std::move(lease).error();
  auto org = store::get_organization(lease->db(), organization_id);
  if (!org) return std::move(org).error();
  return store::list_membership_types(lease->db(), organization_id);
}

Result<store::MembershipType> DuesService::create_type(const RequestInfo& request, store::MembershipType draft) {
  std::vector<FieldError> errors;
  if (!domain::utf8_length_within(draft.name, 1, 100)) errors.push_back({"name", "1 to 100 characters"});
  auto kind = period_from(draft.period);
  if (!kind) {
    errors.push_back({"period", "calendar_year, season, rolling_months or lifetime"});
  } else {
    for (auto& e : domain::validate_terms({*kind, draft.season_start_month, draft.rolling_months})) {
      errors.push_back(std::move(e));
    }
  }
  if (draft.amount_cents < 0 || draft.amount_cents > 100'000'000) {
    errors.push_back({"amountCents", "from 0 to 100000000 (cents)"});
  }
  const bool iso_currency = draft.currency.size() == 3 &&
                            std::all_of(draft.currency.begin(), draft.currency.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
  if (!draft.currency.empty() && !iso_currency) errors.push_back({"currency", "an ISO 4217 code such as EUR"});
  if (!errors.empty()) return invalid_fields(std::move(errors));
  auto lease = db_.acquire();
  if (!lease) return std::move(lease).error();
  return store::in_write_transaction(lease->db(), "creating a membership type", [&](SQLite::Database& db) -> Result<store::MembershipType> {
    auto org = store::get_organization(db, draft.organization_id);
    if (!org) return std::move(org).error();
    if (draft.currency.empty()) draft.currency = org->currency;
    draft.created_at = format_utc(clock_.now());
    auto id = store::insert_membership_type(db, draft);
    if (!id) {
      if (id.error().kind == ErrorKind::conflict) {
        return make_error(ErrorKind::conflict, "conflict", "a membership type with this name exists");
      }
      return std::move(id).error();
    }
    draft.id = id.value();
    auto audit = store::append_audit_entry(
        db, audit_entry(request, draft.created_at, "membership_type.created", draft.organization_id,
                        "membership-type:" + std::to_string(draft.id), {"name", "period", "amountCents"}));
    if (!audit) return std::move(audit).error();
    return draft;
  });
}

Result<store::Membership> DuesService::record(const RequestInfo& request, std::int64_t organization_id,
                                              std::int64_t member_id, const MembershipDraft& draft) {
  std::vector<FieldError> errors;
  auto starts = domain::parse_date(draft.starts_on);
  if (!starts) errors.push_back({"startsOn", "a date such as 2026-09-01 or 01/09/2026"});
  std::optional<domain::Date> paid;
  if (draft.paid_on) {
    paid = domain::parse_date(*draft.paid_on);
    if (!paid) errors.push_back({"paidOn", "a date such as 2026-09-01 or 01/09/2026"});
  }
  if (draft.payment_method) {
    static const std::string_view methods[] = {"cash", "cheque", "transfer", "card", "online", "other"};
    if (std::find(std::begin(methods), std::end(methods), *draft.payment_method) == std::end(methods)) {
      errors.push_back({"paymentMethod", "cash, cheque, transfer, card, online or other"});
    }
    if (!draft.paid_on) errors.push_back({"paidOn", "required with a payment method"});
  }
  if (draft.amount_cents && (*draft.amount_cents < 0 || *draft.amount_cents > 100'000'000)) {
    errors.push_back({"amountCents", "from 0 to 100000000 (cents)"});
  }
  if (draft.reference && !domain::utf8_length_within(*draft.reference, 0, 100)) errors.push_back({"reference", "at most 100 characters"});
  if (!errors.empty()) return invalid_fields(std::move(errors));

  auto lease = db_.acquire();
  if (!lease) return std::move(lease).error();
  return store::in_write_transaction(lease->db(), "recording a membership", [&](SQLite::Database& db) -> Result<store::Membership> {
    auto member = store::get_member(db, organization_id, member_id);
    if (!member) return std::move(member).error();
    auto type = store::get_membership_type(db, organization_id, draft.type_id);
    if (!type) return invalid_fields({{"typeId", "not a membership type of this organisation"}});
    auto today = today_in(db, organization_id, clock_);
    if (!today) return std::move(today).error();
    if (paid && *paid > today.value()) return invalid_fields({{"paidOn", "cannot be in the future"}});
    store::Membership ms;
    ms.organization_id = organization_id;
    ms.member_id = member_id;
    ms.type_id = type->id;
    ms.starts_on = domain::format_iso(*starts);
    if (auto end = domain::period_end(terms_of(type.value()), *starts)) ms.ends_on = domain::format_iso(*end);
    ms.amount_cents = draft.amount_cents.value_or(type->amount_cents);
    ms.currency = type->currency;
    if (paid) ms.paid_on = domain::format_iso(*paid);
    ms.payment_method = draft.payment_method;
    ms.reference = draft.reference;
    ms.created_at = format_utc(clock_.now());
    ms.recorded_by = request.actor.audit_name();
    auto id = store::insert_membership(db, ms);
    if (!id) return std::move(id).error();
    ms.id = id.value();
    auto all = store::memberships_of(db, member_id);
    if (!all) return std::move(all).error();
    const std::string status = derived_status(member.value(), all.value(), today.value());
    if (status != member->status) {
      if (auto s = store::set_member_status(db, member_id, status); !s) return std::move(s).error();
      if (auto s = webhook_events::member_status_changed(db, organization_id, member_id, member->status, status,
                                                         ms.created_at);
          !s) {
        return std::move(s).error();
      }
    }
    auto audit = store::append_audit_entry(
        db, audit_entry(request, ms.created_at, "membership.recorded", organization_id,
                        "member:" + member->pseudonym, {"typeId", "startsOn", "amountCents", "paidOn", "paymentMethod"}));
    if (!audit) return std::move(audit).error();
    if (ms.paid_on) {
      webhook_events::PaidMembership announced{organization_id, member_id, ms.id, ms.type_id, ms.starts_on, ms.ends_on,
                                          *ms.paid_on};
      if (auto s = webhook_events::membership_paid(db, announced, ms.created_at); !s) return std::move(s).error();
    }
    return ms;
  });
}

Result<std::vector<store::Membership>> DuesService::memberships_of(std::int64_t organization_id, std::int64_t member_id) {
  auto lease = db_.acquire();
  if (!lease) return std::move(lease).error();
  auto member = store::get_member(lease->db(), organization_id, member_id);
  if (!member) return std::move(member).error();
  return store::memberships_of(lease->db(), member_id);
}

namespace {

// Walks the members of an organisation with their memberships, for the treasurer's lists.
template <class Visit>
Status each_member(store::Database& database, std::int64_t organization_id, const Clock& clock, Visit visit) {
  auto lease = database.acquire();
  if (!lease) return std::move(lease).error();
  auto& db = lease->db();
  auto today = today_in(db, organization_id, clock);
  if (!today) return std::move(today).error();
  auto members = store::all_members(db, organization_id);
  if (!members) return std::move(members).error();
  auto by_member = memberships_by_member(db, organization_id);
  if (!by_member) return std::move(by_member).error();
  for (auto& m : members.value()) visit(m, status_input(m, by_member.value()[m.id]), today.value());
  return ok_status();
}

}  // namespace

Result<std::vector<DuesService::RenewalLine>> DuesService::renewals_due(std::int64_t organization_id, int days) {
  std::vector<RenewalLine> out;
  auto s = each_member(db_, organization_id, clock_, [&](domain::Member& m, const domain::StatusInput& in, domain::Date today) {
    if (!domain::due_for_renewal(in, today, days)) return;
    RenewalLine line{std::move(m), std::nullopt, std::nullopt};
    if (auto until = domain::current_paid_until(in, today)) line.paid_until = domain::format_iso(*until);
    out.push_back(std::move(line));
  });
  if (!s) return std::move(s).error();
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.paid_until < b.paid_until; });
  return out;
}

Result<std::vector<DuesService::RenewalLine>> DuesService::lapsed(std::int64_t organization_id, const std::string& since) {
  std::vector<RenewalLine> out;
  auto s = each_member(db_, organization_id, clock_, [&](domain::Member& m, const domain::StatusInput& in, domain::Date today) {
    auto when = domain::lapsed_since(in, today);
    if (!when) return;
    const std::string iso = domain::format_iso(*when);
    if (!since.empty() && iso < since) return;
    out.push_back({std::move(m), std::nullopt, iso});
  });
  if (!s) return std::move(s).error();
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.lapsed_since > b.lapsed_since; });
  return out;
}

Result<std::vector<DuesService::SeasonTotal>> DuesService::totals(std::int64_t organization_id) {
  auto lease = db_.acquire();
  if (!lease) return std::move(lease).error();
  auto types = list_types(organization_id);
  if (!types) return std::move(types).error();
  auto memberships = store::memberships_in(lease->db(), organization_id);
  if (!memberships) return std::move(memberships).error();
  std::map<std::int64_t, store::MembershipType> type_by_id;
  for (auto& t : types.value()) type_by_id[t.id] = t;
  std::map<std::pair<std::string, std::int64_t>, SeasonTotal> totals;
  for (const auto& ms : memberships.value()) {
    const auto& type = type_by_id[ms.type_id];
    const int start_month = type.period == "season" ? type.season_start_month : 1;
    const auto season = domain::season_containing(start_month, *domain::parse_date(ms.starts_on));
    auto& t = totals[{season.label, ms.type_id}];
    t.season = season.label;
    t.type_id = ms.type_id;
    t.type_name = type.name;
    ++t.memberships;
    t.amount_cents += ms.amount_cents;
    if (ms.paid_on) {
      ++t.paid;
      t.paid_cents += ms.amount_cents;
    }
  }
  std::vector<SeasonTotal> out;
  for (auto& [key, t] : totals) out.push_back(std::move(t));
  return out;
}

}  // namespace registre::services
