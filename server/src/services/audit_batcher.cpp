#include "services/audit_batcher.hpp"

#include "store/audit_store.hpp"
#include "store/unit_of_work.hpp"

namespace registre::services {

Status AuditBatcher::append(SQLite::Database& connection, domain::AuditEntry entry) {
  Pending mine{std::move(entry), std::nullopt};
  std::unique_lock lock(mutex_);
  waiting_.push_back(&mine);
  while (!mine.result) {
    if (writing_) {
      committed_.wait(lock);
      continue;
    }
    // Nobody is writing: this caller writes everything gathered so far, its own entry included.
    writing_ = true;
    std::vector<Pending*> batch;
    batch.swap(waiting_);
    lock.unlock();
    Status result = ok_status();
    try {
      result = write_batch(connection, batch);
    } catch (...) {  // never leave writing_ set: the others would wait forever
      result = make_error(ErrorKind::internal, "internal", "appending audit entries");
    }
    lock.lock();
    for (Pending* p : batch)
      p->result = result;
    writing_ = false;
    committed_.notify_all();
  }
  return *mine.result;
}

Status AuditBatcher::write_batch(SQLite::Database& connection, const std::vector<Pending*>& batch) {
  return store::in_write_transaction(connection, "appending audit entries",
                                     [&](SQLite::Database& db) -> Status {
                                       for (const Pending* p : batch) {
                                         auto appended = store::append_audit_entry(db, p->entry);
                                         if (!appended) return std::move(appended).error();
                                       }
                                       return ok_status();
                                     });
}

}  // namespace registre::services
