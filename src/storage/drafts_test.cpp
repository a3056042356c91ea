// Drafts on both engines: every field round-trips, an expired draft is gone for readers and
// writers before the purge deletes it, saving a missing draft is kNotFound, asynchronous saves
// call back after the commit, and the purge-drafts job runs once per slot across two storages
// ("instances") independently of purge-sandbox.

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <future>
#include <iostream>
#include <thread>
#include <vector>

#include "storage/storage.h"
#include "storage/test_support.h"

namespace amtsweg::storage {
namespace {

using testing::Engine;
using testing::EngineName;
using testing::TestDatabase;

constexpr char kNow[] = "2026-11-30T10:00:00Z";

Draft MakeDraft(const std::string& id, const std::string& expires_at = "2026-12-30T10:00:00Z") {
  Draft d;
  d.id = id;
  d.secret_hash = "5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8";
  d.municipality_ags = "09162000";
  d.process_id = "hund-anmelden";
  d.process_version = 3;
  d.variant_id = "muenchen-hund";
  d.data_json = R"({"halter":{"vorname":"Erika","name":"Mustermann"},"hunde":[{"name":"Bello"}]})";
  d.current_page = "halter";
  d.sandbox = true;
  d.created_at = "2026-11-30T09:00:00Z";
  d.updated_at = "2026-11-30T09:30:00Z";
  d.expires_at = expires_at;
  return d;
}

void ExpectSameDraft(const Draft& actual, const Draft& expected) {
  EXPECT_EQ(actual.id, expected.id);
  EXPECT_EQ(actual.secret_hash, expected.secret_hash);
  EXPECT_EQ(actual.municipality_ags, expected.municipality_ags);
  EXPECT_EQ(actual.process_id, expected.process_id);
  EXPECT_EQ(actual.process_version, expected.process_version);
  EXPECT_EQ(actual.variant_id, expected.variant_id);
  EXPECT_EQ(actual.data_json, expected.data_json);
  EXPECT_EQ(actual.current_page, expected.current_page);
  EXPECT_EQ(actual.sandbox, expected.sandbox);
  EXPECT_EQ(actual.created_at, expected.created_at);
  EXPECT_EQ(actual.updated_at, expected.updated_at);
  EXPECT_EQ(actual.expires_at, expected.expires_at);
}

DraftUpdate UpdateOf(const std::string& id, const std::string& now = kNow) {
  return DraftUpdate{.id = id,
                     .data_json = R"({"halter":{"vorname":"Erika","name":"Musterfrau"}})",
                     .current_page = "hunde",
                     .updated_at = now,
                     .expires_at = "2027-01-29T10:00:00Z"};
}

Result<void> SaveAndWait(Storage& storage, DraftUpdate update) {
  std::promise<Result<void>> done;
  auto future = done.get_future();
  storage.SaveDraftAsync(std::move(update), [&done](Result<void> r) { done.set_value(std::move(r)); });
  return future.get();
}

class DraftsTest : public testing::EngineTestBase {
 protected:
  std::optional<Draft> Find(Storage& storage, const std::string& id, const std::string& now = kNow) {
    auto found = storage.FindDraft(id, now);
    EXPECT_TRUE(found) << found.error().message;
    return found ? *found : std::nullopt;
  }
};

INSTANTIATE_TEST_SUITE_P(Engines, DraftsTest, ::testing::Values(Engine::kSqlite, Engine::kPostgres),
                         EngineName);

TEST_P(DraftsTest, CreateFindSaveDeleteRoundTripsEveryField) {
  auto storage = Migrated();
  Draft draft = MakeDraft("7K3MQ9X2T4V6W8Y0");
  ASSERT_TRUE(storage->CreateDraft(draft));
  auto found = Find(*storage, draft.id);
  ASSERT_TRUE(found.has_value());
  ExpectSameDraft(*found, draft);

  DraftUpdate update = UpdateOf(draft.id);
  auto saved = storage->SaveDraft(update);
  ASSERT_TRUE(saved) << saved.error().message;
  Draft expected = draft;
  expected.data_json = update.data_json;
  expected.current_page = update.current_page;
  expected.updated_at = update.updated_at;
  expected.expires_at = update.expires_at;
  found = Find(*storage, draft.id);
  ASSERT_TRUE(found.has_value());
  ExpectSameDraft(*found, expected);

  ASSERT_TRUE(storage->DeleteDraft(draft.id));
  EXPECT_FALSE(Find(*storage, draft.id).has_value());
  EXPECT_TRUE(storage->DeleteDraft(draft.id));  // deleting again is not an error
}

TEST_P(DraftsTest, AsyncDeleteWorksFromInsideAStorageCallback) {
  auto storage = Migrated();
  Draft draft = MakeDraft("0000000000000002");
  ASSERT_TRUE(storage->CreateDraft(draft));
  // From a callback on the writer thread (as the journey does after a submission): a
  // synchronous delete there would wait for itself; the queued one must not.
  std::promise<Result<void>> deleted;
  storage->SaveDraftAsync(UpdateOf(draft.id), [&](Result<void> saved) {
    ASSERT_TRUE(saved);
    storage->DeleteDraftAsync(draft.id, [&](Result<void> r) { deleted.set_value(std::move(r)); });
  });
  auto future = deleted.get_future();
  ASSERT_EQ(future.wait_for(std::chrono::seconds(10)), std::future_status::ready);
  EXPECT_TRUE(future.get());
  EXPECT_FALSE(Find(*storage, draft.id).has_value());
}

TEST_P(DraftsTest, AbsentVariantAndProductionFlagRoundTrip) {
  auto storage = Migrated();
  Draft draft = MakeDraft("0000000000000001");
  draft.variant_id = std::nullopt;
  draft.sandbox = false;
  draft.data_json = "{}";
  ASSERT_TRUE(storage->CreateDraft(draft));
  auto found = Find(*storage, draft.id);
  ASSERT_TRUE(found.has_value());
  ExpectSameDraft(*found, draft);
}

TEST_P(DraftsTest, DuplicateIdConflictsAndKeepsTheFirst) {
  auto storage = Migrated();
  ASSERT_TRUE(storage->CreateDraft(MakeDraft("0000000000000002")));
  Draft other = MakeDraft("0000000000000002");
  other.secret_hash = "other";
  auto again = storage->CreateDraft(other);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  EXPECT_EQ(Find(*storage, "0000000000000002")->secret_hash, MakeDraft("x").secret_hash);
}

TEST_P(DraftsTest, ExpiredDraftIsNotFoundAndCannotBeSaved) {
  auto storage = Migrated();
  ASSERT_TRUE(storage->CreateDraft(MakeDraft("0000000000000003", "2026-11-30T10:00:00Z")));
  EXPECT_TRUE(Find(*storage, "0000000000000003", "2026-11-30T09:59:59Z").has_value());
  EXPECT_FALSE(Find(*storage, "0000000000000003", "2026-11-30T10:00:00Z").has_value());  // at expires_at
  EXPECT_FALSE(Find(*storage, "0000000000000003", "2026-12-01T00:00:00Z").has_value());

  // A save after expiry does not revive the draft, synchronously or not.
  auto late = storage->SaveDraft(UpdateOf("0000000000000003", "2026-11-30T10:00:01Z"));
  ASSERT_FALSE(late);
  EXPECT_EQ(late.error().code, ErrorCode::kNotFound);
  auto late_async = SaveAndWait(*storage, UpdateOf("0000000000000003", "2026-11-30T10:00:01Z"));
  ASSERT_FALSE(late_async);
  EXPECT_EQ(late_async.error().code, ErrorCode::kNotFound);
  EXPECT_FALSE(Find(*storage, "0000000000000003", "2026-11-30T10:00:01Z").has_value());

  // In time, saving extends the draft's life.
  ASSERT_TRUE(storage->SaveDraft(UpdateOf("0000000000000003", "2026-11-30T09:59:00Z")));
  EXPECT_TRUE(Find(*storage, "0000000000000003", "2026-12-01T00:00:00Z").has_value());
}

TEST_P(DraftsTest, SavingAMissingDraftIsNotFound) {
  auto storage = Migrated();
  auto saved = storage->SaveDraft(UpdateOf("ZZZZZZZZZZZZZZZZ"));
  ASSERT_FALSE(saved);
  EXPECT_EQ(saved.error().code, ErrorCode::kNotFound);
  auto async = SaveAndWait(*storage, UpdateOf("ZZZZZZZZZZZZZZZZ"));
  ASSERT_FALSE(async);
  EXPECT_EQ(async.error().code, ErrorCode::kNotFound);
  EXPECT_FALSE(Find(*storage, "ZZZZZZZZZZZZZZZZ").has_value());  // a save never creates
}

TEST_P(DraftsTest, AsyncSaveCallsBackOnTheWriterAfterTheCommit) {
  auto storage = Migrated();
  auto other_instance = database_.Open().value();  // its own connections: sees only committed rows
  ASSERT_TRUE(storage->CreateDraft(MakeDraft("0000000000000004")));
  std::promise<std::pair<Result<void>, std::optional<Draft>>> seen;
  std::thread::id callback_thread;
  storage->SaveDraftAsync(UpdateOf("0000000000000004"), [&](Result<void> r) {
    callback_thread = std::this_thread::get_id();
    // Inside the callback the change is already visible to another instance: it is committed.
    auto found = other_instance->FindDraft("0000000000000004", kNow);
    seen.set_value({r, found ? *found : std::nullopt});
  });
  auto [outcome, found] = seen.get_future().get();
  ASSERT_TRUE(outcome) << outcome.error().message;
  EXPECT_NE(callback_thread, std::this_thread::get_id());
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->current_page, "hunde");
  EXPECT_EQ(found->data_json, UpdateOf("").data_json);

