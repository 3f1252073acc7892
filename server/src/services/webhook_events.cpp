#include "services/webhook_events.hpp"

#include <nlohmann/json.hpp>

#include "crypto/sodium.hpp"
#include "store/webhook_store.hpp"

namespace registre::services::webhook_events {
namespace {

using nlohmann::json;

Status enqueue(SQLite::Database& db, std::int64_t organization_id, std::string type,
               std::optional<std::int64_t> member_id, const std::string& at, const json& payload,
               const json& personal = nullptr) {
  store::OutboxEvent event;
  // The webhook-id: random, so that it reveals nothing and never repeats across databases.
  event.message_id = "msg_" + crypto::random_hex(16);
  event.organization_id = organization_id;
  event.event_type = std::move(type);
  event.member_id = member_id;
  event.occurred_at = at;
  event.payload = payload.dump();
  if (personal.is_object() && !personal.empty()) event.personal = personal.dump();
  auto written = store::enqueue_webhook_event(db, event);
  if (!written) return std::move(written).error();
  return ok_status();
}

json member_ids(const domain::Member& m) {
  return {{"organizationId", m.organization_id}, {"memberId", m.id}, {"number", m.number}};
}

// The contact scope's extra fields: identity and contact, never for a restricted record.
json member_contact(const domain::Member& m) {
  if (m.restricted) return nullptr;
  json out = {{"firstName", m.first_name}, {"lastName", m.last_name}};
  if (m.email) out["email"] = *m.email;
  if (m.phone) out["phone"] = *m.phone;
  if (m.nextcloud_user) out["nextcloudUser"] = *m.nextcloud_user;
  return out;
}

}  // namespace

Status member_created(SQLite::Database& db, const domain::Member& member, const std::string& at) {
  json payload = member_ids(member);
  payload["status"] = member.status;
  return enqueue(db, member.organization_id, "member.created", member.id, at, payload,
                 member_contact(member));
}

Status member_updated(SQLite::Database& db, const domain::Member& member,
                      const std::vector<std::string>& changed, const std::string& previous_status,
                      bool was_restricted, const std::string& at) {
  if (member.restricted && !was_restricted) {
    // From now on the record may not be processed: subscribers learn that, and nothing else.
    json payload = {{"organizationId", member.organization_id}, {"memberId", member.id}};
    if (auto s = enqueue(db, member.organization_id, "member.restricted", member.id, at, payload);
        !s) {
      return s;
    }
  }
  json payload = member_ids(member);
  payload["status"] = member.status;
  payload["changed"] = member.restricted ? json::array() : json(changed);
  if (member.restricted) payload.erase("number");
  if (auto s = enqueue(db, member.organization_id, "member.updated", member.id, at, payload,
                       member_contact(member));
      !s) {
    return s;
  }
  if (member.status != previous_status) {
    return member_status_changed(db, member.organization_id, member.id, previous_status,
                                 member.status, at);
  }
  return ok_status();
}

Status member_status_changed(SQLite::Database& db, std::int64_t organization_id,
                             std::int64_t member_id, const std::string& from, const std::string& to,
                             const std::string& at) {
  json payload = {
      {"organizationId", organization_id}, {"memberId", member_id}, {"from", from}, {"to", to}};
  return enqueue(db, organization_id, "member.status_changed", member_id, at, payload);
}

Status membership_paid(SQLite::Database& db, const PaidMembership& paid, const std::string& at) {
  json payload = {{"organizationId", paid.organization_id},
                  {"memberId", paid.member_id},
                  {"membershipId", paid.membership_id},
                  {"typeId", paid.type_id},
                  {"startsOn", paid.starts_on},
                  {"endsOn", paid.ends_on ? json(*paid.ends_on) : json(nullptr)},
                  {"paidOn", paid.paid_on}};
  return enqueue(db, paid.organization_id, "membership.paid", paid.member_id, at, payload);
}

Status consent_recorded(SQLite::Database& db, const domain::ConsentEvent& event,
                        std::int64_t member_id) {
  std::string type;
  if (event.decision == "given")
    type = "consent.given";
  else if (event.decision == "withdrawn")
    type = "consent.withdrawn";
  else
    return ok_status();
  json payload = {{"organizationId", event.organization_id},
                  {"memberId", member_id},
                  {"purposeId", event.purpose_id},
                  {"versionId", event.version_id},
                  {"channel", event.channel},
                  {"eventSeq", event.seq}};
  return enqueue(db, event.organization_id, type, member_id, event.at, payload);
}

Status member_erased(SQLite::Database& db, std::int64_t organization_id, std::int64_t member_id,
                     const std::string& at) {
  if (auto s = store::forget_webhook_personal_data(db, member_id); !s) return s;
  json payload = {{"organizationId", organization_id}, {"memberId", member_id}};
  return enqueue(db, organization_id, "member.erased", std::nullopt, at, payload);
}

namespace {
json request_payload(const RequestChange& r) {
  json payload = {{"organizationId", r.organization_id},
                  {"requestId", r.request_id},
                  {"kind", r.kind},
                  {"status", r.status},
                  {"receivedOn", r.received_on},
                  {"dueOn", r.due_on}};
  payload["memberId"] = r.member_id ? json(*r.member_id) : json(nullptr);
  return payload;
}
}  // namespace

Status request_opened(SQLite::Database& db, const RequestChange& request, const std::string& at) {
  return enqueue(db, request.organization_id, "request.opened", request.member_id, at,
                 request_payload(request));
}

Status request_closed(SQLite::Database& db, const RequestChange& request, const std::string& at) {
  return enqueue(db, request.organization_id, "request.closed", request.member_id, at,
                 request_payload(request));
}

}  // namespace registre::services::webhook_events