  storage->Close();
  std::optional<ErrorCode> closed;
  storage->SaveDraftAsync(UpdateOf("0000000000000004"),
                          [&](Result<void> r) { closed = r ? std::nullopt : std::optional(r.error().code); });
  EXPECT_EQ(closed, ErrorCode::kClosed);  // at once, on this thread
  EXPECT_EQ(storage->CreateDraft(MakeDraft("0000000000000005")).error().code, ErrorCode::kClosed);
}

// Not a benchmark, a record: how long SaveDraftAsync keeps the caller (an I/O thread) busy, and
// how long until the durable callback, one save at a time (each waits for its own commit).
TEST_P(DraftsTest, AsyncSaveReturnsBeforeTheCommit) {
  auto storage = Migrated();
  ASSERT_TRUE(storage->CreateDraft(MakeDraft("0000000000000006")));
  constexpr int kSaves = 50;
  std::chrono::nanoseconds enqueue{0}, durable{0};
  for (int i = 0; i < kSaves; ++i) {
    std::promise<Result<void>> done;
    auto future = done.get_future();
    auto start = std::chrono::steady_clock::now();
    storage->SaveDraftAsync(UpdateOf("0000000000000006"), [&done](Result<void> r) { done.set_value(r); });
    enqueue += std::chrono::steady_clock::now() - start;
    ASSERT_TRUE(future.get());
    durable += std::chrono::steady_clock::now() - start;
  }
  auto micros = [](std::chrono::nanoseconds total) { return total.count() / 1000.0 / kSaves; };
  std::printf(
      "[ measured ] %s SaveDraftAsync: returns after %.1f us, durable callback after %.1f us (mean of %d)\n",
      EngineName({GetParam(), 0}).c_str(), micros(enqueue), micros(durable), kSaves);
  EXPECT_LT(enqueue, durable);
}

TEST_P(DraftsTest, PurgeDeletesOnlyExpiredDraftsOncePerRunAcrossInstances) {
  auto a = Migrated();
  auto b = database_.Open().value();
  ASSERT_TRUE(a->CreateDraft(MakeDraft("0000000000000007", "2026-11-30T09:59:59Z")));  // expired
  ASSERT_TRUE(a->CreateDraft(MakeDraft("0000000000000008", "2026-11-30T10:00:00Z")));  // expires now: kept
  ASSERT_TRUE(a->CreateDraft(MakeDraft("0000000000000009", "2026-12-30T10:00:00Z")));

  // The sandbox purge's claim of this slot does not take the drafts purge's.
  ASSERT_TRUE(a->PurgeSandbox({"purge-sandbox", kNow, "2026-11-30T10:05:00Z", "a:1"}, "2026-01-01T00:00:00Z")
                  .value()
                  .has_value());

  std::atomic<int> runs{0}, errors{0};
  std::atomic<std::int64_t> purged{0};
  auto race = [&](Storage& storage, const char* instance) {
    for (int attempt = 0; attempt < 20; ++attempt) {
      auto outcome = storage.PurgeExpiredDrafts({"purge-drafts", kNow, "2026-11-30T10:05:00Z", instance});
      if (!outcome) {
        errors.fetch_add(1);
        ADD_FAILURE() << outcome.error().message;
      } else if (outcome->has_value()) {
        runs.fetch_add(1);
        purged.fetch_add(**outcome);
      }
    }
  };
  std::thread ta([&] { race(*a, "a:1"); });
  std::thread tb([&] { race(*b, "b:2"); });
  ta.join();
  tb.join();
  EXPECT_EQ(errors.load(), 0);
  EXPECT_EQ(runs.load(), 1);
  EXPECT_EQ(purged.load(), 1);

  // Rows, not just visibility: an earlier `now` would still see the kept ones, not the purged one.
  EXPECT_FALSE(Find(*a, "0000000000000007", "2026-01-01T00:00:00Z").has_value());
  EXPECT_TRUE(Find(*a, "0000000000000008", "2026-01-01T00:00:00Z").has_value());
  EXPECT_TRUE(Find(*a, "0000000000000009", "2026-01-01T00:00:00Z").has_value());

  // Due again at next_run_at; now the draft that expired at 10:00 goes too.
  auto next = a->PurgeExpiredDrafts({"purge-drafts", "2026-11-30T10:05:00Z", "2026-11-30T10:10:00Z", "a:1"});
  ASSERT_TRUE(next) << next.error().message;
  EXPECT_EQ(*next, std::optional<std::int64_t>(1));
  EXPECT_FALSE(Find(*a, "0000000000000008", "2026-01-01T00:00:00Z").has_value());
}

}  // namespace
}  // namespace amtsweg::storage
